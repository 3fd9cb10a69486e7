package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Offline CPPN rendering for the trainer's {@code sample} and {@code morph} commands and its evaluations: CppnSpec's
 * maths in TensorFlow at any view, in chunks of pixels so 4K frames fit in memory. (The live show uses the engine's
 * own CPPN generator; this one favours simplicity over frame-rate tricks.)
 */
final class CppnRender implements Generator {
  private static final int CHUNK = 1 << 16;

  private final CppnSpec spec;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> coords;
  private final Placeholder<TFloat32> z;
  private final Operand<TFloat32> out;

  CppnRender(CppnWeights w) {
    this.spec = w.spec();
    int width = spec.width();
    graph = new Graph();
    Ops tf = Ops.create(graph);
    coords = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
    z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, spec.latentSize())));
    float[] xyr = new float[3 * width];
    System.arraycopy(w.wx(), 0, xyr, 0, width);
    System.arraycopy(w.wy(), 0, xyr, width, width);
    System.arraycopy(w.wr(), 0, xyr, 2 * width, width);
    Operand<TFloat32> perLatent = tf.math.add(
        tf.linalg.matMul(tf.math.mul(z, tf.constant(spec.scale())), constant(tf, w.wz(), spec.latentSize(), width)),
        constant(tf, w.b0(), width));
    Operand<TFloat32> h = tf.math.softplus(
        tf.math.add(tf.linalg.matMul(coords, constant(tf, xyr, 3, width)), perLatent));
    for (int k = 0; k < w.hiddenWeights().size(); k++) {
      h = tf.math.tanh(tf.math.add(tf.linalg.matMul(h, constant(tf, w.hiddenWeights().get(k), width, width)),
          constant(tf, w.hiddenBiases().get(k), width)));
    }
    out = tf.math.sigmoid(tf.math.add(tf.linalg.matMul(h, constant(tf, w.wOut(), width, spec.channels())),
        constant(tf, w.bOut(), spec.channels())));
    session = new Session(graph);
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
    return tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  @Override
  public int latentSize() {
    return spec.latentSize();
  }

  @Override
  public int channels() {
    return spec.channels();
  }

  /** Values in [0, 1], row by row, {@code channels} per pixel. */
  float[] renderValues(Latent latent, View view) {
    int pixels = view.width() * view.height();
    int c = spec.channels();
    float[] result = new float[pixels * c];
    float s = spec.scale();
    try (TFloat32 zt = Nn.tensor(latent.toArray(), 1, spec.latentSize())) {
      for (int start = 0; start < pixels; start += CHUNK) {
        int n = Math.min(CHUNK, pixels - start);
        float[] xyr = new float[n * 3];
        for (int p = 0; p < n; p++) {
          int i = (start + p) % view.width();
          int j = (start + p) / view.width();
          float x = (float) (s * view.planeX(i, j));
          float y = (float) (s * view.planeY(i, j));
          xyr[3 * p] = x;
          xyr[3 * p + 1] = y;
          xyr[3 * p + 2] = (float) Math.sqrt(x * x + y * y);
        }
        try (TFloat32 ct = Nn.tensor(xyr, n, 3);
            Result r = session.runner().feed(coords, ct).feed(z, zt).fetch(out).run()) {
          System.arraycopy(Nn.read(r.get(0)), 0, result, start * c, n * c);
        }
      }
    }
    return result;
  }

  @Override
  public Frame render(Latent latent, View view) {
    if (latent.size() != spec.latentSize()) {
      throw new IllegalArgumentException(
          "latent has " + latent.size() + " components, model needs " + spec.latentSize());
    }
    float[] values = renderValues(latent, view);
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = Frame.toByte(values[i]);
    }
    return new Frame(view.width(), view.height(), spec.channels(), bytes);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
