package dev.zoomorph.trainer;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.trainer.data.DataSources;
import java.awt.image.BufferedImage;

/**
 * The VAE encoder Q of a CPPN-VAE-GAN model file: image → μ, the latent that best explains it. Plain Java, because one
 * small MLP per call is not worth a TensorFlow session.
 */
public final class Encoder {
  private final ModelMetadata meta;
  private final ModelFile model;

  private Encoder(ModelFile model) {
    this.meta = model.metadata();
    this.model = model;
    if (!meta.kind().hasEncoder() || meta.encoder() == null) {
      throw new IllegalArgumentException("a " + meta.kind() + " model has no encoder; encoding needs a "
          + "cppn-vae-gan model");
    }
  }

  /** The encoder of a VAE model file. */
  public static Encoder of(ModelFile model) {
    return new Encoder(model);
  }

  /**
   * Encodes a picture of any size: centre-cropped to a square, resized to the training size plus two pixels (the
   * 28×28 the 26×26 training crops came from) and centre-cropped to the training size.
   */
  public Latent encode(BufferedImage image) {
    int side = meta.trainingWidth();
    int c = meta.channels();
    float[] big = DataSources.square(image, c, side + 2);
    float[] crop = new float[side * side * c];
    for (int y = 0; y < side; y++) {
      System.arraycopy(big, ((y + 1) * (side + 2) + 1) * c, crop, y * side * c, side * c);
    }
    return encode(crop);
  }

  /** Encodes a training-size image (rows top to bottom, {@code channels} values in [0, 1] per pixel). */
  public Latent encode(float[] image) {
    int in = meta.trainingWidth() * meta.trainingHeight() * meta.channels();
    if (image.length != in) {
      throw new IllegalArgumentException("encoder input has " + image.length + " values, expected " + in);
    }
    float[] h = image;
    int k = 1;
    ModelMetadata.Encoder encoder = meta.encoder();
    for (int width : encoder.hidden()) {
      h = activate(dense(h, model.tensor("q.h" + k + ".w").values(), model.tensor("q.h" + k + ".b").values(),
          width), encoder.activation());
      k++;
    }
    return Latent.of(dense(h, model.tensor("q.mu.w").values(), model.tensor("q.mu.b").values(),
        meta.latentSize()));
  }

  private static float[] dense(float[] x, float[] w, float[] b, int out) {
    float[] y = b.clone();
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      if (xi != 0) {
        int row = i * out;
        for (int j = 0; j < out; j++) {
          y[j] += xi * w[row + j];
        }
      }
    }
    return y;
  }

  private static float[] activate(float[] v, String activation) {
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      v[i] = (float) switch (activation) {
        case "relu" -> Math.max(0, x);
        case "tanh" -> Math.tanh(x);
        default -> x > 20 ? x : Math.log1p(Math.exp(x));
      };
    }
    return v;
  }
}
