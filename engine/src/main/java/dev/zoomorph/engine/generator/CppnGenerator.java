package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CppnSpec CPPN} evaluated on the CPU by oneDNN ({@link DenseChain}), at any resolution up to
 * {@link View#MAX_SIDE}.
 *
 * <p>The layers are built once from the weights and reused for every frame. Per frame the first layer's constant
 * part is computed once in Java; the pixels are then evaluated in tiles of at most 65536 pixels and 1 MB of
 * activations per layer, so memory stays bounded whatever the frame size: an 8K RGB frame needs its 100 MB output
 * plus a few MB per tile. The tiles are shared out between {@link #renderThreads} threads, each taking the next tile
 * as it comes free; oneDNN rounds the 8-bit samples as {@link Frame#toByte} does, in the pass that applies the last
 * sigmoid. Renders are serialised, and {@link #close} waits for a render in progress.
 *
 * <p>Deep zooms stay as sharp as double precision: the net computes in 32-bit floats, but the first layer is affine
 * in x, y and r, so the view centre's share of it (with the latent term and bias) is folded into one per-frame bias
 * row in double precision, and the net only sees each pixel's offset from the centre, which float holds to 7 digits
 * at any zoom. (x = centre + offset in float would make neighbouring pixels share coordinates beyond about 10⁵×.)
 * The GL shader does the same.
 */
public final class CppnGenerator implements Generator {

  /**
   * Upper bound on one hidden layer's activations per tile, in bytes: 8192-pixel tiles at width 32 and 2048 at
   * width 128, so a layer's input and output stay in the cores' L2 caches (1 MB each here). With each product on
   * both cores these were as fast as any tile size measured at width 32 and 4-10 % faster than 2 or 4 times larger
   * tiles at width 128; with a tile per thread, halving or quartering them made no difference (BENCHMARKS.md).
   */
  static final long MAX_TILE_ACTIVATION_BYTES = 1L << 20;
  /** Upper bound on pixels per tile, so the Java-side coordinate and sample buffers stay small for narrow nets. */
  static final int MAX_TILE_PIXELS = 1 << 16;
  /**
   * Views of at most this many pixels keep their pixel offsets between frames (12 MB at the bound): a live show renders
   * the same view frame after frame, and computing the offsets took 4 % of a 512² frame (BENCHMARKS.md). Larger
   * frames (recordings, 4K) compute them tile by tile, as every frame of a zoom must.
   */
  static final int MAX_KEPT_OFFSET_PIXELS = 1 << 20;
  /** The first layer, whose biases are the per-frame row. */
  private static final int FIRST = 0;

  private final CppnSpec spec;
  private final CppnWeights weights;
  private final int tilePixels;
  private final int keptOffsetPixels;
  /** One per thread that renders tiles; the first runs on the thread that asks for the frame. */
  private final List<Lane> lanes = new ArrayList<>();
  /** The threads of lanes 1 …; null with one lane. */
  private final @Nullable ExecutorService helpers;
  /** The first layer's per-frame row, reused across frames. */
  private final float[] base;
  /** The pixel offsets of every pixel of {@link #offsetsView}, 3 per pixel, when it is small enough to keep. */
  private float[] offsets = new float[0];
  private @Nullable View offsetsView;
  private boolean closed;

  /** What one thread renders tiles with: its own oneDNN chain and tile buffers. */
  private static final class Lane {
    final DenseChain net;
    final float[] coordinates;
    /** A tile's sigmoid values, one plane per channel ({@link #renderValues}). */
    final float[] values;
    /** A tile's 8-bit samples, one plane per channel ({@link #render}). */
    final byte[] samples;

    Lane(DenseChain net, int tilePixels, int channels) {
      this.net = net;
      this.coordinates = new float[tilePixels * 3];
      this.values = new float[tilePixels * channels];
      this.samples = new byte[tilePixels * channels];
    }
  }

  /** Builds the net for these weights. */
  public CppnGenerator(CppnWeights weights) {
    this(weights, defaultTilePixels(weights.spec().width()), MAX_KEPT_OFFSET_PIXELS, renderThreads());
  }

  /**
   * With an explicit tile size, bound on views whose offsets are kept, and number of threads, for tests and
   * benchmarks.
   */
  CppnGenerator(CppnWeights weights, int tilePixels, int keptOffsetPixels, int threads) {
    if (tilePixels < 1) {
      throw new IllegalArgumentException("tile must be at least 1 pixel, was " + tilePixels);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("a generator needs at least 1 thread, was " + threads);
    }
    this.spec = weights.spec();
    this.weights = weights;
    this.tilePixels = tilePixels;
    this.keptOffsetPixels = keptOffsetPixels;
    int w = spec.width();
    this.base = new float[w];
    float[] wxyr = new float[3 * w];
    System.arraycopy(weights.wx(), 0, wxyr, 0, w);
    System.arraycopy(weights.wy(), 0, wxyr, w, w);
    System.arraycopy(weights.wr(), 0, wxyr, 2 * w, w);
    // tanh(z) = 2σ(2z) − 1, and oneDNN's fused sigmoid costs less than its tanh (0.6 of 2.0 ms of a 512² frame's
    // hidden layer, BENCHMARKS.md). So each hidden layer computes s = σ(2z) and the layer after it takes the 2s − 1
    // into its own weights and bias: for inputs h = 2s − 1, h·W + b = s·(2W) + (b − Σᵢ Wᵢ). The first hidden layer
    // reads the softplus as it is.
    List<DenseChain.Dense> layers = new ArrayList<>();
    layers.add(new DenseChain.Dense(3, w, wxyr, base, DenseChain.Activation.SOFTPLUS));
    boolean halves = false;
    for (int k = 0; k < weights.hiddenWeights().size(); k++) {
      layers.add(new DenseChain.Dense(w, w, scaled(weights.hiddenWeights().get(k), halves, 2),
          shifted(weights.hiddenBiases().get(k), weights.hiddenWeights().get(k), w, halves, 2),
          DenseChain.Activation.SIGMOID));
      halves = true;
    }
    layers.add(new DenseChain.Dense(w, spec.channels(), scaled(weights.wOut(), halves, 1),
        shifted(weights.bOut(), weights.wOut(), spec.channels(), halves, 1), DenseChain.Activation.SIGMOID));
    try {
      for (int k = 0; k < threads; k++) {
        lanes.add(new Lane(new DenseChain(layers, DenseChain.Output.PLANES), tilePixels, spec.channels()));
      }
    } catch (RuntimeException | Error e) {
      lanes.forEach(lane -> lane.net.close());
      throw e;
    }
    this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
      Thread thread = new Thread(task, "zoomorph-cppn-tiles");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * How many threads render a frame's tiles. oneDNN spreads each product over OpenMP's threads: {@code
   * OMP_NUM_THREADS} of them, every core when it is unset. When that is fewer than the cores (scripts/openmp-env.sh
   * sets 1), the generator renders that many tiles at once instead, each on its own thread through every layer: no
   * OpenMP barrier after each product, the Java work around the products on every core, and a thread that the OS
   * takes away for the show's encoder delays only its own tile, not each product of the frame (BENCHMARKS.md).
   */
  static int renderThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    String setting = System.getenv("OMP_NUM_THREADS");
    int perProduct = cores;
    if (setting != null) {
      try {
        // OpenMP reads a list for nested levels; the first entry is the outer one.
        perProduct = Math.max(1, Integer.parseInt(setting.split(",")[0].trim()));
      } catch (NumberFormatException e) {
        perProduct = cores;
      }
    }
    return Math.max(1, cores / perProduct);
  }

  /**
   * A layer's weights times {@code factor} (2 for a layer that feeds a σ(2z) standing in for tanh), and times 2 again
   * when its inputs are such σ's ({@code fromSigmoids}), which stand for 2s − 1.
   */
  private static float[] scaled(float[] matrix, boolean fromSigmoids, int factor) {
    float[] out = new float[matrix.length];
    double scale = factor * (fromSigmoids ? 2.0 : 1.0);
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (scale * matrix[k]);
    }
    return out;
  }

  /** The bias that goes with {@link #scaled}: (b − Σᵢ Wᵢ) when the inputs are σ's standing for 2s − 1, times factor. */
  private static float[] shifted(float[] bias, float[] matrix, int columns, boolean fromSigmoids, int factor) {
    float[] out = new float[columns];
    int rows = matrix.length / columns;
    for (int j = 0; j < columns; j++) {
      double sum = bias[j];
      if (fromSigmoids) {
        for (int i = 0; i < rows; i++) {
          sum -= matrix[i * columns + j];
        }
      }
      out[j] = (float) (factor * sum);
    }
    return out;
  }

  /** Largest tile whose hidden activations stay within {@link #MAX_TILE_ACTIVATION_BYTES}. */
  static int defaultTilePixels(int width) {
    return (int) Math.max(1024, Math.min(MAX_TILE_PIXELS, MAX_TILE_ACTIVATION_BYTES / (4L * width)));
  }

  /** The architecture this generator evaluates. */
  public CppnSpec spec() {
    return spec;
  }

  @Override
  public int latentSize() {
    return spec.latentSize();
  }

  @Override
  public int channels() {
    return spec.channels();
  }

  /**
   * Renders the view; pixel centres follow {@link View}'s convention exactly.
   *
   * @throws IllegalArgumentException if the latent does not have {@link #latentSize()} components
   * @throws IllegalStateException if this generator is closed
   */
  @Override
  public synchronized Frame render(Latent latent, View view) {
    byte[] pixels = new byte[view.width() * view.height() * spec.channels()];
    renderTiles(latent, view, true, interleavedInto(pixels), null);
    return new Frame(view.width(), view.height(), spec.channels(), pixels);
  }

  /**
   * The same picture as {@link #render}, as the sigmoid's values in [0, 1] before 8-bit rounding (row by row,
   * {@link #channels()} per pixel): what likelihood-based evaluations of a trained model need.
   */
  public synchronized float[] renderValues(Latent latent, View view) {
    float[] result = new float[view.width() * view.height() * spec.channels()];
    int channels = spec.channels();
    renderTiles(latent, view, false, (lane, offset, count) -> {
      for (int c = 0; c < channels; c++) {
        for (int k = 0; k < count; k++) {
          result[(offset + k) * channels + c] = lane.values[c * count + k];
        }
      }
    }, null);
    return result;
  }

  /**
   * Renders one frame timing each part of each tile on its own, and returns, per part (each layer, named with the
   * oneDNN implementation that ran it, and the Java work around them), the microseconds it took, summed over the
   * frame's tiles: where a frame's time goes (BENCHMARKS.md).
   */
  synchronized Map<String, Long> profile(Latent latent, View view) {
    long[] nanos = new long[spec.depth() + 3];
    TileSink interleaving = interleavedInto(new byte[view.width() * view.height() * spec.channels()]);
    renderTiles(latent, view, true, (lane, offset, count) -> {
      long start = System.nanoTime();
      interleaving.accept(lane, offset, count);
      nanos[nanos.length - 1] += System.nanoTime() - start;
    }, nanos);
    int tile = Math.min(tilePixels, view.width() * view.height());
    Map<String, Long> micros = new LinkedHashMap<>();
    micros.put("pixel offsets (Java; once per view, kept while it stays)", nanos[nanos.length - 2] / 1000);
    for (int k = 0; k <= spec.depth(); k++) {
      String layer = k == 0 ? "first layer + softplus" : k < spec.depth() ? "hidden layer " + k + " + tanh as σ(2z)"
          : "output layer + sigmoid + 8-bit samples, transposed";
      micros.put(layer + " (" + lanes.get(0).net.implementation(k, tile) + ")", nanos[k] / 1000);
    }
    micros.put("samples interleaved into the frame (Java)", nanos[nanos.length - 1] / 1000);
    return micros;
  }

  /**
   * Receives one tile's output from {@code lane} (its samples or its values, as one plane per channel of {@code count}
   * each), whose first pixel is pixel {@code offset} of the frame. Tiles may arrive on several threads at once, each
   * its own pixels.
   */
  private interface TileSink {
    void accept(Lane lane, int offset, int count);
  }

  /** Interleaves each tile's planes of samples into the frame's {@code pixels}. */
  private TileSink interleavedInto(byte[] pixels) {
    int channels = spec.channels();
    return (lane, offset, count) -> {
      byte[] samples = lane.samples;
      for (int c = 0; c < channels; c++) {
        int plane = c * count;
        for (int k = 0, at = offset * channels + c; k < count; k++, at += channels) {
          pixels[at] = samples[plane + k];
        }
      }
    };
  }

  /**
   * Runs the net over the view's tiles, each ending in 8-bit samples or, without {@code samples}, in the sigmoid's
   * values. With {@code nanos} (samples only), each layer's time is added to {@code nanos[layer]} and the pixel
   * offsets' to {@code nanos[depth + 1]}.
   */
  private void renderTiles(Latent latent, View view, boolean samples, TileSink sink, long @Nullable [] nanos) {
    if (closed) {
      throw new IllegalStateException("CPPN generator is closed");
    }
    if (latent.size() != spec.latentSize()) {
      throw new IllegalArgumentException("CPPN latent must have " + spec.latentSize() + " components, got "
          + latent.size());
    }
    PlaneGrid grid = new PlaneGrid(view, spec.scale());
    int total = view.width() * view.height();
    grid.fillBase(weights, latent, base);
    for (Lane lane : lanes) {
      lane.net.setBias(FIRST, base);
    }
    boolean kept = total <= keptOffsetPixels;
    if (kept && !view.equals(offsetsView)) {
      long filling = System.nanoTime();
      if (offsets.length < 3 * total) {
        offsets = new float[3 * total];
      }
      grid.fill(0, total, offsets);
      offsetsView = view;
      if (nanos != null) {
        nanos[spec.depth() + 1] += System.nanoTime() - filling;
      }
    }
    Tiles tiles = new Tiles(grid, total, kept ? offsets : null, samples, sink);
    // A profile times each part on this thread alone.
    int helping = nanos != null || helpers == null ? 0 : Math.min(lanes.size(), tiles.count) - 1;
    List<Future<?>> running = new ArrayList<>(helping);
    for (int k = 1; k <= helping; k++) {
      Lane lane = lanes.get(k);
      running.add(helpers.submit(() -> tiles.render(lane, null)));
    }
    try {
      tiles.render(lanes.get(0), nanos);
    } catch (RuntimeException | Error e) {
      tiles.next.set(tiles.count); // the helpers stop after the tile they are on
      awaitAll(running, e);
      throw e;
    }
    awaitAll(running, null);
  }

  /** One frame's tiles, taken in turn by whichever lane is free. */
  private final class Tiles {
    final PlaneGrid grid;
    final int total;
    final int count;
    /** The view's kept pixel offsets, or null when each tile computes its own. */
    final float @Nullable [] kept;
    final boolean samples;
    final TileSink sink;
    final AtomicInteger next = new AtomicInteger();

    Tiles(PlaneGrid grid, int total, float @Nullable [] kept, boolean samples, TileSink sink) {
      this.grid = grid;
      this.total = total;
      this.count = (total + tilePixels - 1) / tilePixels;
      this.kept = kept;
      this.samples = samples;
      this.sink = sink;
    }

    /** Renders tiles on {@code lane} until none is left; with {@code nanos}, timing each part. */
    void render(Lane lane, long @Nullable [] nanos) {
      for (int tile = next.getAndIncrement(); tile < count; tile = next.getAndIncrement()) {
        int start = tile * tilePixels;
        int pixels = Math.min(tilePixels, total - start);
        float[] input = kept;
        int from = 3 * start;
        if (input == null) {
          long filling = System.nanoTime();
          grid.fill(start, pixels, lane.coordinates);
          if (nanos != null) {
            nanos[spec.depth() + 1] += System.nanoTime() - filling;
          }
          input = lane.coordinates;
          from = 0;
        }
        if (nanos != null) {
          lane.net.runTimed(pixels, input, from, lane.samples, nanos);
        } else if (samples) {
          lane.net.runSamples(pixels, input, from, lane.samples);
        } else {
          lane.net.run(pixels, input, from, lane.values);
        }
        sink.accept(lane, start, pixels);
      }
    }
  }

  /**
   * Waits until every helper has finished its tiles (they write into the caller's frame, so an interrupt does not
   * end the wait; it is kept for the caller), then rethrows the first helper's failure unless the caller failed
   * already ({@code failed}), in which case a helper's failure is added to it.
   */
  private static void awaitAll(List<Future<?>> running, @Nullable Throwable failed) {
    Throwable failure = failed;
    boolean interrupted = false;
    for (Future<?> helper : running) {
      while (true) {
        try {
          helper.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed == null && failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failed == null && failure instanceof Error error) {
      throw error;
    }
  }

  /** Frees the net's native objects; later renders fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (helpers != null) {
        helpers.shutdown();
      }
      lanes.forEach(lane -> lane.net.close());
    }
  }

  /**
   * The scaled plane coordinates of pixel centres, per {@link View} and {@link CppnSpec}, as offsets from the view's
   * centre c (x − c.x, y − c.y, r − |c|), and the first layer's per-frame row that holds c's share: computed in double
   * from the row start plus a multiple of the column step, so no trigonometry per pixel and no drift.
   */
  static final class PlaneGrid {
    private final int width;
    private final double centreX;
    private final double centreY;
    private final double centreRadius;
    private final double x0;
    private final double y0;
    private final double xPerColumn;
    private final double yPerColumn;
    private final double xPerRow;
    private final double yPerRow;

    PlaneGrid(View view, double scale) {
      double s = Math.min(view.width(), view.height());
      double angle = Math.toRadians(view.rotationDegrees());
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      double unit = scale / view.zoom();
      double u0 = (1.0 - view.width()) / s;
      double v0 = (1.0 - view.height()) / s;
      this.width = view.width();
      this.centreX = scale * view.centerX();
      this.centreY = scale * view.centerY();
      this.centreRadius = Math.hypot(centreX, centreY);
      this.x0 = unit * (cos * u0 - sin * v0);
      this.y0 = unit * (sin * u0 + cos * v0);
      double step = 2.0 / s * unit;
      this.xPerColumn = step * cos;
      this.yPerColumn = step * sin;
      this.xPerRow = -step * sin;
      this.yPerRow = step * cos;
    }

    /**
     * The first layer's constant part for this view: b0 + (scale·z)·Wz + c.x·wx + c.y·wy + |c|·wr, in double, the
     * latent term summed as the double-precision reference sums it.
     */
    void fillBase(CppnWeights weights, Latent latent, float[] out) {
      CppnSpec spec = weights.spec();
      int w = spec.width();
      for (int j = 0; j < w; j++) {
        double sum = weights.b0()[j];
        for (int i = 0; i < spec.latentSize(); i++) {
          sum += spec.scale() * latent.get(i) * weights.wz()[i * w + j];
        }
        sum += centreX * weights.wx()[j] + centreY * weights.wy()[j] + centreRadius * weights.wr()[j];
        out[j] = (float) sum;
      }
    }

    /** Writes the offsets of pixels {@code start … start + count − 1} (row-major) into {@code out}. */
    void fill(int start, int count, float[] out) {
      int row = start / width;
      int column = start % width;
      double rowX = x0 + row * xPerRow;
      double rowY = y0 + row * yPerRow;
      for (int k = 0; k < count; k++) {
        double dx = rowX + column * xPerColumn;
        double dy = rowY + column * yPerColumn;
        out[3 * k] = (float) dx;
        out[3 * k + 1] = (float) dy;
        // r − |c| without cancellation: (|c+d|² − |c|²) / (|c+d| + |c|). sqrt, not hypot: hypot guards
        // against an overflow no plane coordinate comes near, and took 2.5 times as long.
        double px = centreX + dx;
        double py = centreY + dy;
        double radiusSum = Math.sqrt(px * px + py * py) + centreRadius;
        out[3 * k + 2] = radiusSum > 0
            ? (float) ((2 * (centreX * dx + centreY * dy) + dx * dx + dy * dy) / radiusSum) : 0f;
        if (++column == width) {
          column = 0;
          row++;
          rowX = x0 + row * xPerRow;
          rowY = y0 + row * yPerRow;
        }
      }
    }
  }
}
