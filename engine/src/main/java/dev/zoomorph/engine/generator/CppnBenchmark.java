package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Measures, in one run, TensorFlow's MatMul rate on this machine and the {@link CppnGenerator}'s frame times, so the
 * CPPN's speed can be read as a fraction of the GEMM ceiling (a ratio that survives a busy or different machine).
 *
 * <p>Policy: every measurement first renders (or multiplies) once and keeps warming up for at least 0.5 s, then
 * repeats until it has at least 3 runs and 2 s (at most 64 runs). Times are reported as the median (what a user sees)
 * and the best run, plus the process CPU time per run. Wall rates and ratios use the best runs; CPU-time ratios use
 * CPU seconds, which other processes on a shared machine disturb least. FLOPs count the multiply-adds of the matrix
 * products (2 per weight per pixel) plus the bias additions; activations are not counted. Linux only for the CPU
 * times and machine description (elsewhere they read NaN and "unknown").
 */
public final class CppnBenchmark {

  private static final int SQUARE = 2048;
  private static final int[][] FRAME_SIZES = {{512, 512}, {1920, 1080}, {3840, 2160}};
  private static final int[] LARGE_WIDTHS = {32, 128};
  private static final int[] SMALL_WIDTHS = {16, 24, 32};
  private static final int[] SMALL_DEPTHS = {3, 4};
  private static final int[] SMALL_SIDES = {256, 512};
  private static final int[] TILE_SIZES = {2048, 8192, 32768, 65536};
  private static final int[][] SCALING_SIZES = {{256, 256}, {512, 512}, {1024, 1024}, {1920, 1080}, {3840, 2160}};
  private static final int[] SCALING_WIDTHS = {16, 24, 32, 48, 64, 96, 128};
  /** The parts {@link #run} can be limited to, in the order they run. */
  public static final List<String> PARTS = List.of("ceiling", "tiles", "small", "scaling", "profile");

  private CppnBenchmark() {}

  /** Prints the report of the parts named (all without arguments) to standard output. */
  public static void main(String[] args) {
    run(System.out, args.length == 0 ? PARTS : List.of(args));
  }

