package dev.zoomorph.engine.generator;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_linear;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_soft_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain of dense layers, each a oneDNN matrix product with its bias and activation fused in (a last layer laid out
 * in {@link Output#PLANES}: a product, then one pass that adds the bias and applies the activation): rows of inputs
 * in, rows or planes of outputs out, on every core.
 *
 * <p>Why oneDNN directly rather than a TensorFlow graph: a CPPN's layers are narrow (32 units), so its time goes to
 * the activations, not the products. TensorFlow fuses tanh and sigmoid into its oneDNN MatMuls, but has no fused
 * softplus, and its own elementwise kernels are built without AVX: at width 32 the softplus alone cost as much as all
 * the GEMMs. oneDNN's matmul takes softplus ("soft_relu") and the logistic as post-ops, JIT-compiled for the CPU at
 * hand, so every activation is applied while the product's tile is still in registers (BENCHMARKS.md, "Second pass:
 * the CPPN on oneDNN"). (A CPPN's tanh layers run as sigmoids: see {@link CppnGenerator}.)
 *
 * <p>Every native object is owned here and freed by {@link #close}, in reverse order of creation. Not thread-safe:
 * one caller at a time; separate chains run on separate threads at once. Each product runs on as many OpenMP threads
 * as {@code OMP_NUM_THREADS} says, every core when it is unset (libgomp reads it once, when it loads; Java cannot set
 * it). {@code ./zoomorph}, the other launchers and the test build set 1 ({@code scripts/openmp-env.sh}), and {@link
 * CppnGenerator} runs one chain per core instead, a tile each (it says why); a program that embeds Zoomorph is told
 * once, in the log, when the setting is missing.
 *
 * <p>Where a product does run on several OpenMP threads, they spin for a while after it unless the process starts
 * with {@code OMP_WAIT_POLICY=PASSIVE}. Spinning, they took the cores from a live show's encoder and network threads:
 * frames stalled up to 270 ms and a 30 fps show made 27–29 fps, where with the passive policy it held 30.0 fps
 * (BENCHMARKS.md). A short spin first ({@code GOMP_SPINCOUNT=3000}) catches the next layer's product without waking a
 * sleeping thread, and made a frame 5–12 % faster. The launchers set both.
 */
final class DenseChain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DenseChain.class);

  static {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      LOG.warn("OMP_NUM_THREADS is not set: oneDNN's OpenMP threads share each product of a CPPN frame, and a frame "
          + "renders 1.1x slower, with slower frames when the show's other threads need a core; start Java with "
          + "OMP_NUM_THREADS=1 (./zoomorph does), and the CPPN renders its tiles on one thread per core");
    } else if (!"1".equals(System.getenv("OMP_NUM_THREADS")) && System.getenv("OMP_WAIT_POLICY") == null) {
      LOG.warn("OMP_WAIT_POLICY is not set: oneDNN's OpenMP threads will spin between frames and can stall a live "
          + "show's other threads; start Java with OMP_WAIT_POLICY=PASSIVE (./zoomorph does)");
    }
  }

  /** A layer's activation, applied by oneDNN as a post-op of its product. */
  enum Activation {
    /** log(1 + eᵃ): oneDNN's soft_relu with α = 1. */
    SOFTPLUS(dnnl_eltwise_soft_relu, 1f),
    /** 1 / (1 + e⁻ᵃ). */
    SIGMOID(dnnl_eltwise_logistic, 0f),
    /** No activation: the bare product plus bias, for measuring the GEMMs alone. */
    NONE(-1, 0f);

    private final int algorithm;
    private final float alpha;

    Activation(int algorithm, float alpha) {
      this.algorithm = algorithm;
      this.alpha = alpha;
    }
  }

  /** How {@link #run} lays out the last layer's outputs. */
  enum Output {
    /** Row after row: row i's outputs at {@code [i × outputs() …]}, as every layer's product lies in memory. */
    ROWS,
    /**
     * Output after output: output j of every row at {@code [j × rows …]}, as floats ({@link #run}) or as 8-bit samples
     * ({@link #runSamples}). The last layer then runs transposed, (outputs × inputs)·(rows × inputs)ᵀ, so that a narrow
     * last layer (a CPPN's 3 colours) fills the CPU's vectors with rows instead of padding its 3 outputs to 16 lanes:
     * as oneDNN's sgemm, followed by a oneDNN binary primitive that adds the biases, applies the activation and, for
     * samples, rounds to 8 bits, in one pass over the planes. Together they take 0.6 of the time of oneDNN's matmul
     * primitive with the same work fused in, which picks an AVX2 kernel for 3 outputs and copies the rows transposed
     * first (BENCHMARKS.md).
     */
    PLANES
  }

  /**
   * One layer: outputs = activation(inputs · weights + bias), weights row-major [inputs × outputs].
   *
   * @param bias the outputs' biases; {@link #setBias} may change them between runs
   */
  record Dense(int inputs, int outputs, float[] weights, float[] bias, Activation activation) {
    Dense {
      if (weights.length != inputs * outputs || bias.length != outputs) {
        throw new IllegalArgumentException("a " + inputs + "×" + outputs + " layer needs " + inputs * outputs
            + " weights and " + outputs + " biases, got " + weights.length + " and " + bias.length);
      }
    }
  }

  /** Batch shapes (rows per run) kept built; a frame needs two at most: full tiles and the last one. */
  private static final int KEPT_BATCH_SHAPES = 4;

  private final List<Pointer> owned = new ArrayList<>();
  private final List<Dense> layers;
  private final Output layout;
  private final engine cpu;
  private final stream queue;
  private final List<memory.desc> weightShapes = new ArrayList<>();
  private final List<memory.desc> biasShapes = new ArrayList<>();
  private final List<memory> weights = new ArrayList<>();
  private final List<memory> biases = new ArrayList<>();
  /** Views of the biases' floats, so {@link #setBias} allocates nothing per frame. */
  private final List<FloatPointer> biasData = new ArrayList<>();
  /** With {@link Output#PLANES}: the last layer's weights, transposed, the left operand of its product. */
  private final @Nullable FloatPointer lastTransposed;
  /** With {@link Output#PLANES}: the last layer's biases as a column, one per plane (the same floats as its row). */
  private final memory.@Nullable desc biasColumnShape;
  private final @Nullable memory biasColumn;
  private final Map<Integer, Batch> batches = new LinkedHashMap<>(8, 0.75f, true);
  private boolean closed;

  DenseChain(List<Dense> layers, Output layout) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one layer");
    }
    for (int k = 1; k < layers.size(); k++) {
      if (layers.get(k).inputs() != layers.get(k - 1).outputs()) {
        throw new IllegalArgumentException("layer " + k + " takes " + layers.get(k).inputs() + " inputs, but layer "
            + (k - 1) + " gives " + layers.get(k - 1).outputs());
      }
    }
    this.layers = List.copyOf(layers);
    this.layout = layout;
    try {
      cpu = own(new engine(engine.kind.cpu, 0));
      queue = own(new stream(cpu));
      for (Dense layer : this.layers) {
        weightShapes.add(own(matrix(layer.inputs(), layer.outputs())));
        weights.add(filled(weightShapes.get(weightShapes.size() - 1), layer.weights()));
        biasShapes.add(own(matrix(1, layer.outputs())));
        biases.add(filled(biasShapes.get(biasShapes.size() - 1), layer.bias()));
        biasData.add(data(biases.get(biases.size() - 1), layer.outputs()));
      }
      if (layout == Output.PLANES) {
        Dense last = this.layers.get(this.layers.size() - 1);
        memory transposedWeights = filled(own(matrix(last.outputs(), last.inputs())),
            transposed(last.weights(), last.inputs(), last.outputs()));
        lastTransposed = own(data(transposedWeights, (long) last.outputs() * last.inputs()));
        biasColumnShape = own(matrix(last.outputs(), 1));
        biasColumn = own(new memory(biasColumnShape, cpu, biases.get(biases.size() - 1).get_data_handle()));
      } else {
        lastTransposed = null;
        biasColumnShape = null;
        biasColumn = null;
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The number of inputs of a row. */
  int inputs() {
    return layers.get(0).inputs();
  }

  /** The number of outputs of a row. */
  int outputs() {
    return layers.get(layers.size() - 1).outputs();
  }

  /** Replaces layer {@code layer}'s biases for the following runs. */
  void setBias(int layer, float[] bias) {
    requireOpen();
    if (bias.length != layers.get(layer).outputs()) {
      throw new IllegalArgumentException("layer " + layer + " has " + layers.get(layer).outputs() + " biases, got "
          + bias.length);
    }
    biasData.get(layer).put(bias, 0, bias.length);
  }

  /**
   * Runs {@code rows} rows through the chain: {@code rows × inputs()} values from {@code input}, starting at {@code
   * from}, row after row, and {@code rows × outputs()} values into {@code output}, laid out as this chain's {@link
   * Output} says.
   */
  void run(int rows, float[] input, int from, float[] output) {
    Batch batch = batch(rows);
    batch.input.put(input, from, rows * inputs());
    for (Step step : batch.steps) {
      step.execute(queue, false);
    }
    queue._wait();
    batch.values.get(output, 0, rows * outputs());
  }

  /**
   * As {@link #run} with {@link Output#PLANES}, but the outputs come as 8-bit samples, one plane per output: each
   * value v of the last layer's activation becomes round(255·v) (to nearest, ties to even, as {@link Frame#toByte}),
   * clamped to 0 … 255, by oneDNN in the same pass that applies the activation.
   *
   * @throws IllegalStateException if this chain lays its outputs out in {@link Output#ROWS}
   */
  void runSamples(int rows, float[] input, int from, byte[] samples) {
    Batch batch = batchWithSamples(rows);
    batch.input.put(input, from, rows * inputs());
    for (Step step : batch.steps) {
      step.execute(queue, true);
    }
    queue._wait();
    batch.samples.get(samples, 0, rows * outputs());
  }

  /**
   * Runs the chain {@code times} times over whatever its input buffer for {@code rows} rows holds, copying nothing
   * in or out: the products and activations alone, which is what a benchmark's ceiling measures.
   */
  void runResident(int rows, int times) {
    Batch batch = batch(rows);
    for (int k = 0; k < times; k++) {
      for (Step step : batch.steps) {
        step.execute(queue, false);
      }
    }
    queue._wait();
  }

  /**
   * As {@link #runSamples}, timing each layer on its own (each waits for the one before it to finish): nanoseconds per
   * layer are added to {@code nanos}.
   */
  void runTimed(int rows, float[] input, int from, byte[] samples, long[] nanos) {
    Batch batch = batchWithSamples(rows);
    batch.input.put(input, from, rows * inputs());
    for (int k = 0; k < batch.steps.size(); k++) {
      long start = System.nanoTime();
      batch.steps.get(k).execute(queue, true);
      queue._wait();
      nanos[k] += System.nanoTime() - start;
    }
    batch.samples.get(samples, 0, rows * outputs());
  }

  /**
   * The oneDNN implementation that runs layer {@code layer} for batches of {@code rows}, e.g. "brg_matmul:avx512_core",
   * or "sgemm, then jit:uni" for a last layer run as {@link Output#PLANES}.
   */
  String implementation(int layer, int rows) {
    return batch(rows).steps.get(layer).implementation();
  }

  private Batch batchWithSamples(int rows) {
    if (layout != Output.PLANES) {
      throw new IllegalStateException("8-bit samples come only with the outputs in planes");
    }
    return batch(rows);
  }

  private Batch batch(int rows) {
    requireOpen();
    if (rows < 1) {
      throw new IllegalArgumentException("a run needs at least one row, got " + rows);
    }
    Batch batch = batches.get(rows);
    if (batch == null) {
      if (batches.size() == KEPT_BATCH_SHAPES) {
        Iterator<Batch> eldest = batches.values().iterator();
        eldest.next().close();
        eldest.remove();
      }
      batch = new Batch(rows);
      batches.put(rows, batch);
    }
    return batch;
  }

  /** The primitives and activation buffers for one number of rows; the weights are shared. */
  private final class Batch {
    private final List<Pointer> batchOwned = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final FloatPointer input;
    /** The last layer's outputs as floats. */
    private final FloatPointer values;
    /** With {@link Output#PLANES}: the last layer's outputs as 8-bit samples. */
    private final @Nullable BytePointer samples;

    Batch(int rows) {
      try {
        memory.desc sourceShape = ownHere(matrix(rows, inputs()));
        memory source = ownHere(new memory(sourceShape, cpu));
        input = data(source, (long) rows * inputs());
        for (int k = 0; k < layers.size(); k++) {
          if (layout == Output.PLANES && k == layers.size() - 1) {
            source = addPlanes(source, rows);
          } else {
            memory.desc outputShape = ownHere(matrix(rows, layers.get(k).outputs()));
            source = add(k, source, sourceShape, outputShape);
            sourceShape = outputShape;
          }
        }
        values = data(source, (long) rows * outputs());
        samples = layout == Output.PLANES ? ((LastPlanes) steps.get(steps.size() - 1)).samples() : null;
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    /** Adds layer {@code k}'s step, reading {@code source}, and returns the memory it writes. */
    private memory add(int k, memory source, memory.desc sourceShape, memory.desc outputShape) {
      post_ops post = ownHere(new post_ops());
      appendActivation(post, layers.get(k));
      matmul.primitive_desc description = ownHere(new matmul.primitive_desc(cpu, sourceShape, weightShapes.get(k),
          biasShapes.get(k), outputShape, attributes(post), false));
      memory destination = ownHere(new memory(outputShape, cpu));
      IntMemoryMap arguments = ownHere(new IntMemoryMap());
      arguments.put(DNNL_ARG_SRC, source);
      arguments.put(DNNL_ARG_WEIGHTS, weights.get(k));
      arguments.put(DNNL_ARG_BIAS, biases.get(k));
      arguments.put(DNNL_ARG_DST, destination);
      steps.add(new Product(ownHere(new matmul(description)), arguments, description.impl_info_str().getString()));
      return destination;
    }

    /**
     * Adds the last layer's step as {@link Output#PLANES}, reading the rows in {@code source}, and returns the memory
     * its float planes end in. Its biases come from the chain's bias column, which {@link #setBias} writes.
     */
    private memory addPlanes(memory source, int rows) {
      Dense layer = layers.get(layers.size() - 1);
      memory.desc planesShape = ownHere(matrix(layer.outputs(), rows));
      memory planes = ownHere(new memory(planesShape, cpu));
      memory bytes = ownHere(new memory(ownHere(byteMatrix(layer.outputs(), rows)), cpu));
      // The values overwrite the product's planes; the samples go to bytes of their own.
      Finish toValues = finishing(planesShape, planes, planes, layer, false);
      Finish toSamples = finishing(planesShape, planes, bytes, layer, true);
      steps.add(new LastPlanes(layer, rows, Objects.requireNonNull(lastTransposed),
          data(source, (long) rows * layer.inputs()), data(planes, (long) rows * layer.outputs()), toValues,
          toSamples, new BytePointer(bytes.get_data_handle()).capacity((long) rows * layer.outputs())));
      return planes;
    }

    /**
     * The binary primitive that finishes the last layer in planes: adds each plane's bias, applies the activation and,
     * for {@code samples}, scales by 255 (oneDNN rounds to nearest, ties to even, and clamps as it stores bytes).
     */
    private Finish finishing(memory.desc planesShape, memory planes, memory destination, Dense layer,
        boolean samples) {
      post_ops post = ownHere(new post_ops());
      appendActivation(post, layer);
      if (samples) {
        post.append_eltwise(dnnl_eltwise_linear, 255f, 0f);
      }
      binary.primitive_desc description = ownHere(new binary.primitive_desc(cpu, algorithm.binary_add, planesShape,
          biasColumnShape, ownHere(destination.get_desc()), attributes(post), false));
      IntMemoryMap arguments = ownHere(new IntMemoryMap());
      arguments.put(DNNL_ARG_SRC_0, planes);
      arguments.put(DNNL_ARG_SRC_1, biasColumn);
      arguments.put(DNNL_ARG_DST, destination);
      return new Finish(ownHere(new binary(description)), arguments, description.impl_info_str().getString());
    }

    private void appendActivation(post_ops post, Dense layer) {
      if (layer.activation() != Activation.NONE) {
        post.append_eltwise(layer.activation().algorithm, layer.activation().alpha, 0f);
      }
    }

    private primitive_attr attributes(post_ops post) {
      primitive_attr attributes = ownHere(new primitive_attr());
      attributes.set_post_ops(post);
      return attributes;
    }

    private <P extends Pointer> P ownHere(P pointer) {
      batchOwned.add(pointer);
      return pointer;
    }

    void close() {
      for (int k = batchOwned.size() - 1; k >= 0; k--) {
        batchOwned.get(k).close();
      }
      batchOwned.clear();
    }
  }

  /** One layer of a batch. */
  private interface Step {
    /** Runs the layer on {@code queue}; the last layer in planes ends in 8-bit samples when {@code samples} says so. */
    void execute(stream queue, boolean samples);

    String implementation();
  }

  /** A layer run as one oneDNN matmul, its bias and activation fused in. */
  private record Product(matmul product, IntMemoryMap arguments, String implementation) implements Step {
    @Override
    public void execute(stream queue, boolean samples) {
      product.execute(queue, arguments);
    }
  }

  /** A binary primitive that finishes the last layer in planes, with its arguments. */
  private record Finish(binary primitive, IntMemoryMap arguments, String implementation) {}

  /**
   * The last layer in {@link Output#PLANES}: oneDNN's sgemm of its transposed {@code weights} and the rows in {@code
   * source} into float {@code planes}, then the binary primitive that finishes them as values or as {@code samples}.
   */
  private record LastPlanes(Dense layer, int rows, FloatPointer weights, FloatPointer source, FloatPointer planes,
      Finish toValues, Finish toSamples, BytePointer samples) implements Step {
    @Override
    public void execute(stream queue, boolean wantSamples) {
      queue._wait(); // sgemm reads the rows the layer before wrote, outside the stream
      // Row-major: planes (outputs × rows) = weights (outputs × inputs) · (source (rows × inputs))ᵀ.
      int status = dnnl_sgemm((byte) 'N', (byte) 'T', layer.outputs(), rows, layer.inputs(), 1f, weights,
          layer.inputs(), source, layer.inputs(), 0f, planes, rows);
      if (status != dnnl_success) {
        throw new IllegalStateException("oneDNN's sgemm failed with status " + status);
      }
      Finish finish = wantSamples ? toSamples : toValues;
      finish.primitive().execute(queue, finish.arguments());
    }

    @Override
    public String implementation() {
      String values = toValues.implementation();
      String samples = toSamples.implementation();
      return "sgemm, then " + (values.equals(samples) ? values : values + " (values) or " + samples + " (samples)");
    }
  }

  private memory filled(memory.desc shape, float[] values) {
    memory buffer = own(new memory(shape, cpu));
    data(buffer, values.length).put(values, 0, values.length);
    return buffer;
  }

  /** A row-major float matrix's shape; the caller owns it. */
  private static memory.desc matrix(long rows, long columns) {
    try (LongPointer dimensions = new LongPointer(rows, columns)) {
      return new memory.desc(dimensions, memory.data_type.f32, memory.format_tag.ab);
    }
  }

  /** A row-major matrix of unsigned bytes' shape; the caller owns it. */
  private static memory.desc byteMatrix(long rows, long columns) {
    try (LongPointer dimensions = new LongPointer(rows, columns)) {
      return new memory.desc(dimensions, memory.data_type.u8, memory.format_tag.ab);
    }
  }

  private static float[] transposed(float[] matrix, int rows, int columns) {
    float[] out = new float[matrix.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        out[j * rows + i] = matrix[i * columns + j];
      }
    }
    return out;
  }

  /** A view of a buffer's first {@code floats} floats; it does not own them. */
  private static FloatPointer data(memory buffer, long floats) {
    return new FloatPointer(buffer.get_data_handle()).capacity(floats);
  }

  private <P extends Pointer> P own(P pointer) {
    owned.add(pointer);
    return pointer;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("dense chain is closed");
    }
  }

  /** Frees every native object. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Batch batch : batches.values()) {
      batch.close();
    }
    batches.clear();
    for (int k = owned.size() - 1; k >= 0; k--) {
      owned.get(k).close();
    }
    owned.clear();
  }
}
