package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.dnnl.global.dnnl;

/**
 * Measures, in one run, oneDNN's MatMul rate on this machine and the {@link CppnGenerator}'s frame times, so the
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
  private static final int[] TILE_SIZES = {2048, 4096, 8192, 32768, 65536};
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
    out.printf("oneDNN %s, Java %s, %d processors (%s); tiles rendered on %d threads (OMP_NUM_THREADS=%s); load "
        + "average at start: %s%n%n", oneDnnVersion(), System.getProperty("java.version"), threads, cpuModel(),
        CppnGenerator.renderThreads(), System.getenv("OMP_NUM_THREADS"), loadAverage());
    if (parts.contains("ceiling") || parts.contains("tiles")) {
      ceilingAndTiles(out, parts.contains("ceiling"), parts.contains("tiles"));
    }
    if (parts.contains("small")) {
      small(out);
    }
    if (parts.contains("scaling")) {
      scaling(out);
    }
    if (parts.contains("profile")) {
      for (int width : new int[] {32, 128}) {
        CppnSpec spec = new CppnSpec(Latent.DEFAULT_SIZE, width, 4, 3, 8f);
        profile(out, spec, 512, 512);
        activations(out, spec);
      }
    }
    out.printf("load average at end: %s%n", loadAverage());
  }

  private static void ceilingAndTiles(PrintStream out, boolean ceiling, boolean tiles) {
    out.println("| MatMul | median GFLOP/s | best GFLOP/s | GFLOP per CPU-second |");
    out.println("|---|---:|---:|---:|");
    for (int w : LARGE_WIDTHS) {
      printMatMul(out, CppnGenerator.defaultTilePixels(w), w, 16,
          " (a CPPN hidden layer's tile, 16 in a row)");
    }
    int threads = CppnGenerator.renderThreads();
    double squareCpuRate = printMatMul(out, SQUARE, SQUARE, threads, threads == 1 ? "" : " (one on each of "
        + threads + " threads)");
    out.println();
    if (ceiling) {
      ceiling(out, squareCpuRate);
    }
    if (tiles) {
      tiles(out, squareCpuRate);
    }
  }

  private static void ceiling(PrintStream out, double squareCpuRate) {
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
        printFrameVersusCeiling(out, spec, size[0], size[1], CppnGenerator.defaultTilePixels(width),
            "width " + width, squareCpuRate);
      }
    }
    out.println();
  }

  private static void tiles(PrintStream out, double squareCpuRate) {
    CppnSpec wide = new CppnSpec(Latent.DEFAULT_SIZE, 128, 4, 3, 8f);
    out.println("| tile pixels (width 128, depth 4, 3 channels) | frame | median ms | fps | best ms | best GFLOP/s "
        + "| its MatMul ceiling, best GFLOP/s | CPPN / ceiling, wall | CPPN / ceiling, CPU time "
        + "| CPPN / square MatMul, CPU time |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int tile : TILE_SIZES) {
      String label = tile + (tile == CppnGenerator.defaultTilePixels(128) ? " (default)" : "");
      printFrameVersusCeiling(out, wide, 1024, 1024, tile, label, squareCpuRate);
    }
    out.println();
  }

  private static void small(PrintStream out) {
    out.println("| small CPPN (width×depth, channels) | frame | median ms | fps | best ms |");
    out.println("|---|---|---:|---:|---:|");
    for (int side : SMALL_SIDES) {
      for (int width : SMALL_WIDTHS) {
        for (int depth : SMALL_DEPTHS) {
          for (int channels = 1; channels <= 3; channels += 2) {
            CppnSpec spec = new CppnSpec(Latent.DEFAULT_SIZE, width, depth, channels, 8f);
            Timing t = frameTiming(spec, side, side, CppnGenerator.defaultTilePixels(width));
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
  private static void scaling(PrintStream out) {
    out.println("| net (depth 4, 3 channels) | frame | pixels | median ms | best ms | CPU ms per frame "
        + "| CPU ns per pixel | GFLOP per CPU-second |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    CppnSpec preset = new CppnSpec(Latent.DEFAULT_SIZE, 32, 4, 3, 8f);
    for (int[] size : SCALING_SIZES) {
      printScaling(out, preset, size[0], size[1]);
    }
    for (int width : SCALING_WIDTHS) {
      printScaling(out, new CppnSpec(Latent.DEFAULT_SIZE, width, 4, 3, 8f), 512, 512);
    }
    out.println();
  }

  private static void printScaling(PrintStream out, CppnSpec spec, int width, int height) {
    Timing t = frameTiming(spec, width, height, CppnGenerator.defaultTilePixels(spec.width()));
    long pixels = (long) width * height;
    out.printf("| width %d | %d×%d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", spec.width(), width, height, pixels,
        t.median() * 1e3, t.best() * 1e3, t.cpu() * 1e3, t.cpu() * 1e9 / pixels,
        flopsPerPixel(spec) * pixels / 1e9 / t.cpu());
  }

  /**
   * Where a frame's time goes: each layer and the Java work around them timed on its own (every layer waits for the
   * one before), five frames after warming up, as shares of the parts' summed wall time and that share of an
   * untimed frame's CPU time.
   */
  private static void profile(PrintStream out, CppnSpec spec, int width, int height) {
    Latent latent = Latent.gaussian(spec.latentSize(), 1);
    View view = View.of(width, height);
    try (CppnGenerator generator = new CppnGenerator(CppnWeights.random(spec, 1))) {
      Timing frame = time(() -> generator.render(latent, view));
      Map<String, Long> micros = new LinkedHashMap<>();
      for (int k = 0; k < 5; k++) {
        generator.profile(latent, view).forEach((part, us) -> micros.merge(part, us, Long::sum));
      }
      double total = micros.values().stream().mapToLong(Long::longValue).sum();
      out.printf("| part of the %d×%d CPPN at %d×%d (oneDNN implementation) | share of the parts' time "
          + "| ≈ CPU ms per frame |%n", spec.width(), spec.depth(), width, height);
      out.println("|---|---:|---:|");
      micros.forEach((part, us) -> out.printf("| %s | %.0f%% | %.1f |%n", part, 100 * us / total,
          frame.cpu() * 1e3 * us / total));
      out.printf("| frame (untimed): CPU time; median wall time on %d threads | | %.1f; %.1f |%n%n",
          Runtime.getRuntime().availableProcessors(), frame.cpu() * 1e3, frame.median() * 1e3);
    }
  }

  /**
   * What the fused activations cost beside their products: one tile of the first and of a hidden layer on one thread,
   * with and without its activation; and the highest CPPN / ceiling ratio those costs leave, were the output layer
   * and the Java work free. The ceiling's products run at the CPU's peak, so that bound is what exact activations
   * allow at all.
   */
  private static void activations(PrintStream out, CppnSpec spec) {
    int w = spec.width();
    int tile = CppnGenerator.defaultTilePixels(w);
    double firstBare = layerMicros(tile, 3, w, DenseChain.Activation.NONE);
    double first = layerMicros(tile, 3, w, DenseChain.Activation.SOFTPLUS);
    double hiddenBare = layerMicros(tile, w, w, DenseChain.Activation.NONE);
    double hidden = layerMicros(tile, w, w, DenseChain.Activation.SIGMOID);
    out.printf("| layer of the %d×%d CPPN, one %d-pixel tile on one thread | product alone, µs | with its "
        + "activation, µs | the activation's share |%n", w, spec.depth(), tile);
    out.println("|---|---:|---:|---:|");
    out.printf("| first (3 → %d) + softplus | %.1f | %.1f | %.0f%% |%n", w, firstBare, first,
        100 * (first - firstBare) / first);
    out.printf("| hidden (%d → %d) + σ | %.1f | %.1f | %.0f%% |%n", w, w, hiddenBare, hidden,
        100 * (hidden - hiddenBare) / hidden);
    int hiddenLayers = spec.depth() - 1;
    double bound = flopsPerPixel(spec) / (first + hiddenLayers * hidden)
        / (2.0 * w * w / hiddenBare);
    out.printf("| CPPN / ceiling were the output layer and the Java work free (a bound) | | | %.0f%% |%n%n",
        100 * bound);
  }

  /** Best microseconds of one layer's product (and activation) over {@code rows} rows, on one thread. */
  private static double layerMicros(int rows, int inputs, int outputs, DenseChain.Activation activation) {
    SplittableRandom random = new SplittableRandom(2);
    int repeats = 16;
    try (DenseChain layer = new DenseChain(List.of(new DenseChain.Dense(inputs, outputs,
        randomValues(random, inputs * outputs), randomValues(random, outputs), activation)),
        DenseChain.Output.ROWS)) {
      layer.run(rows, randomValues(random, rows * inputs), 0, new float[rows * outputs]);
      return time(() -> layer.runResident(rows, repeats)).best() * 1e6 / repeats;
    }
  }

  /** Prints one MatMul row and returns its GFLOP per CPU-second. */
  private static double printMatMul(PrintStream out, int rows, int inner, int repeats, String note) {
    Timing t = matMulTiming(rows, inner, inner, repeats);
    double gflop = 2.0 * rows * inner * inner * repeats / 1e9;
    out.printf("| [%d×%d]·[%d×%d]%s | %.1f | %.1f | %.1f |%n", rows, inner, inner, inner, note,
        gflop / t.median(), gflop / t.best(), gflop / t.cpu());
    return gflop / t.cpu();
  }

  private static void printFrameVersusCeiling(PrintStream out, CppnSpec spec, int width, int height, int tile,
      String label, double squareCpuRate) {
    int w = spec.width();
    int tiles = (int) Math.ceil((double) width * height / tile);
    Timing ceiling = matMulTiming(tile, w, w, tiles * (spec.depth() - 1));
    double ceilingGflop = 2.0 * tile * w * w * tiles * (spec.depth() - 1) / 1e9;
    Timing frame = frameTiming(spec, width, height, tile);
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
  static Timing frameTiming(CppnSpec spec, int width, int height, int tilePixels) {
    Latent latent = Latent.gaussian(spec.latentSize(), 1);
    View view = View.of(width, height);
    try (CppnGenerator generator = new CppnGenerator(CppnWeights.random(spec, 1), tilePixels,
        CppnGenerator.MAX_KEPT_OFFSET_PIXELS, CppnGenerator.renderThreads())) {
      return time(() -> generator.render(latent, view));
    }
  }

  /**
   * Times of {@code repeats} oneDNN MatMuls [rows×inner]·[inner×columns] in a row (bias added, no activation), the
   * way {@link CppnGenerator} runs its layers, on operands that stay in native memory: shared out between as many
   * threads as the generator renders tiles on ({@link CppnGenerator#renderThreads}), each with its own operands.
   */
  static Timing matMulTiming(int rows, int inner, int columns, int repeats) {
    int threads = Math.min(CppnGenerator.renderThreads(), repeats);
    SplittableRandom random = new SplittableRandom(1);
    float[] weights = randomValues(random, inner * columns);
    float[] input = randomValues(random, rows * inner);
    List<DenseChain> chains = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int k = 0; k < threads; k++) {
        DenseChain chain = new DenseChain(List.of(new DenseChain.Dense(inner, columns, weights, new float[columns],
            DenseChain.Activation.NONE)), DenseChain.Output.ROWS);
        chains.add(chain);
        chain.run(rows, input, 0, new float[rows * columns]);
      }
      List<Callable<Void>> shares = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        DenseChain chain = chains.get(k);
        int share = repeats / threads + (k < repeats % threads ? 1 : 0);
        shares.add(() -> {
          chain.runResident(rows, share);
          return null;
        });
      }
      return time(() -> {
        try {
          for (Future<Void> share : pool.invokeAll(shares)) {
            share.get();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while timing a MatMul", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a MatMul failed", e.getCause());
        }
      });
    } finally {
      pool.shutdown();
      chains.forEach(DenseChain::close);
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

  // User plus system time of every thread of this process, oneDNN's native ones included, which the JDK's
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

  private static String oneDnnVersion() {
    var version = dnnl.dnnl_version();
    return version.major() + "." + version.minor() + "." + version.patch();
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