  /**
   * Runs the measurements of {@code parts} (of {@link #PARTS}) and prints their tables, as Markdown, to {@code out};
   * all of them take several minutes.
   *
   * @throws IllegalArgumentException naming a part that is not one of {@link #PARTS}
   */
  public static void run(PrintStream out, List<String> parts) {
    for (String part : parts) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException("no benchmark part '" + part + "'; the parts are " + PARTS);
      }
    }
    int threads = Runtime.getRuntime().availableProcessors();
    out.printf("TensorFlow %s, Java %s, %d processors (%s), load average at start: %s%n%n",
        TensorFlow.version(), System.getProperty("java.version"), threads, cpuModel(), loadAverage());
    if (parts.contains("ceiling") || parts.contains("tiles")) {
      ceilingAndTiles(out, threads, parts.contains("ceiling"), parts.contains("tiles"));
    }
    if (parts.contains("small")) {
      small(out, threads);
    }
    if (parts.contains("scaling")) {
      scaling(out, threads);
    }
    if (parts.contains("profile")) {
      for (int width : new int[] {32, 128}) {
        profile(out, new CppnSpec(Latent.DEFAULT_SIZE, width, 4, 3, 8f), 512, 512, threads);
      }
    }
    out.printf("load average at end: %s%n", loadAverage());
  }

  private static void ceilingAndTiles(PrintStream out, int threads, boolean ceiling, boolean tiles) {
    out.println("| MatMul | median GFLOP/s | best GFLOP/s | GFLOP per CPU-second |");
    out.println("|---|---:|---:|---:|");
    for (int w : LARGE_WIDTHS) {
      printMatMul(out, CppnGenerator.defaultTilePixels(w), w, 16, threads,
          " (a CPPN hidden layer's tile, 16 in a row)");
    }
    double squareCpuRate = printMatMul(out, SQUARE, SQUARE, 1, threads, "");
    out.println();
    if (ceiling) {
      ceiling(out, threads, squareCpuRate);
    }
    if (tiles) {
      tiles(out, threads, squareCpuRate);
    }
  }

  private static void ceiling(PrintStream out, int threads, double squareCpuRate) {
    // Each CPPN row is paired with its own MatMul ceiling, measured just before: the hidden layers' GEMMs of the
    // same frame (same tile shape, as many tiles), so both sides of the ratio last about as long and see the same
    // load. The CPU-time ratio is the steadier one on a shared machine.
    out.println("| CPPN (depth 4, 3 channels) | frame | median ms | fps | best ms | best GFLOP/s "
        + "| its MatMul ceiling, best GFLOP/s | CPPN / ceiling, wall | CPPN / ceiling, CPU time "
        + "| CPPN / square MatMul, CPU time |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int width : LARGE_WIDTHS) {
      CppnSpec spec = new CppnSpec(Latent.DEFAULT_SIZE, width, 4, 3, 8f);
      for (int[] size : FRAME_SIZES) {
        printFrameVersusCeiling(out, spec, size[0], size[1], CppnGenerator.defaultTilePixels(width), threads,
            "width " + width, squareCpuRate);
      }
    }
    out.println();
  }

  private static void tiles(PrintStream out, int threads, double squareCpuRate) {
    CppnSpec wide = new CppnSpec(Latent.DEFAULT_SIZE, 128, 4, 3, 8f);
    out.println("| tile pixels (width 128, depth 4, 3 channels) | frame | median ms | fps | best ms | best GFLOP/s "
        + "| its MatMul ceiling, best GFLOP/s | CPPN / ceiling, wall | CPPN / ceiling, CPU time "
        + "| CPPN / square MatMul, CPU time |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int tile : TILE_SIZES) {
      String label = tile + (tile == CppnGenerator.defaultTilePixels(128) ? " (default)" : "");
      printFrameVersusCeiling(out, wide, 1024, 1024, tile, threads, label, squareCpuRate);
    }
    out.println();
  }

  private static void small(PrintStream out, int threads) {
    out.println("| small CPPN (width×depth, channels) | frame | median ms | fps | best ms |");
    out.println("|---|---|---:|---:|---:|");
    for (int side : SMALL_SIDES) {
      for (int width : SMALL_WIDTHS) {
        for (int depth : SMALL_DEPTHS) {
          for (int channels = 1; channels <= 3; channels += 2) {
            CppnSpec spec = new CppnSpec(Latent.DEFAULT_SIZE, width, depth, channels, 8f);
            Timing t = frameTiming(spec, side, side, CppnGenerator.defaultTilePixels(width), threads);
            out.printf("| %d×%d, %d | %d² | %.1f | %.1f | %.1f |%n", width, depth, channels, side,
                t.median() * 1e3, 1 / t.median(), t.best() * 1e3);
          }
        }
      }
    }
    out.println();
  }

  /**
   * How the frame time grows with the pixels (the default preset's net, 4×32 RGB) and with the width (4 layers, RGB,
   * 512²): linear in pixels, and once the GEMMs dominate, quadratic in width. CPU time per pixel is the steady
   * measure on a shared machine.
   */
  private static void scaling(PrintStream out, int threads) {
    out.println("| net (depth 4, 3 channels) | frame | pixels | median ms | best ms | CPU ms per frame "
        + "| CPU ns per pixel | GFLOP per CPU-second |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    CppnSpec preset = new CppnSpec(Latent.DEFAULT_SIZE, 32, 4, 3, 8f);
    for (int[] size : SCALING_SIZES) {
      printScaling(out, preset, size[0], size[1], threads);
    }
    for (int width : SCALING_WIDTHS) {
      printScaling(out, new CppnSpec(Latent.DEFAULT_SIZE, width, 4, 3, 8f), 512, 512, threads);
    }
    out.println();
  }

  private static void printScaling(PrintStream out, CppnSpec spec, int width, int height, int threads) {
    Timing t = frameTiming(spec, width, height, CppnGenerator.defaultTilePixels(spec.width()), threads);
    long pixels = (long) width * height;
    out.printf("| width %d | %d×%d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", spec.width(), width, height, pixels,
        t.median() * 1e3, t.best() * 1e3, t.cpu() * 1e3, t.cpu() * 1e9 / pixels,
        flopsPerPixel(spec) * pixels / 1e9 / t.cpu());
  }

  /**
   * Where a frame's time goes: TensorFlow's step statistics of five frames, summed per op over the tiles (after
   * warming up). An op's traced time is wall time, which waiting for a core inflates on a busy machine, so the table
   * gives each op's share of the traced time and that share of the frame's untraced CPU time.
   */
  private static void profile(PrintStream out, CppnSpec spec, int width, int height, int threads) {
    Latent latent = Latent.gaussian(spec.latentSize(), 1);
    View view = View.of(width, height);
    try (CppnGenerator generator = new CppnGenerator(CppnWeights.random(spec, 1),
        CppnGenerator.defaultTilePixels(spec.width()), threads)) {
      Timing frame = time(() -> generator.render(latent, view));
      Map<String, Long> micros = new TreeMap<>();
      for (int k = 0; k < 5; k++) {
        generator.profile(latent, view).forEach((op, us) -> micros.merge(op, us, Long::sum));
      }
      double total = micros.values().stream().mapToLong(Long::longValue).sum();
      out.printf("| op of the %d×%d CPPN at %d×%d (node: kernel) | share of op time | ≈ CPU ms per frame |%n",
          spec.width(), spec.depth(), width, height);
      out.println("|---|---:|---:|");
      micros.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .filter(e -> e.getValue() / total >= 0.005)
          .forEach(e -> out.printf("| %s | %.0f%% | %.1f |%n", e.getKey(), 100 * e.getValue() / total,
              frame.cpu() * 1e3 * e.getValue() / total));
      out.printf("| frame (untraced): CPU time; median wall time on %d threads | | %.1f; %.1f |%n%n", threads,
          frame.cpu() * 1e3, frame.median() * 1e3);
    }
  }

  /** Prints one MatMul row and returns its GFLOP per CPU-second. */
  private static double printMatMul(PrintStream out, int rows, int inner, int repeats, int threads, String note) {
    Timing t = matMulTiming(rows, inner, inner, repeats, threads);
    double gflop = 2.0 * rows * inner * inner * repeats / 1e9;
    out.printf("| [%d×%d]·[%d×%d]%s | %.1f | %.1f | %.1f |%n", rows, inner, inner, inner, note,
        gflop / t.median(), gflop / t.best(), gflop / t.cpu());
    return gflop / t.cpu();
  }

  private static void printFrameVersusCeiling(PrintStream out, CppnSpec spec, int width, int height, int tile,
      int threads, String label, double squareCpuRate) {
    int w = spec.width();
    int tiles = (int) Math.ceil((double) width * height / tile);
    Timing ceiling = matMulTiming(tile, w, w, tiles * (spec.depth() - 1), threads);
    double ceilingGflop = 2.0 * tile * w * w * tiles * (spec.depth() - 1) / 1e9;
    Timing frame = frameTiming(spec, width, height, tile, threads);
    double gflop = flopsPerPixel(spec) * width * height / 1e9;
    out.printf("| %s | %d×%d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% | %.0f%% | %.0f%% |%n", label, width, height,
        frame.median() * 1e3, 1 / frame.median(), frame.best() * 1e3, gflop / frame.best(),
        ceilingGflop / ceiling.best(), 100 * (gflop / frame.best()) / (ceilingGflop / ceiling.best()),
        100 * (gflop / frame.cpu()) / (ceilingGflop / ceiling.cpu()), 100 * (gflop / frame.cpu()) / squareCpuRate);
  }

  /** Multiply-adds (2 FLOPs each) and bias additions of one pixel of this CPPN. */
  static double flopsPerPixel(CppnSpec spec) {
    double w = spec.width();
    double c = spec.channels();
    return (2 * 3 * w + w) + (spec.depth() - 1) * (2 * w * w + w) + (2 * w * c + c);
  }

  /** Frame times of a seeded random CPPN rendering a frame of this size. */
  static Timing frameTiming(CppnSpec spec, int width, int height, int tilePixels, int threads) {
    Latent latent = Latent.gaussian(spec.latentSize(), 1);
    View view = View.of(width, height);
    try (CppnGenerator generator = new CppnGenerator(CppnWeights.random(spec, 1), tilePixels, threads)) {
      return time(() -> generator.render(latent, view));
    }
  }

  /**
   * Times of {@code repeats} TensorFlow MatMuls [rows×inner]·[inner×columns] in a row, the left side fed, the right
   * side a constant.
   */
  static Timing matMulTiming(int rows, int inner, int columns, int repeats, int threads) {
    SplittableRandom random = new SplittableRandom(1);
    float[] left = randomValues(random, rows * inner);
    float[] right = randomValues(random, inner * columns);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inner)));
      MatMul<TFloat32> product = tf.linalg.matMul(input,
          tf.constant(Shape.of(inner, columns), DataBuffers.of(right, true, false)));
      ConfigProto config = ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(threads)
          .setInterOpParallelismThreads(1)
          .build();
      try (Session session = new Session(graph, config);
          TFloat32 leftTensor = TFloat32.tensorOf(Shape.of(rows, inner), DataBuffers.of(left, true, false))) {
        return time(() -> {
          for (int k = 0; k < repeats; k++) {
            session.runner().feed(input, leftTensor).addTarget(product).run().close();
          }
        });
      }
    }
  }

  /**
   * Median and fastest wall time of the timed runs, and the process CPU time per run (all threads, from
   * /proc/self/stat; NaN where unavailable), in seconds. CPU time is what the work cost whatever else was running.
   */
  record Timing(double median, double best, double cpu) {}

  static Timing time(Runnable action) {
    long warmUpStart = System.nanoTime();
    do {
      action.run();
    } while (System.nanoTime() - warmUpStart < 500_000_000L);
    double[] times = new double[64];
    int count = 0;
    double cpuStart = processCpuSeconds();
    long start = System.nanoTime();
    while (count < 3 || (System.nanoTime() - start < 2_000_000_000L && count < times.length)) {
      long t0 = System.nanoTime();
      action.run();
      times[count++] = (System.nanoTime() - t0) / 1e9;
    }
    double cpu = (processCpuSeconds() - cpuStart) / count;
    double[] sorted = Arrays.copyOf(times, count);
    Arrays.sort(sorted);
    return new Timing(sorted[count / 2], sorted[0], cpu);
  }

  // User plus system time of every thread of this process, TensorFlow's native ones included, which the JDK's
  // management beans do not offer; Linux reports it in clock ticks of 1/100 s.
  private static double processCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static float[] randomValues(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }

  private static String cpuModel() {
    return firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
  }

  private static String loadAverage() {
    return firstLine(Path.of("/proc/loadavg"), "");
  }

  // /proc is Linux-only; elsewhere the report just says "unknown".
  private static String firstLine(Path file, String prefix) {
    try (var lines = Files.lines(file)) {
      return lines.filter(line -> line.startsWith(prefix)).findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
