package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.GL_RGBA8;
import static org.lwjgl.opengl.GL33C.glFinish;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Frame times for BENCHMARKS.md ("OpenGL rendering"): the shader CPPN against the CPU CPPN at 512², 1080p
 * and 4K; what a preset's post-processing adds to a TensorFlow frame (the CPU lookup table against the GL upload
 * path); and (needs a display, e.g. xvfb-run) how a GL frame reaches the window, read back and uploaded against
 * copied on the GPU, with the crossfade's cost on the GPU against the CPU mix; and a DCGAN's 64² picture shown at
 * 512², 1080p and 4K, resampled on the GPU against resampled on the CPU and uploaded. Run with render/bench.sh
 * [cppn|post|present|resample] (all by default). Prints Markdown rows. {@code render/bench.sh denoise [DENOISER [VAE_DCGAN]]}
 * (not in "all") times the denoiser pass: what it adds to a 512² frame on each backend, off and on interleaved.
 */
public final class GlBenchmark {
  private static final CppnSpec SPEC = new CppnSpec(32, 32, 4, 3, 8f);
  private static final int[][] SIZES = {{512, 512}, {1920, 1080}, {3840, 2160}};

  private GlBenchmark() {}

  public static void main(String[] args) {
    String part = args.length > 0 ? args[0] : "all";
    CppnWeights weights = CppnWeights.random(SPEC, 1);
    Latent latent = Latent.gaussian(SPEC.latentSize(), 2);
    if (part.equals("all") || part.equals("present")) {
      present(weights, latent); // first: the window must open before anything else opens the GL device
    }
    if (part.equals("all") || part.equals("cppn")) {
      cppn(weights, latent);
    }
    if (part.equals("all") || part.equals("post")) {
      post(latent);
    }
    if (part.equals("all") || part.equals("resample")) {
      resample(weights, latent);
    }
    if (part.equals("denoise")) {
      denoise(args.length > 1 ? args[1] : "presets/models/fashion-denoiser.safetensors",
          args.length > 2 ? args[2] : "presets/models/fashion-vae-dcgan.safetensors");
    }
    System.exit(0);
  }

  private static void cppn(CppnWeights weights, Latent latent) {
    try (GlGenerator gl = GlGenerator.cppn(weights, PostProcessing.NONE);
        Generator cpu = new CppnGenerator(weights)) {
      System.out.println("renderer: " + gl.device().description());
      System.out.println("| CPPN 4x32 RGB | shader ms | TensorFlow ms | shader / TensorFlow |");
      System.out.println("|---|---|---|---|");
      for (int[] size : SIZES) {
        View view = View.of(size[0], size[1]);
        int frames = size[0] >= 3840 ? 1 : 3;
        double shader = millis(gl, latent, view, frames);
        double tf = millis(cpu, latent, view, frames);
        System.out.printf(Locale.ROOT, "| %dx%d | %.0f | %.0f | %.1f |%n", size[0], size[1], shader, tf, shader / tf);
      }
    }
  }

