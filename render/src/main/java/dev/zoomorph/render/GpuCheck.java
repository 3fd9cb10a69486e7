package dev.zoomorph.render;

import static org.lwjgl.opengl.GL30C.GL_EXTENSIONS;
import static org.lwjgl.opengl.GL30C.GL_NUM_EXTENSIONS;
import static org.lwjgl.opengl.GL30C.glFinish;
import static org.lwjgl.opengl.GL30C.glGetInteger;
import static org.lwjgl.opengl.GL30C.glGetStringi;
import static org.lwjgl.opengl.GL31C.GL_MAX_UNIFORM_BLOCK_SIZE;
import static org.lwjgl.opengl.GL32C.glGetInteger64;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU check that {@code scripts/gpu-check.sh} bundles: what the GL path does on the machine it runs on, as one
 * Markdown table. It needs no TensorFlow, no oneDNN and no network, so it can travel to a machine that has a GPU and
 * nothing else: the CPU reference frames it compares against are written here beforehand ({@code references DIR},
 * by the CPU backend) and carried along.
 *
 * <pre>
 *   GpuCheck references DIR                        write the CPU (oneDNN) reference frames into DIR
 *   GpuCheck run DIR [--any-gl] [--sizes WxH,...]  the check against DIR's references; prints the table
 * </pre>
 *
 * Without {@code --any-gl} it refuses, with exit status 3, to run on anything but an NVIDIA renderer, so that a
 * table of software-renderer numbers is never mistaken for a GPU's. Exit status 1 when a frame disagrees with its
 * reference or a shader does not build there.
 */
public final class GpuCheck {

  /** A net the check draws: the default preset's and Ha's. Both are seeded random weights, made the same anywhere. */
  private record Net(String label, CppnSpec spec, long seed, String goal1080, String goal4k) {
    CppnWeights weights() {
      return CppnWeights.random(spec, seed);
    }

    String file() {
      return "cppn-" + spec.width() + "x" + spec.depth() + "-" + spec.channels() + ".raw";
    }
  }

  private static final List<Net> NETS = List.of(
      new Net("4×32 RGB (default preset)", new CppnSpec(32, 32, 4, 3, 8f), 20161, "", "≥ 500 fps"),
      new Net("4×128 grey (Ha)", CppnSpec.HA, 1, "≥ 120 fps", "≥ 30 fps (120 needs tensor cores)"));
  /** The reference frames' latent and view: off-centre, zoomed and rotated, so every term of the formula counts. */
  private static final Latent LATENT = Latent.gaussian(32, 7);
  private static final View REFERENCE_VIEW = new View(128, 128, 0.1, -0.05, 1.3, 15);
  private static final int[][] DEFAULT_SIZES = {{1920, 1080}, {3840, 2160}};
  /** The texture path's source: a fixed-size picture (a DCGAN's, on the GL backend) of this side. */
  private static final int TEXTURE_SIDE = 64;
  /** A frame agrees with its reference when the mean difference is at most this, in 8-bit steps. */
  private static final double MAX_MEAN_DIFFERENCE = 1.0;
  private static final long MEASURE_NANOS = 1_000_000_000L;

  private GpuCheck() {}

  public static void main(String[] args) {
    if (args.length >= 2 && args[0].equals("references")) {
      writeReferences(Path.of(args[1]));
      return;
    }
    if (args.length >= 2 && args[0].equals("run")) {
      boolean anyGl = false;
      int[][] sizes = DEFAULT_SIZES;
      for (int i = 2; i < args.length; i++) {
        if (args[i].equals("--any-gl")) {
          anyGl = true;
        } else if (args[i].equals("--sizes") && i + 1 < args.length) {
          sizes = parseSizes(args[++i]);
        } else {
          usage("unknown option " + args[i]);
        }
      }
      System.exit(run(Path.of(args[1]), anyGl, sizes, System.out));
    }
    usage("expected 'references DIR' or 'run DIR [--any-gl] [--sizes WxH,...]'");
  }

  private static void usage(String problem) {
    System.err.println("GpuCheck: " + problem);
    System.exit(2);
  }

