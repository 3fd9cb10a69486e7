package dev.zoomorph.trainer;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The denoising autoencoder (Vincent et al.), convolutional so it cleans pictures of any size: it learns to give back
 * the clean image from a corrupted one. Corruption: Gaussian noise of {@link TrainConfig#noiseSigma()}, clamped to
 * [0, 1], then a {@link TrainConfig#noiseSaltPepper()} fraction of pixels set to black or white. The network is the
 * one {@code docs/model-files.md} describes (3×3 convolutions, one stride-2 step down and back up, a skip connection
 * from the first layer), trained on per-pixel cross-entropy against the clean image with Adam. The engine's
 * {@code Denoiser} runs the exported weights.
 */
final class DenoiserModel extends GraphModel {
  private final int size;
  private final int channels;
  private final int filters;
  private final Placeholder<TFloat32> noisy;
  private final Placeholder<TFloat32> clean;
  private final Operand<TFloat32> denoised;
  private final Operand<TFloat32> loss;
  private final Op train;

  DenoiserModel(TrainConfig config) {
    super(config);
    this.size = config.imageSize();
    this.channels = config.channels();
    this.filters = config.denoiserFilters();
    noisy = tf.withName("noisy").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)));
    clean = tf.withName("clean").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)));
    int f = filters;
    int[][] shapes = {{channels, f}, {f, 2 * f}, {2 * f, 2 * f}, {3 * f, f}, {f, channels}};
    List<Variable<TFloat32>> vars = new ArrayList<>();
    for (int k = 0; k < shapes.length; k++) {
      // He initialisation for the ReLU layers.
      vars.add(nn.normalVariable("n.c" + (k + 1) + ".w", 0, Math.sqrt(2.0 / (9 * shapes[k][0])), 3, 3, shapes[k][0],
          shapes[k][1]));
      vars.add(nn.zerosVariable("n.c" + (k + 1) + ".b", shapes[k][1]));
    }
    Operand<TFloat32> c1 = tf.nn.relu(nn.conv(noisy, vars.get(0), vars.get(1), 1));
    Operand<TFloat32> c2 = tf.nn.relu(nn.conv(c1, vars.get(2), vars.get(3), 2));
    Operand<TFloat32> c3 = tf.nn.relu(nn.conv(c2, vars.get(4), vars.get(5), 1));
    Operand<TInt32> fullSize = tf.slice(tf.shape(c1), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
    Operand<TFloat32> up = tf.image.resizeNearestNeighbor(c3, fullSize);
    Operand<TFloat32> c4 = tf.nn.relu(nn.conv(tf.concat(List.of(up, c1), tf.constant(3)), vars.get(6), vars.get(7), 1));
    Operand<TFloat32> logits = nn.conv(c4, vars.get(8), vars.get(9), 1);
    denoised = tf.math.sigmoid(logits);
    loss = tf.math.mean(nn.sigmoidCrossEntropy(logits, clean), tf.constant(new int[] {0, 1, 2, 3}));
    train = nn.adam("adam_n", loss, vars, config.learningRateG(), config.beta1());
    startSession();
  }

  /**
   * {@code images} corrupted as the denoiser is trained: Gaussian noise of standard deviation {@code sigma} clamped to
   * [0, 1], then each pixel (all its channels) black or white with probability {@code saltPepper} (half each).
   */
  static float[] corrupt(float[] images, int channels, float sigma, float saltPepper, SplittableRandom random) {
    float[] out = new float[images.length];
    float[] noise = Latent.gaussian(images.length, random).toArray();
    for (int i = 0; i < images.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, images[i] + sigma * noise[i]));
    }
    for (int p = 0; p < images.length / channels; p++) {
      double u = random.nextDouble();
      if (u < saltPepper) {
        float level = u < saltPepper / 2 ? 0f : 1f;
        for (int c = 0; c < channels; c++) {
          out[p * channels + c] = level;
        }
      }
    }
    return out;
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public int channels() {
    return channels;
  }

  /** A denoiser has no latent. */
  @Override
  public int latentSize() {
    return 0;
  }

  @Override
  public Map<String, Double> step(float[] batch, int batchSize, SplittableRandom random) {
    float[] corrupted = corrupt(batch, channels, config.noiseSigma(), config.noiseSaltPepper(), random);
    try (TFloat32 x = Nn.tensor(corrupted, batchSize, size, size, channels);
        TFloat32 y = Nn.tensor(batch, batchSize, size, size, channels);
        Result r = session().runner().feed(noisy, x).feed(clean, y).fetch(loss).addTarget(train).run()) {
      Map<String, Double> losses = new LinkedHashMap<>();
      losses.put("denoise", (double) ((TFloat32) r.get(0)).getFloat());
      return losses;
    }
  }

  /** The denoised pictures of {@code count} corrupted training-size images. */
  @Override
  public float[] generate(float[] corrupted, int count) {
    try (TFloat32 x = Nn.tensor(corrupted, count, size, size, channels);
        Result r = session().runner().feed(noisy, x).fetch(denoised).run()) {
      return Nn.read(r.get(0));
    }
  }

  @Override
  public List<ModelTensor> export() {
    return nn.export(session(), "n.");
  }

  @Override
  public ModelMetadata metadata(long steps, Map<String, Double> losses, ModelMetadata.Dataset dataset,
      String command, long seed) {
    List<ModelMetadata.Layer> layers = List.of(
        new ModelMetadata.Layer("n.c1", filters, "relu"),
        new ModelMetadata.Layer("n.c2", 2 * filters, "relu (stride 2)"),
        new ModelMetadata.Layer("n.c3", 2 * filters, "relu"),
        new ModelMetadata.Layer("n.c4", filters, "relu (upsampled n.c3 + n.c1)"),
        new ModelMetadata.Layer("n.c5", channels, "sigmoid"));
    return new ModelMetadata(ModelKind.DENOISER, 0, channels, size, size, null, null, null,
        new ModelMetadata.Denoiser(filters,
        Double.parseDouble(Float.toString(config.noiseSigma())),
        Double.parseDouble(Float.toString(config.noiseSaltPepper()))), layers, dataset, steps, losses, command, seed);
  }
}
