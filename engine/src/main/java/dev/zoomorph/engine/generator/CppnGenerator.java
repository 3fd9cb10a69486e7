package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * A {@link CppnSpec CPPN} evaluated by TensorFlow on the CPU, at any resolution up to {@link View#MAX_SIDE}.
 *
 * <p>The graph and session are built once from the weights and reused for every frame. Per frame the first layer's
 * constant part is computed once on the CPU; the pixels are then evaluated in tiles of at most 65536 pixels and
 * 4 MB of activations per layer, so memory stays bounded whatever the frame size: an 8K RGB frame needs its 100 MB
 * output plus a few MB of heap per lane. One lane per core (at most {@value #MAX_LANES}) renders every n-th tile on
 * its own thread, each op on that core; the graph ends in 8-bit samples that are copied straight into the frame.
 * Renders are serialised, and {@link #close} waits for a render in progress.
 *
 * <p>Deep zooms stay as sharp as double precision: the graph computes in 32-bit floats, but the first layer is
 * affine in x, y and r, so the view centre's share of it (with the latent term and bias) is folded into one
 * per-frame row in double precision, and the graph only sees each pixel's offset from the centre, which float holds
 * to 7 digits at any zoom. (x = centre + offset in float would make neighbouring pixels share coordinates beyond
 * about 10⁵×.) The GL shader does the same.
 */
public final class CppnGenerator implements Generator {

  /**
   * Upper bound on one hidden layer's activations per tile, in bytes. Tiles of 2048 to 65536 pixels cost about the
   * same CPU time per frame at width 128 (BENCHMARKS.md), so the bound is low, keeping each render's native memory
   * small, yet high enough that a 1080p frame takes only a few hundred session runs.
   */
  static final long MAX_TILE_ACTIVATION_BYTES = 4L << 20;
  /** Upper bound on pixels per tile, so the Java-side coordinate and sample buffers stay small for narrow nets. */
  static final int MAX_TILE_PIXELS = 1 << 16;
  /** At most this many lanes, each with its own tile in flight; more cores than lanes share each lane's ops. */
  static final int MAX_LANES = 8;

  private final CppnSpec spec;
  private final CppnWeights weights;
  private final int tilePixels;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> baseInput;
  /** The first layer's per-frame row, reused across frames. */
  private final float[] base;
  private final Placeholder<TFloat32> coordinatesInput;
  /** The sigmoid's values in [0, 1]. */
  private final Operand<TFloat32> values;
  /** The same values as 8-bit samples, rounded like {@link Frame#toByte}, so no Java pass converts them. */
  private final Operand<TUint8> samples;
  private final Lane[] lanes;
  private final ExecutorService helpers;
  private boolean closed;

  /** Builds the TensorFlow graph and session for these weights; renders on every core. */
  public CppnGenerator(CppnWeights weights) {
    this(weights, defaultTilePixels(weights.spec().width()), Runtime.getRuntime().availableProcessors());
  }

  /** With an explicit tile size and number of threads, for tests and benchmarks. */
  CppnGenerator(CppnWeights weights, int tilePixels, int threads) {
    if (tilePixels < 1 || threads < 1) {
      throw new IllegalArgumentException("tile and threads must be at least 1, were " + tilePixels + " and " + threads);
    }
    this.spec = weights.spec();
    this.weights = weights;
    this.tilePixels = tilePixels;
    this.base = new float[spec.width()];
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      int w = spec.width();

      baseInput = tf.withName("base").placeholder(TFloat32.class, Placeholder.shape(Shape.of(w)));
      coordinatesInput = tf.withName("offset_xyr").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      float[] wxyr = new float[3 * w];
      System.arraycopy(weights.wx(), 0, wxyr, 0, w);
      System.arraycopy(weights.wy(), 0, wxyr, w, w);
      System.arraycopy(weights.wr(), 0, wxyr, 2 * w, w);
      Operand<TFloat32> h = softplus(tf,
          tf.nn.biasAdd(tf.linalg.matMul(coordinatesInput, matrix(tf, wxyr, 3, w)), baseInput));
      List<float[]> hiddenWeights = weights.hiddenWeights();
      for (int k = 0; k < hiddenWeights.size(); k++) {
        h = tf.math.tanh(tf.nn.biasAdd(
            tf.linalg.matMul(h, matrix(tf, hiddenWeights.get(k), w, w)), vector(tf, weights.hiddenBiases().get(k))));
      }
      values = tf.withName("rgb").math.sigmoid(tf.nn.biasAdd(
          tf.linalg.matMul(h, matrix(tf, weights.wOut(), w, spec.channels())), vector(tf, weights.bOut())));
      // round(255 v) as floor(255 v + 0.5): the cast truncates, and v is in [0, 1].
      samples = tf.withName("rgb8").dtypes.cast(
          tf.math.add(tf.math.mul(values, tf.constant(255f)), tf.constant(0.5f)), TUint8.class);

      // Each lane's session runs execute in the calling thread (inter-op −1), one core per op (intra-op 1) up to
      // MAX_LANES cores: the lanes' tiles are independent, so the cores never wait for each other inside an op,
      // which on a shared machine (another process taking one core for a while) costs less than splitting every op
      // in two (BENCHMARKS.md, "Native-resolution live").
      ConfigProto config = ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(Math.max(1, threads / Math.min(threads, MAX_LANES)))
          .setInterOpParallelismThreads(-1)
          .build();
      session = new Session(graph, config);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
    lanes = new Lane[Math.min(threads, MAX_LANES)];
    for (int k = 0; k < lanes.length; k++) {
      lanes[k] = new Lane();
    }
    helpers = Executors.newFixedThreadPool(Math.max(1, lanes.length - 1), runnable -> {
      Thread thread = new Thread(runnable, "zoomorph-cppn");
      thread.setDaemon(true);
      return thread;
    });
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
    renderTiles(latent, view, samples, (offset, tile, count) -> tile.asRawTensor().data().read(pixels, offset, count),
        null);
    return new Frame(view.width(), view.height(), spec.channels(), pixels);
  }

  /**
   * The same picture as {@link #render}, as the sigmoid's values in [0, 1] before 8-bit rounding (row by row,
   * {@link #channels()} per pixel): what likelihood-based evaluations of a trained model need.
   */
  public synchronized float[] renderValues(Latent latent, View view) {
    float[] result = new float[view.width() * view.height() * spec.channels()];
    renderTiles(latent, view, values,
        (offset, tile, count) -> tile.asRawTensor().data().asFloats().read(result, offset, count), null);
    return result;
  }

  /**
   * Renders one frame with TensorFlow's step statistics on and returns, per op of the graph (node name and kernel),
   * the microseconds it ran, summed over the frame's tiles: where a frame's time goes (BENCHMARKS.md).
   */
  synchronized Map<String, Long> profile(Latent latent, View view) {
    Map<String, Long> micros = new TreeMap<>();
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();
    renderTiles(latent, view, samples, (offset, tile, count) -> {}, new Tracing(trace, stats -> {
      synchronized (micros) {
        for (DeviceStepStats device : stats.getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            // Labels read "[allocator …] node = Kernel(inputs)": the kernel says what ran, fused ops included.
            String kernel = node.getTimelineLabel().replaceFirst("^\\[[^]]*] ", "").replaceFirst("^[^=]*= ", "")
                .replaceFirst("\\(.*", "");
            micros.merge(node.getNodeName() + (kernel.equals(node.getNodeName()) ? "" : ": " + kernel),
                node.getOpEndRelMicros() - node.getOpStartRelMicros(), Long::sum);
          }
        }
      }
    }));
    return micros;
  }

  /** Options for traced runs, and who receives each run's step statistics. */
  private record Tracing(RunOptions options, Consumer<StepStats> stats) {}

  /** Receives one tile's output, whose first sample is sample {@code offset} of the frame. */
  private interface TileSink {
    void accept(int offset, Tensor tile, int count);
  }

  private void renderTiles(Latent latent, View view, Operand<?> fetched, TileSink sink, @Nullable Tracing tracing) {
    if (closed) {
      throw new IllegalStateException("CPPN generator is closed");
    }
    if (latent.size() != spec.latentSize()) {
      throw new IllegalArgumentException("CPPN latent must have " + spec.latentSize() + " components, got "
          + latent.size());
    }
    PlaneGrid grid = new PlaneGrid(view, spec.scale());
    int total = view.width() * view.height();
    // Smaller tiles when the frame has fewer than one full tile per lane, so that every lane has work.
    int tile = Math.min(tilePixels, (total + lanes.length - 1) / lanes.length);
    int busy = Math.min(lanes.length, (total + tile - 1) / tile);
    grid.fillBase(weights, latent, base);
    try (TFloat32 term = TFloat32.tensorOf(Shape.of(spec.width()), DataBuffers.of(base, true, false))) {
      List<Future<?>> others = new ArrayList<>(busy - 1);
      for (int k = 1; k < busy; k++) {
        int lane = k;
        others.add(helpers.submit(() -> lanes[lane].render(grid, term, tile, lane, busy, total, fetched, sink, tracing)));
      }
      RuntimeException failure = null;
      try {
        lanes[0].render(grid, term, tile, 0, busy, total, fetched, sink, tracing);
      } catch (RuntimeException e) {
        failure = e;
      }
      // Every lane reads the base row, so all of them finish before it is freed.
      for (Future<?> other : others) {
        try {
          other.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = failure != null ? failure : new IllegalStateException("interrupted while rendering", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** One thread's share of a frame: every {@code stride}-th tile, with its own coordinate buffer and input tensor. */
  private final class Lane {
    private final float[] coordinates = new float[tilePixels * 3];
    private @Nullable TFloat32 input;
    private int inputPixels;

    void render(PlaneGrid grid, TFloat32 term, int tile, int first, int stride, int total, Operand<?> fetched,
        TileSink sink, @Nullable Tracing tracing) {
      int channels = spec.channels();
      for (int start = first * tile; start < total; start += stride * tile) {
        int count = Math.min(tile, total - start);
        grid.fill(start, count, coordinates);
        TFloat32 xyr = input(count);
        xyr.asRawTensor().data().asFloats().write(coordinates, 0, count * 3);
        Session.Runner runner = session.runner()
            .feed(baseInput, term)
            .feed(coordinatesInput, xyr)
            .fetch(fetched);
        if (tracing != null) {
          runner.setOptions(tracing.options());
        }
        try (Result result = tracing == null ? runner.run() : runner.runAndFetchMetadata()) {
          if (tracing != null) {
            result.getMetadata().ifPresent(metadata -> tracing.stats().accept(metadata.getStepStats()));
          }
          sink.accept(start * channels, result.get(0), count * channels);
        }
      }
    }

    private TFloat32 input(int pixels) {
      if (input == null || inputPixels != pixels) {
        close();
        input = TFloat32.tensorOf(Shape.of(pixels, 3));
        inputPixels = pixels;
      }
      return input;
    }

    void close() {
      if (input != null) {
        input.close();
        input = null;
      }
    }
  }

  /** Frees the session and graph; later renders fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      helpers.shutdown();
      for (Lane lane : lanes) {
        lane.close();
      }
      session.close();
      graph.close();
    }
  }

  /**
   * softplus(a) = log(1 + eᵃ), written as relu(a) − log(sigmoid(|a|)): the same function (both branches of the
   * identity meet at a = 0, and sigmoid(|a|) ∈ [½, 1) keeps the log finite for every a). TensorFlow's own Softplus
   * kernel cost about as much as all the hidden GEMMs together at width 128; with this form a 512² frame of a
   * 16×4 net takes about 30 % less CPU time (see BENCHMARKS.md).
   */
  private static Operand<TFloat32> softplus(Ops tf, Operand<TFloat32> a) {
    return tf.math.sub(tf.nn.relu(a), tf.math.log(tf.math.sigmoid(tf.math.abs(a))));
  }

  private static Operand<TFloat32> matrix(Ops tf, float[] values, int rows, int columns) {
    return tf.constant(Shape.of(rows, columns), DataBuffers.of(values, true, false));
  }

  private static Operand<TFloat32> vector(Ops tf, float[] values) {
    return tf.constant(Shape.of(values.length), DataBuffers.of(values, true, false));
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
        // r − |c| without cancellation: (|c+d|² − |c|²) / (|c+d| + |c|).
        double radiusSum = Math.hypot(centreX + dx, centreY + dy) + centreRadius;
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
