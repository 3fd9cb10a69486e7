package dev.zoomorph.engine.generator;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_logistic;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_soft_relu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain of dense layers, each a oneDNN matrix product with its bias and activation fused in: rows of inputs in,
 * rows of outputs out, on every core.
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
     * Output after output: output j of every row at {@code [j × rows …]}. The last layer then runs transposed,
     * (outputs × inputs)·(inputs × rows), so that a narrow last layer (a CPPN's 3 colours) fills the CPU's vectors
     * with rows instead of padding its 3 outputs to 16 lanes, for its product and its activation alike: the layer
     * takes about 0.6 of the time (BENCHMARKS.md).
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
  private final memory.@Nullable desc lastTransposedShape;
  private final @Nullable memory lastTransposed;
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
        lastTransposedShape = own(matrix(last.outputs(), last.inputs()));
        lastTransposed = filled(lastTransposedShape, transposed(last.weights(), last.inputs(), last.outputs()));
      } else {
        lastTransposedShape = null;
        lastTransposed = null;
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
    if (layout == Output.PLANES && layer == layers.size() - 1) {
      for (Batch batch : batches.values()) {
        batch.fillBiasPlanes();
      }
    }
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
      step.product.execute(queue, step.arguments);
    }
    queue._wait();
    batch.output.get(output, 0, rows * outputs());
  }

  /**
   * Runs the chain {@code times} times over whatever its input buffer for {@code rows} rows holds, copying nothing
   * in or out: the products and activations alone, which is what a benchmark's ceiling measures.
   */
  void runResident(int rows, int times) {
    Batch batch = batch(rows);
    for (int k = 0; k < times; k++) {
      for (Step step : batch.steps) {
        step.product.execute(queue, step.arguments);
      }
    }
    queue._wait();
  }

  /**
   * As {@link #run}, timing each layer on its own (each waits for the one before it to finish): nanoseconds per layer
   * are added to {@code nanos}.
   */
  void runTimed(int rows, float[] input, int from, float[] output, long[] nanos) {
    Batch batch = batch(rows);
    batch.input.put(input, from, rows * inputs());
    for (int k = 0; k < batch.steps.size(); k++) {
      long start = System.nanoTime();
      batch.steps.get(k).product.execute(queue, batch.steps.get(k).arguments);
      queue._wait();
      nanos[k] += System.nanoTime() - start;
    }
    batch.output.get(output, 0, rows * outputs());
  }

  /** The oneDNN implementation that runs layer {@code layer} for batches of {@code rows}, e.g. "brg_matmul:avx512_core". */
  String implementation(int layer, int rows) {
    return batch(rows).steps.get(layer).implementation;
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
    private final int rows;
    private final FloatPointer input;
    private final FloatPointer output;
    /** With {@link Output#PLANES}: the last layer's biases, one plane of {@code rows} per output. */
    private @Nullable FloatPointer biasPlanes;

    Batch(int rows) {
      this.rows = rows;
      try {
        memory.desc sourceShape = ownHere(matrix(rows, inputs()));
        memory source = ownHere(new memory(sourceShape, cpu));
        input = data(source, (long) rows * inputs());
        for (int k = 0; k < layers.size(); k++) {
          if (layout == Output.PLANES && k == layers.size() - 1) {
            source = addTransposed(source);
          } else {
            memory.desc outputShape = ownHere(matrix(rows, layers.get(k).outputs()));
            source = add(k, source, sourceShape, outputShape);
            sourceShape = outputShape;
          }
        }
        output = data(source, (long) rows * outputs());
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
      steps.add(new Step(ownHere(new matmul(description)), arguments, description.impl_info_str().getString()));
      return destination;
    }

    /**
     * Adds the last layer's step transposed ({@link Output#PLANES}): weightsᵀ·sourceᵀ, where sourceᵀ is the rows
     * read column by column, in place. oneDNN's fast matmul takes biases only per column, and a per-row bias post-op
     * fell back to its reference code (200 times slower), so the biases come as a binary add of one plane per output.
     */
    private memory addTransposed(memory source) {
      Dense layer = layers.get(layers.size() - 1);
      memory.desc sourceColumns = ownHere(columns(layer.inputs(), rows));
      memory columns = ownHere(new memory(sourceColumns, cpu, source.get_data_handle()));
      memory.desc outputShape = ownHere(matrix(layer.outputs(), rows));
      memory biasPlaneMemory = ownHere(new memory(outputShape, cpu));
      biasPlanes = data(biasPlaneMemory, (long) rows * layer.outputs());
      fillBiasPlanes();
      post_ops post = ownHere(new post_ops());
      post.append_binary(dnnl_binary_add, outputShape);
      appendActivation(post, layer);
      matmul.primitive_desc description = ownHere(new matmul.primitive_desc(cpu, lastTransposedShape, sourceColumns,
          outputShape, attributes(post), false));
      memory destination = ownHere(new memory(outputShape, cpu));
      IntMemoryMap arguments = ownHere(new IntMemoryMap());
      arguments.put(DNNL_ARG_SRC, lastTransposed);
      arguments.put(DNNL_ARG_WEIGHTS, columns);
      // The second operand of post-op 0, the binary add (oneDNN's DNNL_ARG_ATTR_MULTIPLE_POST_OP(0)).
      arguments.put(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1, biasPlaneMemory);
      arguments.put(DNNL_ARG_DST, destination);
      steps.add(new Step(ownHere(new matmul(description)), arguments, description.impl_info_str().getString()));
      return destination;
    }

    /** Writes the last layer's biases, as they are now, into this batch's planes (with {@link Output#PLANES}). */
    void fillBiasPlanes() {
      FloatPointer planes = biasPlanes;
      if (planes == null) {
        return;
      }
      float[] values = new float[rows * outputs()];
      for (int j = 0; j < outputs(); j++) {
        Arrays.fill(values, j * rows, (j + 1) * rows, biasData.get(layers.size() - 1).get(j));
      }
      planes.put(values, 0, values.length);
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

  private record Step(matmul product, IntMemoryMap arguments, String implementation) {}

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

  /** A matrix's shape stored column after column (its transpose, row-major); the caller owns it. */
  private static memory.desc columns(long rows, long columns) {
    try (LongPointer dimensions = new LongPointer(rows, columns)) {
      return new memory.desc(dimensions, memory.data_type.f32, memory.format_tag.ba);
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
