package dev.zoomorph.trainer;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Graph-building helpers shared by the trainable models: seeded variables registered under their model-file names,
 * dense/conv/batch-norm layers, a numerically stable sigmoid cross-entropy, and per-variable-list Adam updates.
 */
final class Nn {
  final Graph graph;
  final Ops tf;
  private final SplittableRandom init;
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();

  Nn(Graph graph, long seed) {
    this.graph = graph;
    this.tf = Ops.create(graph);
    this.init = new SplittableRandom(seed);
  }

  /** A variable named like its model-file tensor ({@code g.h1.w}), initialised from {@code values}. */
  Variable<TFloat32> variable(String name, float[] values, int... shape) {
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    Variable<TFloat32> v = tf.withName(name.replace('.', '_'))
        .variable(tf.constant(Shape.of(dims), DataBuffers.of(values, true, false)));
    variables.put(name, v);
    shapes.put(name, shape.clone());
    return v;
  }

  /** The variable registered under {@code name}. */
  Variable<TFloat32> get(String name) {
    Variable<TFloat32> v = variables.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no variable " + name);
    }
    return v;
  }

  /** Weights drawn from N(mean, sd²) with this model's seeded generator (so initialisation is reproducible). */
  float[] normal(int n, double mean, double sd) {
    float[] v = Latent.gaussian(n, init).toArray();
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + sd * v[i]);
    }
    return v;
  }

  /** A variable of the given shape with N(mean, sd²) values. */
  Variable<TFloat32> normalVariable(String name, double mean, double sd, int... shape) {
    return variable(name, normal(count(shape), mean, sd), shape);
  }

  Variable<TFloat32> zerosVariable(String name, int... shape) {
    return variable(name, new float[count(shape)], shape);
  }

  List<Variable<TFloat32>> variablesWithPrefix(String prefix) {
    List<Variable<TFloat32>> out = new ArrayList<>();
    variables.forEach((name, v) -> {
      if (name.startsWith(prefix)) {
        out.add(v);
      }
    });
    return out;
  }

  Operand<TFloat32> dense(Operand<TFloat32> x, Operand<TFloat32> w, Operand<TFloat32> b) {
    return tf.math.add(tf.linalg.matMul(x, w), b);
  }

  Operand<TFloat32> conv(Operand<TFloat32> x, Operand<TFloat32> w, Operand<TFloat32> b, int stride) {
    return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME"), b);
  }

  /** Batch normalisation over all axes but the last, with the batch's own statistics (as in training). */
  Operand<TFloat32> batchNorm(Operand<TFloat32> x, Operand<TFloat32> gamma, Operand<TFloat32> beta) {
    Moments moments = moments(x);
    Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(x, moments.mean()),
        tf.math.rsqrt(tf.math.add(moments.variance(), tf.constant(BN_EPSILON))));
    return tf.math.add(tf.math.mul(normalised, gamma), beta);
  }

  /** Per-channel batch statistics. */
  record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance) {}

  /** Mean and variance over all axes but the last. */
  Moments moments(Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(axes));
    Operand<TFloat32> variance = tf.math.mean(tf.math.square(tf.math.sub(x, mean)), tf.constant(axes));
    return new Moments(mean, variance);
  }

  static final float BN_EPSILON = 1e-5f;

  Operand<TFloat32> leakyRelu(Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
  }

  /** Element-wise sigmoid cross-entropy of logits x against targets z: max(x, 0) − x·z + log(1 + e^−|x|). */
  Operand<TFloat32> sigmoidCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> targets) {
    return tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, targets)),
        tf.math.softplus(tf.math.neg(tf.math.abs(logits))));
  }

  /** Mean sigmoid cross-entropy of the logits against a constant target (1 = real, 0 = fake). */
  Operand<TFloat32> meanCrossEntropy(Operand<TFloat32> logits, float target) {
    Operand<TFloat32> targets = tf.fill(tf.shape(logits), tf.constant(target));
    return tf.math.mean(sigmoidCrossEntropy(logits, targets), tf.constant(new int[] {0, 1}));
  }

  /**
   * An Adam step (Kingma and Ba, with TensorFlow's ApplyAdam kernel) on {@code loss} that updates only {@code vars};
   * {@code name} keeps the slot variables apart.
   *
   * <p>Written here rather than taken from tensorflow-framework's {@code Adam}: that one (1.0.0) updates β₁ᵗ and β₂ᵗ
   * in parallel with the ApplyAdam ops that read them by reference, so each weight's step used one power or the next
   * depending on thread timing, and training was not reproducible even on one thread.
   */
  Op adam(String name, Operand<TFloat32> loss, List<Variable<TFloat32>> vars, float learningRate, float beta1) {
    Output<?>[] xs = vars.stream().map(Variable::asOutput).toArray(Output[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    // Variables are read by reference: without this gate, an update could overwrite W before the backward pass has
    // used W to carry the gradient to the layers below. Every update waits until every gradient is computed.
    List<Op> computed = new ArrayList<>();
    for (Output<?> g : grads) {
      computed.add(tf.identity(asFloat(g)));
    }
    Ops afterGradients = tf.withControlDependencies(computed);
    Variable<TFloat32> beta1Power = scalarVariable(name + "_beta1_power", beta1);
    Variable<TFloat32> beta2Power = scalarVariable(name + "_beta2_power", ADAM_BETA2);
    Operand<TFloat32> rate = tf.constant(learningRate);
    Operand<TFloat32> b1 = tf.constant(beta1);
    Operand<TFloat32> b2 = tf.constant(ADAM_BETA2);
    Operand<TFloat32> epsilon = tf.constant(ADAM_EPSILON);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      String slot = name + "_" + v.op().name();
      Variable<TFloat32> m = tf.withName(slot + "_m").variable(tf.zeros(tf.shape(v), TFloat32.class));
      Variable<TFloat32> s = tf.withName(slot + "_v").variable(tf.zeros(tf.shape(v), TFloat32.class));
      updates.add(afterGradients.train.applyAdam(v, m, s, beta1Power, beta2Power, rate, b1, b2, epsilon,
          asFloat(grads[i]), ApplyAdam.useLocking(true)));
    }
    // The powers advance only once every update has read them.
    Ops afterUpdates = tf.withControlDependencies(updates);
    Op nextBeta1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, b1));
    Op nextBeta2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, b2));
    return tf.withName(name).withControlDependencies(List.of(nextBeta1, nextBeta2)).noOp();
  }

  static final float ADAM_BETA2 = 0.999f;
  static final float ADAM_EPSILON = 1e-8f;

  private Variable<TFloat32> scalarVariable(String opName, float value) {
    return tf.withName(opName).variable(tf.constant(value));
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> asFloat(Output<?> output) {
    return (Operand<TFloat32>) output;
  }

  /** Current values of every registered variable whose name starts with one of the prefixes, as model tensors. */
  List<ModelTensor> export(Session session, String... prefixes) {
    List<ModelTensor> out = new ArrayList<>();
    for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
      if (Arrays.stream(prefixes).anyMatch(e.getKey()::startsWith)) {
        try (TFloat32 t = (TFloat32) session.runner().fetch(e.getValue()).run().get(0)) {
          out.add(new ModelTensor(e.getKey(), shapes.get(e.getKey()), read(t)));
        }
      }
    }
    return out;
  }

  static float[] read(Tensor tensor) {
    TFloat32 t = (TFloat32) tensor;
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static TFloat32 tensor(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  static int count(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
