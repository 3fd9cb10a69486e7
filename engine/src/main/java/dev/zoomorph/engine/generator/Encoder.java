package dev.zoomorph.engine.generator;

import static dev.zoomorph.engine.generator.ModelTensors.constant;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import java.awt.image.BufferedImage;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The VAE encoder Q of a model file (CPPN-VAE-GAN or VAE-DCGAN): picture → μ, the latent that best explains it, in
 * TensorFlow as {@code docs/model-files.md} describes (convolutions, then dense layers, then the μ head). Thread-safe;
 * close it when done.
 */
public final class Encoder implements AutoCloseable {
  private final ModelMetadata meta;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> mu;
  private volatile boolean closed;

  private Encoder(ModelFile model) {
    this.meta = model.metadata();
    ModelMetadata.Encoder encoder = meta.encoder();
    if (!meta.kind().hasEncoder() || encoder == null) {
      throw new IllegalArgumentException("a " + meta.kind() + " model has no encoder; encoding needs a "
          + ModelKind.CPPN_VAE_GAN + " or " + ModelKind.VAE_DCGAN + " model");
    }
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      int width = meta.trainingWidth();
      int height = meta.trainingHeight();
      int depth = meta.channels();
      input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, height, width, depth)));
      Operand<TFloat32> h = input;
      List<Integer> convolutions = encoder.convolutions();
      for (int k = 0; k < convolutions.size(); k++) {
        h = activate(tf, tf.nn.biasAdd(tf.nn.conv2d(h, constant(tf, model, "q.c" + k + ".w"), List.of(1L, 2L, 2L, 1L),
            "SAME"), constant(tf, model, "q.c" + k + ".b")), encoder.activation());
        depth = convolutions.get(k);
        width = (width + 1) / 2;
        height = (height + 1) / 2;
      }
      h = tf.reshape(h, tf.constant(new int[] {-1, width * height * depth}));
      for (int k = 1; k <= encoder.hidden().size(); k++) {
        h = activate(tf, dense(tf, model, h, "q.h" + k), encoder.activation());
      }
      mu = dense(tf, model, h, "q.mu");
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The encoder of a VAE model file; the caller closes it. */
  public static Encoder of(ModelFile model) {
    return new Encoder(model);
  }

  private static Operand<TFloat32> dense(Ops tf, ModelFile model, Operand<TFloat32> x, String name) {
    return tf.math.add(tf.linalg.matMul(x, constant(tf, model, name + ".w")), constant(tf, model, name + ".b"));
  }

  private static Operand<TFloat32> activate(Ops tf, Operand<TFloat32> x, String activation) {
    return switch (activation) {
      case "relu" -> tf.nn.relu(x);
      case "tanh" -> tf.math.tanh(x);
      case "leaky-relu" -> tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
      default -> tf.math.softplus(x);
    };
  }


  /** Size of the latents it gives. */
  public int latentSize() {
    return meta.latentSize();
  }

  /**
   * Encodes a picture of any size as the model saw its training data: centre-cropped to a square, and for a CPPN
   * (trained on 26×26 crops of 28×28 images) resized to the training side plus two and centre-cropped; for a
   * VAE-DCGAN fitted to its side ({@link Pictures#fit}: a smaller picture centred on black, as the trainer pads
   * 28×28 IDX pictures to 32×32, a larger one resized).
   */
  public Latent encode(BufferedImage image) {
    int side = meta.trainingWidth();
    int c = meta.channels();
    if (!meta.kind().isCppn()) {
      return encode(Pictures.fit(image, c, side));
    }
    float[] big = Pictures.square(image, c, side + 2);
    float[] crop = new float[side * side * c];
    for (int y = 0; y < side; y++) {
      System.arraycopy(big, ((y + 1) * (side + 2) + 1) * c, crop, y * side * c, side * c);
    }
    return encode(crop);
  }

  /** Encodes a training-size picture (rows top to bottom, {@code channels} values in [0, 1] per pixel). */
  public Latent encode(float[] image) {
    int in = meta.trainingWidth() * meta.trainingHeight() * meta.channels();
    if (image.length != in) {
      throw new IllegalArgumentException("encoder input has " + image.length + " values, expected " + in);
    }
    if (closed) {
      throw new IllegalStateException("encoder is closed");
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, meta.trainingHeight(), meta.trainingWidth(), meta.channels()),
            DataBuffers.of(image, true, false));
        Result r = session.runner().feed(input, x).fetch(mu).run()) {
      float[] z = new float[meta.latentSize()];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(z, false, false));
      return Latent.of(z);
    }
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
