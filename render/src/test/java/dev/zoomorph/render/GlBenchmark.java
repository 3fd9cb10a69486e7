package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.Arrays;
import java.util.Locale;

/**
 * Frame times for BENCHMARKS.md ("OpenGL rendering"): the shader CPPN against the TensorFlow CPPN at 512², 1080p
 * and 4K, the texture path upscaling a 64² frame to 1080p and 4K, and what a preset's post-processing adds to a
 * TensorFlow frame (the CPU lookup table against GlRenderer.display: upload, post pass, readback). Run with render/bench.sh [cppn|texture|post]
 * (all by default). Prints Markdown rows.
 */
public final class GlBenchmark {
  private static final CppnSpec SPEC = new CppnSpec(32, 32, 4, 3, 8f);
  private static final int[][] SIZES = {{512, 512}, {1920, 1080}, {3840, 2160}};

  private GlBenchmark() {}

  public static void main(String[] args) {
    String part = args.length > 0 ? args[0] : "all";
    CppnWeights weights = CppnWeights.random(SPEC, 1);
    Latent latent = Latent.gaussian(SPEC.latentSize(), 2);
    if (part.equals("all") || part.equals("cppn")) {
      cppn(weights, latent);
    }
    if (part.equals("all") || part.equals("texture")) {
      texture(weights, latent);
    }
    if (part.equals("all") || part.equals("post")) {
      post(latent);
    }
  }

  private static void cppn(CppnWeights weights, Latent latent) {
    try (GlRenderer gl = GlRenderer.cppn(weights, RenderOptions.HEADLESS);
        Generator tensorflow = new CppnGenerator(weights)) {
      System.out.println("renderer: " + gl.rendererDescription());
      System.out.println("| CPPN 4x32 RGB | shader ms | TensorFlow ms | shader / TensorFlow |");
      System.out.println("|---|---|---|---|");
      for (int[] size : SIZES) {
        View view = View.of(size[0], size[1]);
        int frames = size[0] >= 3840 ? 1 : 3;
        double shader = millis(gl, latent, view, frames);
        double tf = millis(tensorflow, latent, view, frames);
        System.out.printf(Locale.ROOT, "| %dx%d | %.0f | %.0f | %.1f |%n", size[0], size[1], shader, tf, shader / tf);
      }
    }
  }

  private static void texture(CppnWeights weights, Latent latent) {
    Frame source = new ReferenceCppnFrame(weights, latent).frame;
    System.out.println();
    System.out.println("| texture path 64x64 -> | bilinear ms (render + readback) | bicubic ms | bilinear ms, async |");
    System.out.println("|---|---|---|---|");
    for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
      View view = View.of(size[0], size[1]);
      double[] ms = new double[3];
      for (int f = 0; f < 2; f++) {
        Filter filter = f == 0 ? Filter.BILINEAR : Filter.BICUBIC;
        try (GlRenderer gl = GlRenderer.texture(new FixedFrame(source, SPEC.latentSize()), 64, 64,
            RenderOptions.HEADLESS.withFilter(filter))) {
          ms[f] = millis(gl, latent, view, 10);
          if (f == 0) {
            ms[2] = asyncMillis(gl, latent, view, 20);
          }
        }
      }
      System.out.printf(Locale.ROOT, "| %dx%d | %.1f | %.1f | %.1f |%n", size[0], size[1], ms[0], ms[1], ms[2]);
    }
  }

  /**
   * A grey 512² TensorFlow frame, then the same frame post-processed both ways forModel can do it: the CPU lookup
   * table (what non-GL generators get; also with the post-processing changing every frame, as under a turning knob)
   * and GlRenderer.display (upload, post pass, readback; what they got before).
   */
  private static void post(Latent latent) {
    CppnWeights grey = CppnWeights.random(new CppnSpec(32, 32, 4, 1, 8f), 1);
    View view = View.of(512, 512);
    Frame frame;
    double tf;
    try (Generator tensorflow = new CppnGenerator(grey)) {
      frame = tensorflow.render(latent, view);
      tf = millis(tensorflow, latent, view, 5);
    }
    PostProcessing[] posts = {PostProcessing.NONE.withPalette(Palette.FIRE),
        PostProcessing.NONE.withContrast(1.2f).withThreshold(0.45f, 0.08f).withPalette(Palette.FIRE)};
    String[] names = {"palette", "contrast + threshold + palette"};
    System.out.println();
    System.out.printf(Locale.ROOT, "grey TensorFlow CPPN 4x32 at 512x512: %.1f ms%n", tf);
    System.out.println("| post 512x512 (grey frame in, RGB out) | table ms | table ms, post changing every frame"
        + " | GL render + readback ms | GL async ms |");
    System.out.println("|---|---|---|---|---|");
    for (int i = 0; i < posts.length; i++) {
      PostProcessedGenerator table = RenderBackends.withPostProcessing(new FixedFrame(frame, SPEC.latentSize()));
      table.setPostProcessing(posts[i]);
      for (int warmUp = 0; warmUp < 200; warmUp++) { // let the JIT compile the table loops first
        table.render(latent, view);
      }
      double fixed = millis(table, latent, view, 100);
      double live = changingMillis(table, posts[i], latent, view, 100);
      try (GlRenderer gl = GlRenderer.display(new FixedFrame(frame, SPEC.latentSize()),
          RenderOptions.HEADLESS.withPost(posts[i]))) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.1f |%n", names[i], fixed, live,
            millis(gl, latent, view, 30), asyncMillis(gl, latent, view, 30));
      }
    }
  }

  /** Median milliseconds per frame after one warm-up frame. */
  private static double millis(Generator generator, Latent latent, View view, int frames) {
    generator.render(latent, view);
    double[] times = new double[frames];
    for (int i = 0; i < frames; i++) {
      long start = System.nanoTime();
      generator.render(latent, view);
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[frames / 2];
  }

  /** Like {@link #millis}, with the post-processing's gamma changed before every frame, so every frame builds a table. */
  private static double changingMillis(PostProcessedGenerator table, PostProcessing post, Latent latent, View view,
      int frames) {
    double[] times = new double[frames];
    for (int i = 0; i < frames; i++) {
      long start = System.nanoTime();
      table.setPostProcessing(post.withGamma(1 + (i % 2 + 1) * 0.01f));
      table.render(latent, view);
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[frames / 2];
  }

  /** Milliseconds per frame with pipelined readback: requests back to back, then a flush. */
  private static double asyncMillis(GlRenderer gl, Latent latent, View view, int frames) {
    int[] received = new int[1];
    gl.renderAsync(latent, view, frame -> received[0]++);
    gl.flush();
    long start = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      gl.renderAsync(latent, view, frame -> received[0]++);
      gl.pendingReadbacks(); // wait until the render thread took this request, so none is skipped
    }
    gl.flush();
    return (System.nanoTime() - start) / 1e6 / frames;
  }

  /** A 64² RGB frame made once by the CPU CPPN, standing in for a DCGAN's output. */
  private static final class ReferenceCppnFrame {
    final Frame frame;

    ReferenceCppnFrame(CppnWeights weights, Latent latent) {
      frame = new CppnGenerator(weights).render(latent, View.of(64, 64));
    }
  }
}
