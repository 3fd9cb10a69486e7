package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.List;
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
 * The CppnSpec network as a TensorFlow graph (pixel coordinates and the latent term fed per frame), standing in for
 * engine's CppnGenerator (branch wip/cppn) in the benchmark and one equivalence test until it is merged.
 */
final class TensorFlowCppn implements Generator {
  private final CppnWeights weights;
  private final Graph graph = new Graph();
  private final Session session = new Session(graph);
  private final Placeholder<TFloat32> coordinates;
  private final Placeholder<TFloat32> latentTerm;
  private final Operand<TFloat32> output;

  TensorFlowCppn(CppnWeights weights) {
    this.weights = weights;
    CppnSpec spec = weights.spec();
    int w = spec.width();
    Ops tf = Ops.create(graph);
    coordinates = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
    latentTerm = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, w)));
    float[] first = new float[3 * w];
    System.arraycopy(weights.wx(), 0, first, 0, w);
    System.arraycopy(weights.wy(), 0, first, w, w);
    System.arraycopy(weights.wr(), 0, first, 2 * w, w);
    Operand<TFloat32> h = tf.math.softplus(
        tf.math.add(tf.linalg.matMul(coordinates, constant(tf, first, 3, w)), latentTerm));
    List<float[]> hidden = weights.hiddenWeights();
    for (int k = 0; k < hidden.size(); k++) {
      h = tf.math.tanh(tf.math.add(tf.linalg.matMul(h, constant(tf, hidden.get(k), w, w)),
          constant(tf, weights.hiddenBiases().get(k), 1, w)));
    }
    output = tf.math.sigmoid(tf.math.add(tf.linalg.matMul(h, constant(tf, weights.wOut(), w, spec.channels())),
        constant(tf, weights.bOut(), 1, spec.channels())));
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, int rows, int cols) {
    return tf.constant(Shape.of(rows, cols), DataBuffers.of(values, true, false));
  }

  @Override
  public int latentSize() {
    return weights.spec().latentSize();
  }

  @Override
  public int channels() {
    return weights.spec().channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    CppnSpec spec = weights.spec();
    int w = spec.width();
    float scale = spec.scale();
    float[] term = weights.b0().clone();
    for (int i = 0; i < spec.latentSize(); i++) {
      float z = scale * latent.get(i);
      for (int j = 0; j < w; j++) {
        term[j] += z * weights.wz()[i * w + j];
      }
    }
    int n = view.width() * view.height();
    float[] xyr = new float[n * 3];
    for (int row = 0; row < view.height(); row++) {
      for (int col = 0; col < view.width(); col++) {
        int p = (row * view.width() + col) * 3;
        float x = scale * (float) view.planeX(col, row);
        float y = scale * (float) view.planeY(col, row);
        xyr[p] = x;
        xyr[p + 1] = y;
        xyr[p + 2] = (float) Math.sqrt(x * x + y * y);
      }
    }
    float[] values = new float[n * spec.channels()];
    try (TFloat32 coords = TFloat32.tensorOf(Shape.of(n, 3), DataBuffers.of(xyr, true, false));
        TFloat32 latentRow = TFloat32.tensorOf(Shape.of(1, w), DataBuffers.of(term, true, false));
        Result result = session.runner().feed(coordinates, coords).feed(latentTerm, latentRow).fetch(output).run()) {
      ((TFloat32) result.get(0)).asRawTensor().data().asFloats().read(values);
    }
    byte[] pixels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      pixels[i] = Frame.toByte(values[i]);
    }
    return new Frame(view.width(), view.height(), spec.channels(), pixels);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
