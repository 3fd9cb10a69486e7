package dev.zoomorph.engine.generator;

import static dev.zoomorph.engine.generator.ModelTensors.constant;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
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
 * A trained DCGAN generator, of a DCGAN or VAE-DCGAN model (see {@code docs/model-files.md}) in TensorFlow, batch of
 * one, with the model file's batch-norm population statistics. Frames come out at the model's native side whatever
 * the view asks; the renderer upscales them. The view's size and position are ignored: a DCGAN image has no plane
 * to move over.
 */
public final class DcganGenerator implements Generator {
  private static final float BN_EPSILON = 1e-5f;

  private final int latentSize;
  private final int channels;
  private final int side;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> z;
  private final Operand<TFloat32> image;
  private boolean closed;

  private DcganGenerator(ModelFile model) {
    ModelMetadata meta = model.metadata();
    ModelMetadata.Dcgan arch = meta.dcgan();
    if (!meta.kind().isDcgan() || arch == null) {
      throw new IllegalArgumentException("a DcganGenerator needs a dcgan or vae-dcgan model, not " + meta.kind());
    }
    this.latentSize = meta.latentSize();
    this.channels = meta.channels();
    this.side = arch.side();
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, latentSize)));
      int f0 = arch.filters(0);
      Operand<TFloat32> h = tf.math.add(tf.linalg.matMul(z, constant(tf, model, "g.fc.w")),
          constant(tf, model, "g.fc.b"));
      h = normRelu(tf, model, tf.reshape(h, tf.constant(new int[] {1, 4, 4, f0})), 0);
      int size = 4;
      int n = arch.upsamplings();
      for (int k = 1; k <= n; k++) {
        size *= 2;
        int out = k == n ? channels : arch.filters(k);
        h = tf.nn.conv2dBackpropInput(tf.constant(new int[] {1, size, size, out}), constant(tf, model, "g.up" + k + ".w"),
            h, List.of(1L, 2L, 2L, 1L), "SAME");
        h = k < n ? normRelu(tf, model, h, k)
            : tf.math.tanh(tf.nn.biasAdd(h, constant(tf, model, "g.up" + k + ".b")));
      }
      image = tf.math.mul(tf.math.add(h, tf.constant(1f)), tf.constant(0.5f));
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** A generator for a DCGAN model file; the caller closes it. */
  public static DcganGenerator create(ModelFile model) {
    return new DcganGenerator(model);
  }

  private static Operand<TFloat32> normRelu(Ops tf, ModelFile model, Operand<TFloat32> x, int k) {
    String p = "g.bn" + k + ".";
    Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(x, constant(tf, model, p + "mean")),
        tf.math.rsqrt(tf.math.add(constant(tf, model, p + "var"), tf.constant(BN_EPSILON))));
    return tf.nn.relu(tf.math.add(tf.math.mul(normalised, constant(tf, model, p + "gamma")),
        constant(tf, model, p + "beta")));
  }


  /** Native side in pixels. */
  public int side() {
    return side;
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public Frame render(Latent latent, View view) {
    float[] values = renderValues(latent);
    byte[] pixels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      pixels[i] = Frame.toByte(values[i]);
    }
    return new Frame(side, side, channels, pixels);
  }

  /**
   * The native picture of {@code latent} as values in [0, 1] before 8-bit rounding (row by row, {@link #channels()}
   * per pixel): what likelihood-based evaluations of a trained model need.
   */
  public float[] renderValues(Latent latent) {
    if (closed) {
      throw new IllegalStateException("generator is closed");
    }
    if (latent.size() != latentSize) {
      throw new IllegalArgumentException("latent has " + latent.size() + " components, model needs " + latentSize);
    }
    float[] values = new float[side * side * channels];
    try (TFloat32 zt = TFloat32.tensorOf(Shape.of(1, latentSize), DataBuffers.of(latent.toArray(), true, false));
        Result r = session.runner().feed(z, zt).fetch(image).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(values, false, false));
    }
    return values;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