  private static int[][] parseSizes(String list) {
    String[] parts = list.split(",");
    int[][] sizes = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      String[] wh = parts[i].split("x");
      if (wh.length != 2) {
        usage("--sizes wants WxH[,WxH...], got " + list);
      }
      sizes[i] = new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }
    return sizes;
  }

  /** Renders each net's reference frame on the CPU (the production CPU path) into {@code dir}. */
  static void writeReferences(Path dir) {
    try {
      Files.createDirectories(dir);
      for (Net net : NETS) {
        try (CppnGenerator cpu = new CppnGenerator(net.weights())) {
          Files.write(dir.resolve(net.file()), cpu.render(LATENT, REFERENCE_VIEW).pixels());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reference frames into " + dir, e);
    }
  }

  /** Runs the check and prints the table; returns the exit status. */
  static int run(Path references, boolean anyGl, int[][] sizes, PrintStream out) {
    GlDevice device;
    try {
      device = GlDevice.acquire();
    } catch (GlUnavailableException e) {
      out.println("gpu-check: no OpenGL context: " + e.getMessage());
      return 3;
    }
    try {
      String renderer = device.description();
      if (!anyGl && !renderer.toUpperCase(Locale.ROOT).contains("NVIDIA")) {
        out.println("gpu-check: the OpenGL renderer is not an NVIDIA GPU (" + renderer + "); nothing to measure."
            + " Pass --any-gl to run on it anyway.");
        return 3;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"renderer (EGL display, context)", renderer, "an NVIDIA GPU through EGL's device platform"});
      boolean[] agreed = {true};
      CppnPass.Shader production = device.call(CppnPass.Shader::forCurrentContext);
      for (Net net : NETS) {
        for (CppnPass.Shader shader : CppnPass.Shader.values()) {
          if (shader == CppnPass.Shader.COMPUTE_STORAGE_BUFFER && net != NETS.get(0)) {
            continue; // only the default preset's net fits a uniform block; Ha's is in a storage buffer either way
          }
          String name = "CPPN " + shader.label() + " " + net.label();
          GlGenerator gl;
          try {
            gl = GlGenerator.cppn(net.weights(), PostProcessing.NONE, shader);
          } catch (ShaderBuildException e) {
            // A driver that rejects a shader (its compiler stricter than Mesa's and glslang's) is a finding:
            // the table goes on with the other rows and the check exits with status 1.
            agreed[0] = false;
            rows.add(new String[] {name, "**does not build**: " + e.getMessage().replace('\n', ' '), ""});
            continue;
          }
          try (gl) {
            for (int[] size : sizes) {
              View view = View.of(size[0], size[1]);
              double fps = shaderFps(gl, view);
              String goal = size[0] == 1920 && size[1] == 1080 ? net.goal1080()
                  : size[0] == 3840 && size[1] == 2160 ? net.goal4k() : "";
              // The frame read back (what a live show sends on) only for the shader the GL backend uses here.
              String result = shader == production
                  ? String.format(Locale.ROOT, "%.1f fps (%.1f fps read back into a frame)", fps,
                      framesPerSecond(() -> gl.render(LATENT, view)))
                  : String.format(Locale.ROOT, "%.1f fps", fps);
              rows.add(new String[] {name + ", " + size[0] + "x" + size[1], result,
                  shader == production ? goal : "(not the GL backend's shader here)"});
            }
            rows.add(agreement(gl, name, net, references, agreed));
          }
        }
      }
      int[] largest = sizes[sizes.length - 1];
      rows.add(texturePath(largest[0], largest[1]));
      rows.add(new String[] {"GL_MAX_UNIFORM_BLOCK_SIZE (the compute shader's weights go in a uniform block up to"
          + " this, else in a storage buffer)", device.call(() -> glGetInteger64(GL_MAX_UNIFORM_BLOCK_SIZE)) + " bytes",
          "reported (4×32 needs 17,408; 4×128 needs 266,240)"});
      rows.add(new String[] {"GL_NV_cooperative_matrix (tensor cores from GLSL)",
          device.call(() -> hasExtension("GL_NV_cooperative_matrix")) ? "present" : "absent",
          "reported (a compute-shader path would need it)"});
      rows.add(new String[] {"backend `auto` picks",
          RenderBackends.usesGl(Backend.AUTO) ? "gl" : "cpu", "gl on a GPU"});
      out.println("| check | result | goal |");
      out.println("|---|---|---|");
      for (String[] row : rows) {
        out.println("| " + String.join(" | ", row) + " |");
      }
      return agreed[0] ? 0 : 1;
    } finally {
      device.release();
    }
  }

  /** Frames per second of the shader alone: drawn and finished on the GPU, not read back. */
  private static double shaderFps(GlGenerator gl, View view) {
    GlDevice device = gl.device();
    return framesPerSecond(() -> device.run(() -> {
      gl.draw(LATENT, view);
      glFinish();
    }));
  }

  /** Runs {@code frame} once to warm up (shader paths compiled, targets sized), then for a second or 1000 frames. */
  private static double framesPerSecond(Runnable frame) {
    frame.run();
    int frames = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      frame.run();
      frames++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < MEASURE_NANOS && frames < 1000);
    return frames * 1e9 / elapsed;
  }

  private static String[] agreement(GlGenerator gl, String name, Net net, Path references, boolean[] agreed) {
    byte[] reference;
    try {
      reference = Files.readAllBytes(references.resolve(net.file()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the reference frame " + references.resolve(net.file()), e);
    }
    byte[] drawn = gl.render(LATENT, REFERENCE_VIEW).pixels();
    if (drawn.length != reference.length) {
      agreed[0] = false;
      return new String[] {"agreement with the CPU reference, " + name,
          "**different sizes**: " + drawn.length + " bytes drawn, " + reference.length + " in the reference", ""};
    }
    long sum = 0;
    int max = 0;
    for (int i = 0; i < drawn.length; i++) {
      int d = Math.abs((drawn[i] & 0xff) - (reference[i] & 0xff));
      sum += d;
      max = Math.max(max, d);
    }
    double mean = (double) sum / drawn.length;
    boolean ok = mean <= MAX_MEAN_DIFFERENCE;
    agreed[0] &= ok;
    return new String[] {"agreement with the CPU reference, " + name + ", " + REFERENCE_VIEW.width() + "x"
        + REFERENCE_VIEW.height(), String.format(Locale.ROOT, "%s: mean %.3f/255, max %d/255", ok ? "ok" : "**FAILS**",
        mean, max), "mean ≤ 1/255"};
  }

  /**
   * A fixed-size picture (what a DCGAN makes) shown at {@code width × height} on the GL backend: uploaded,
   * resampled and post-processed on the GPU and read back, as {@link RenderBackends#forModel} does for a DCGAN.
   */
  private static String[] texturePath(int width, int height) {
    Frame picture;
    try (GlGenerator cppn = GlGenerator.cppn(NETS.get(0).weights(), PostProcessing.NONE)) {
      picture = cppn.render(LATENT, View.of(TEXTURE_SIDE, TEXTURE_SIDE));
    }
    try (GlGenerator resampling = GlGenerator.resampling(new FixedPicture(picture), TEXTURE_SIDE, TEXTURE_SIDE,
        PostProcessing.NONE)) {
      View view = View.of(width, height);
      double ms = 1000 / framesPerSecond(() -> resampling.render(LATENT, view));
      return new String[] {"texture path: " + TEXTURE_SIDE + "² picture → " + width + "x" + height
          + " (upload, resample pass, post pass, readback)",
          String.format(Locale.ROOT, "%.1f ms per frame (%.1f fps)", ms, 1000 / ms), ""};
    }
  }

  private static boolean hasExtension(String name) {
    int count = glGetInteger(GL_NUM_EXTENSIONS);
    for (int i = 0; i < count; i++) {
      if (name.equals(glGetStringi(GL_EXTENSIONS, i))) {
        return true;
      }
    }
    return false;
  }

  /** The same picture for every latent and view: stands in for a DCGAN, whose TensorFlow cannot travel. */
  private record FixedPicture(Frame picture) implements Generator {
    @Override
    public int latentSize() {
      return LATENT.size();
    }

    @Override
    public int channels() {
      return picture.channels();
    }

    @Override
    public Frame render(Latent latent, View view) {
      return picture;
    }

    @Override
    public void close() {}
  }
}