  /**
   * A grey 512² TensorFlow frame, then the same frame post-processed both ways forModel can do it: the CPU lookup
   * table (the TensorFlow backend; also with the post-processing changing every frame, as under a turning knob) and
   * the GL path a DCGAN takes (upload, resample pass at the native size, post pass, readback).
   */
  private static void post(Latent latent) {
    CppnWeights grey = CppnWeights.random(new CppnSpec(32, 32, 4, 1, 8f), 1);
    View view = View.of(512, 512);
    Frame frame;
    double tf;
    try (Generator cpu = new CppnGenerator(grey)) {
      frame = cpu.render(latent, view);
      tf = millis(cpu, latent, view, 5);
    }
    PostProcessing[] posts = {PostProcessing.NONE.withPalette(Palette.FIRE),
        PostProcessing.NONE.withContrast(1.2f).withThreshold(0.45f, 0.08f).withPalette(Palette.FIRE)};
    String[] names = {"palette", "contrast + threshold + palette"};
    System.out.println();
    System.out.printf(Locale.ROOT, "grey CPU CPPN 4x32 at 512x512: %.1f ms%n", tf);
    System.out.println("| post 512x512 (grey frame in, RGB out) | table ms | table ms, post changing every frame"
        + " | GL upload + post + readback ms |");
    System.out.println("|---|---|---|---|");
    for (int i = 0; i < posts.length; i++) {
      PostProcessedGenerator table = RenderBackends.withPostProcessing(new FixedFrame(frame, SPEC.latentSize()));
      table.setPostProcessing(posts[i]);
      for (int warmUp = 0; warmUp < 200; warmUp++) { // let the JIT compile the table loops first
        table.render(latent, view);
      }
      double fixed = millis(table, latent, view, 100);
      double live = changingMillis(table, posts[i], latent, view, 100);
      try (GlGenerator gl = GlGenerator.resampling(new FixedFrame(frame, SPEC.latentSize()), view.width(),
          view.height(), posts[i])) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1f |%n", names[i], fixed, live,
            millis(gl, latent, view, 30));
      }
    }
  }

  /**
   * A 512² RGB picture on the GL device (a CPPN frame) reaching the window: read back and uploaded (how every frame
   * reached the window before), against copied on the GPU into the window's slot (how a GL frame reaches it now).
   * Each timed from the picture drawn to the window's back buffer drawn, GPU finished, without the swap. Then the
   * crossfade of two 512² pictures: crossfade.frag (GPU finished) against the CPU mix.
   */
  private static void present(CppnWeights weights, Latent latent) {
    WindowOutput window;
    try {
      window = WindowOutput.open(new WindowOptions("zoomorph benchmark", 512, 512, 0, false));
    } catch (GlUnavailableException e) {
      System.out.println("present: skipped, no window (" + e.getMessage() + "); run under xvfb-run");
      return;
    }
    GlDevice device = window.device();
    if (device == null) {
      System.out.println("present: skipped, the window does not share the GL device");
      window.close();
      return;
    }
    device.retain();
    Frame cpuPicture = new CppnGenerator(weights).render(latent, View.of(512, 512));
    Frame otherPicture = new CppnGenerator(weights).render(Latent.gaussian(SPEC.latentSize(), 3), View.of(512, 512));
    Target picture = device.call(() -> {
      Target t = new Target(device.objects(), 512, 512, GL_RGBA8);
      GlGenerator.upload(device.objects(), cpuPicture, t.texture);
      return t;
    });
    Target other = device.call(() -> {
      Target t = new Target(device.objects(), 512, 512, GL_RGBA8);
      GlGenerator.upload(device.objects(), otherPicture, t.texture);
      return t;
    });
    Target mixed = device.call(() -> new Target(device.objects(), 512, 512, GL_RGBA8));
    CrossfadePass crossfade = device.call(() -> new CrossfadePass(device.objects()));
    System.out.println();
    System.out.println("window: " + window.description());
    System.out.println("GL device: " + device.description());
    double before = median(200, () -> {
      long start = System.nanoTime();
      Frame frame = device.call(() -> Readback.read(device.objects(), picture, 3));
      window.show(frame);
      window.drawNewestAndFinish();
      return (System.nanoTime() - start) / 1e6;
    });
    double after = median(200, () -> {
      long start = System.nanoTime();
      device.run(() -> {
        window.publish(picture);
        glFinish();
      });
      window.drawNewestAndFinish();
      return (System.nanoTime() - start) / 1e6;
    });
    // What the render loop itself pays per frame: it reads every frame back for the broadcast either way; the window
    // used to upload on its own thread, and now the render loop adds the GPU copy.
    double loopBefore = median(200, () -> {
      long start = System.nanoTime();
      Frame frame = device.call(() -> Readback.read(device.objects(), picture, 3));
      window.show(frame);
      return (System.nanoTime() - start) / 1e6;
    });
    double loopAfter = median(200, () -> {
      long start = System.nanoTime();
      device.call(() -> {
        window.publish(picture);
        return Readback.read(device.objects(), picture, 3);
      });
      return (System.nanoTime() - start) / 1e6;
    });
    double gpuMix = median(200, () -> {
      long start = System.nanoTime();
      device.run(() -> {
        device.bindVertexArray();
        crossfade.draw(picture, other, 0.4, mixed);
        glFinish();
      });
      return (System.nanoTime() - start) / 1e6;
    });
    for (int warmUp = 0; warmUp < 30; warmUp++) {
      FrameMix.mix(cpuPicture, otherPicture, 0.4);
    }
    double cpuMix = median(200, () -> {
      long start = System.nanoTime();
      FrameMix.mix(cpuPicture, otherPicture, 0.4);
      return (System.nanoTime() - start) / 1e6;
    });
    System.out.println("| 512x512 RGB | before ms | after ms | before / after |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| GPU picture -> window back buffer (before: readback + upload; after: GPU copy)"
        + " | %.2f | %.2f | %.1f |%n", before, after, before / after);
    System.out.printf(Locale.ROOT, "| render loop's share (before: readback; after: GPU copy + readback)"
        + " | %.2f | %.2f | %.1f |%n", loopBefore, loopAfter, loopBefore / loopAfter);
    System.out.printf(Locale.ROOT, "| crossfade of two pictures (before: CPU mix; after: crossfade.frag)"
        + " | %.2f | %.2f | %.1f |%n", cpuMix, gpuMix, cpuMix / gpuMix);
    device.run(() -> {
      crossfade.delete();
      mixed.delete();
      other.delete();
      picture.delete();
    });
    device.release();
    window.close();
  }

  /**
   * The denoiser pass ({@code post.denoise}) per 512² frame: the denoiser alone on a grey and an RGB frame, and what it
   * adds to a CPPN frame on the CPU and the GL backend and to a VAE-DCGAN frame (denoised at its native side),
   * each measured as frames with it off and on, alternating frame by frame, medians of 15 pairs.
   */
  private static void denoise(String denoiserFile, String dcganFile) {
    View view = View.of(512, 512);
    CppnWeights grey = CppnWeights.random(new CppnSpec(32, 32, 4, 1, 8f), 1);
    CppnWeights colour = CppnWeights.random(SPEC, 1);
    Latent latent = Latent.gaussian(32, 2);
    try (Denoisers denoisers = new Denoisers()) {
      PostProcessing on = PostProcessing.of(
          new dev.zoomorph.engine.preset.PostSpec(1, 1, null, 0, null, denoiserFile, 1), denoisers);
      var denoiser = denoisers.get(denoiserFile);
      System.out.println("| denoiser pass, 512x512 | without ms | with ms | the pass ms |");
      System.out.println("|---|---|---|---|");
      for (CppnWeights weights : new CppnWeights[] {grey, colour}) {
        Frame frame;
        try (Generator tf = new CppnGenerator(weights)) {
          frame = tf.render(latent, view);
        }
        double alone = median(15, () -> {
          long start = System.nanoTime();
          denoiser.denoise(frame);
          return (System.nanoTime() - start) / 1e6;
        });
        System.out.printf(Locale.ROOT, "| denoiser alone, %s frame | – | – | %.1f |%n", frame.channels() == 1 ? "grey"
            : denoiser.channels() == 1 ? "RGB (3 grey planes)" : "RGB", alone);
      }
      String[] names = {"CPPN 4x32 grey, CPU backend", "CPPN 4x32 grey, GL backend (read back, denoised, "
          + "uploaded)", "VAE-DCGAN " + java.nio.file.Path.of(dcganFile).getFileName() + ", TensorFlow backend "
          + "(denoised at its native side, then resampled)"};
      for (int i = 0; i < names.length; i++) {
        try (PostProcessedGenerator generator = i == 0 ? RenderBackends.cppn(Backend.CPU, grey,
            RenderOptions.HEADLESS) : i == 1 ? RenderBackends.cppn(Backend.GL, grey, RenderOptions.HEADLESS)
            : RenderBackends.forModel(dev.zoomorph.engine.preset.ModelSpec.Trained.of(dcganFile), Backend.CPU,
                RenderOptions.HEADLESS)) {
          double[] pairs = pairedMillis(generator, PostProcessing.NONE, on, latent, view, 15);
          System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", names[i], pairs[0], pairs[1],
              pairs[1] - pairs[0]);
        }
      }
    }
  }

  /** Medians of frames rendered with post-processing {@code a} and {@code b}, alternating, after a warm-up of each. */
  private static double[] pairedMillis(PostProcessedGenerator generator, PostProcessing a, PostProcessing b,
      Latent latent, View view, int pairs) {
    double[][] times = new double[2][pairs];
    for (int i = -1; i < pairs; i++) {
      for (int k = 0; k < 2; k++) {
        generator.setPostProcessing(k == 0 ? a : b);
        long start = System.nanoTime();
        generator.render(latent, view);
        if (i >= 0) {
          times[k][i] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    Arrays.sort(times[0]);
    Arrays.sort(times[1]);
    return new double[] {times[0][pairs / 2], times[1][pairs / 2]};
  }

  /**
   * A 64² picture (what a DCGAN makes) shown at each size, read back: resampled on the GPU from the 64² upload
   * (the GL backend since issue 17) against resampled on the CPU by {@link ResampledGenerator} and the view-sized
   * frame uploaded (what it did before); the two alternate, five rounds, each round's median per frame.
   */
  private static void resample(CppnWeights weights, Latent latent) {
    Frame picture;
    try (Generator cpu = new CppnGenerator(weights)) {
      picture = cpu.render(latent, View.of(64, 64));
    }
    ResampledGenerator onCpu = new ResampledGenerator(new FixedFrame(picture, SPEC.latentSize()), 64, 64);
    System.out.println();
    System.out.println("| 64² picture shown at, read back | CPU resample + upload ms | GPU resample ms | ratio |");
    System.out.println("|---|---|---|---|");
    for (int[] size : SIZES) {
      View view = View.of(size[0], size[1]);
      int frames = size[0] > 2000 ? 4 : 10;
      Frame[] resampled = {onCpu.render(latent, view)};
      Generator latest = new Generator() { // hands on the frame the CPU just resampled
        @Override
        public int latentSize() {
          return SPEC.latentSize();
        }

        @Override
        public int channels() {
          return 3;
        }

        @Override
        public Frame render(Latent ignored, View v) {
          return resampled[0];
        }

        @Override
        public void close() {}
      };
      try (GlGenerator uploaded = GlGenerator.resampling(latest, size[0], size[1], PostProcessing.NONE);
          GlGenerator onGpu = GlGenerator.resampling(new FixedFrame(picture, SPEC.latentSize()), 64, 64,
              PostProcessing.NONE)) {
        double[] before = new double[5];
        double[] after = new double[5];
        for (int round = 0; round < 5; round++) {
          before[round] = median(frames, () -> {
            long start = System.nanoTime();
            resampled[0] = onCpu.render(latent, view);
            uploaded.render(latent, view);
            return (System.nanoTime() - start) / 1e6;
          });
          after[round] = millis(onGpu, latent, view, frames);
        }
        Arrays.sort(before);
        Arrays.sort(after);
        System.out.printf(Locale.ROOT, "| %dx%d | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.1f |%n", size[0], size[1],
            before[2], before[0], before[4], after[2], after[0], after[4], before[2] / after[2]);
      }
    }
  }

  private static double median(int runs, DoubleSupplier run) {
    run.getAsDouble(); // warm-up
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      times[i] = run.getAsDouble();
    }
    Arrays.sort(times);
    return times[runs / 2];
  }

  /** Median milliseconds per frame after one warm-up frame. */
  private static double millis(Generator generator, Latent latent, View view, int frames) {
    return median(frames, () -> {
      long start = System.nanoTime();
      generator.render(latent, view);
      return (System.nanoTime() - start) / 1e6;
    });
  }

  /** Like {@link #millis}, with the post-processing's gamma changed before every frame, so every frame builds a table. */
  private static double changingMillis(PostProcessedGenerator table, PostProcessing post, Latent latent, View view,
      int frames) {
    int[] i = {0};
    return median(frames, () -> {
      long start = System.nanoTime();
      table.setPostProcessing(post.withGamma(1 + (i[0]++ % 2 + 1) * 0.01f));
      table.render(latent, view);
      return (System.nanoTime() - start) / 1e6;
    });
  }
}
