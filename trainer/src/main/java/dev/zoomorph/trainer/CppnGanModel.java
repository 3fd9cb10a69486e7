package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.jspecify.annotations.Nullable;
import org.tensorflow.types.TFloat32;

/**
 * Ha's CPPN-VAE-GAN (or, without the encoder, the CPPN-GAN) as one TensorFlow graph.
 *
 * <p>G is exactly {@code CppnSpec}'s maths over the training image's pixel centres placed as {@code View} places them,
 * so the exported weights render the same in the live {@code CppnGenerator}. Q is an MLP over the flattened image giving
 * μ and log σ²; z = μ + σ·ε. D is Ha's convnet: three 5×5 stride-2 convolutions (batch norm on the last two, leaky
 * ReLU) and a linear logit. Losses as Ha: VAE = mean over the batch of (per-pixel reconstruction cross-entropy summed
 * + KL), divided by the pixel count; D = mean of real and fake cross-entropies; G = cross-entropy of D on fakes against
 * "real"; G's optimiser minimises G + VAE over Q and G.
 */
final class CppnGanModel extends GraphModel {
  private final boolean vae;
  private final int size;
  private final int channels;
  private final int latent;

  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> noise;
  private final Placeholder<TFloat32> sampleZ;
  private final Operand<TFloat32> sampleImages;
  private final Operand<TFloat32> mu;
  private final Operand<TFloat32> dLoss;
  private final Operand<TFloat32> gLoss;
  private final Operand<TFloat32> vaeLoss;
  private final Op dTrain;
  private final Op gTrain;
  private final @Nullable Op vaeTrain;

  // Generator variables in CppnSpec order.
  private Variable<TFloat32> wz;
  private Variable<TFloat32> wx;
  private Variable<TFloat32> wy;
  private Variable<TFloat32> wr;
  private Variable<TFloat32> b0;
  private final List<Variable<TFloat32>> hiddenW = new ArrayList<>();
  private final List<Variable<TFloat32>> hiddenB = new ArrayList<>();
  private Variable<TFloat32> wOut;
  private Variable<TFloat32> bOut;

  CppnGanModel(TrainConfig config) {
    super(config);
    this.vae = config.kind() == ModelKind.CPPN_VAE_GAN;
    this.size = config.imageSize();
    this.channels = config.channels();
    this.latent = config.latentSize();

    images = tf.withName("images").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, size, size, channels)));
    noise = tf.withName("noise").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
    sampleZ = tf.withName("sample_z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));

    createGenerator();
    Operand<TFloat32> flat = tf.reshape(images, tf.constant(new int[] {-1, size * size * channels}));
    Operand<TFloat32> z;
    @Nullable Operand<TFloat32> logVar = null;
    if (vae) {
      Posterior q = encoder(flat);
      mu = q.mu();
      logVar = q.logVar();
      z = tf.math.add(mu, tf.math.mul(tf.math.exp(tf.math.mul(logVar, tf.constant(0.5f))), noise));
    } else {
      mu = tf.identity(noise);
      z = noise;
    }
    Operand<TFloat32> fakeLogits = generatorLogits(z);
    Operand<TFloat32> fake = tf.math.sigmoid(fakeLogits);
    sampleImages = tf.math.sigmoid(generatorLogits(sampleZ));

    createDiscriminator();
    Operand<TFloat32> dReal = discriminator(images);
    Operand<TFloat32> dFake = discriminator(fake);
    dLoss = tf.math.mul(tf.math.add(nn.meanCrossEntropy(dReal, 1f), nn.meanCrossEntropy(dFake, 0f)),
        tf.constant(0.5f));
    gLoss = nn.meanCrossEntropy(dFake, 1f);

    List<Variable<TFloat32>> gVars = nn.variablesWithPrefix("g.");
    List<Variable<TFloat32>> dVars = nn.variablesWithPrefix("d.");
    dTrain = nn.adam("adam_d", dLoss, dVars, config.learningRateD(), config.beta1());
    if (vae) {
      Operand<TFloat32> fakeFlat = tf.reshape(fakeLogits, tf.constant(new int[] {-1, size * size * channels}));
      Operand<TFloat32> reconstruction = tf.sum(nn.sigmoidCrossEntropy(fakeFlat, flat), tf.constant(1));
      Operand<TFloat32> kl = tf.math.mul(tf.constant(-0.5f), tf.sum(
          tf.math.sub(tf.math.sub(tf.math.add(tf.constant(1f), logVar), tf.math.square(mu)), tf.math.exp(logVar)),
          tf.constant(1)));
      vaeLoss = tf.math.div(tf.math.mean(tf.math.add(reconstruction, kl), tf.constant(0)),
          tf.constant((float) (size * size * channels)));
      List<Variable<TFloat32>> qgVars = new ArrayList<>(nn.variablesWithPrefix("q."));
      qgVars.addAll(gVars);
      vaeTrain = nn.adam("adam_vae", vaeLoss, qgVars, config.learningRateVae(), config.beta1());
      gTrain = nn.adam("adam_g", tf.math.add(gLoss, vaeLoss), qgVars, config.learningRateG(), config.beta1());
    } else {
      vaeLoss = tf.constant(0f);
      vaeTrain = null;
      gTrain = nn.adam("adam_g", gLoss, gVars, config.learningRateG(), config.beta1());
    }
    startSession();
  }

  private void createGenerator() {
    int w = config.cppnWidth();
    // Ha's initialisation for every CPPN weight and bias: N(0, 0.1²).
    wz = nn.normalVariable("g.wz", 0, 0.1, latent, w);
    wx = nn.normalVariable("g.wx", 0, 0.1, w);
    wy = nn.normalVariable("g.wy", 0, 0.1, w);
    wr = nn.normalVariable("g.wr", 0, 0.1, w);
    b0 = nn.normalVariable("g.b0", 0, 0.1, w);
    for (int k = 1; k < config.cppnDepth(); k++) {
      hiddenW.add(nn.normalVariable("g.h" + k + ".w", 0, 0.1, w, w));
      hiddenB.add(nn.normalVariable("g.h" + k + ".b", 0, 0.1, w));
    }
    wOut = nn.normalVariable("g.out.w", 0, 0.1, w, channels);
    bOut = nn.normalVariable("g.out.b", 0, 0.1, channels);
  }

  /** Pixel-centre coordinates (scale·x, scale·y, r) of the training image, row by row, per {@code View}. */
  private Operand<TFloat32> coordinates() {
    View view = View.of(size, size);
    float scale = config.cppnScale();
    float[] xyr = new float[size * size * 3];
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        float x = (float) (scale * view.planeX(i, j));
        float y = (float) (scale * view.planeY(i, j));
        int n = (j * size + i) * 3;
        xyr[n] = x;
        xyr[n + 1] = y;
        xyr[n + 2] = (float) Math.sqrt(x * x + y * y);
      }
    }
    return tf.constant(Shape.of(size * size, 3), DataBuffers.of(xyr, true, false));
  }

  /** G's output logits, NHWC, for latents z (any batch size). */
  private Operand<TFloat32> generatorLogits(Operand<TFloat32> z) {
    int w = config.cppnWidth();
    Operand<TFloat32> coordWeights = tf.concat(List.of(
        tf.reshape(wx, tf.constant(new int[] {1, w})),
        tf.reshape(wy, tf.constant(new int[] {1, w})),
        tf.reshape(wr, tf.constant(new int[] {1, w}))), tf.constant(0));
    Operand<TFloat32> perPixel = tf.linalg.matMul(coordinates(), coordWeights);
    Operand<TFloat32> perLatent =
        nn.dense(tf.math.mul(z, tf.constant(config.cppnScale())), wz, b0);
    Operand<TFloat32> h = tf.math.softplus(tf.math.add(
        tf.expandDims(perLatent, tf.constant(1)), tf.expandDims(perPixel, tf.constant(0))));
    h = tf.reshape(h, tf.constant(new int[] {-1, w}));
    for (int k = 0; k < hiddenW.size(); k++) {
      h = tf.math.tanh(nn.dense(h, hiddenW.get(k), hiddenB.get(k)));
    }
    Operand<TFloat32> logits = nn.dense(h, wOut, bOut);
    return tf.reshape(logits, tf.constant(new int[] {-1, size, size, channels}));
  }

  /** Q's outputs: the mean and log variance of z given an image. */
  private record Posterior(Operand<TFloat32> mu, Operand<TFloat32> logVar) {}

  private Posterior encoder(Operand<TFloat32> flat) {
    int in = size * size * channels;
    Operand<TFloat32> h = flat;
    int k = 1;
    for (int width : config.encoderHidden()) {
      // Ha's linear layers: N(0, 0.02²) weights, zero biases.
      Variable<TFloat32> w = nn.normalVariable("q.h" + k + ".w", 0, 0.02, in, width);
      Variable<TFloat32> b = nn.zerosVariable("q.h" + k + ".b", width);
      h = tf.math.softplus(nn.dense(h, w, b));
      in = width;
      k++;
    }
    Operand<TFloat32> m = nn.dense(h, nn.normalVariable("q.mu.w", 0, 0.02, in, latent),
        nn.zerosVariable("q.mu.b", latent));
    Operand<TFloat32> lv = nn.dense(h, nn.normalVariable("q.logvar.w", 0, 0.02, in, latent),
        nn.zerosVariable("q.logvar.b", latent));
    return new Posterior(m, lv);
  }

  private final List<Variable<TFloat32>> dVars = new ArrayList<>();

  private void createDiscriminator() {
    int f = config.discriminatorFilters();
    int[] filters = {channels, f, 2 * f, 4 * f};
    for (int k = 0; k < 3; k++) {
      dVars.add(nn.normalVariable("d.c" + k + ".w", 0, 0.02, 5, 5, filters[k], filters[k + 1]));
      dVars.add(nn.zerosVariable("d.c" + k + ".b", filters[k + 1]));
      if (k > 0) {
        dVars.add(nn.normalVariable("d.bn" + k + ".gamma", 1, 0.02, filters[k + 1]));
        dVars.add(nn.zerosVariable("d.bn" + k + ".beta", filters[k + 1]));
      }
    }
    int side = size;
    for (int k = 0; k < 3; k++) {
      side = (side + 1) / 2;
    }
    dVars.add(nn.normalVariable("d.out.w", 0, 0.02, side * side * 4 * f, 1));
    dVars.add(nn.zerosVariable("d.out.b", 1));
  }

  /** D's logits [batch, 1]. */
  private Operand<TFloat32> discriminator(Operand<TFloat32> x) {
    Operand<TFloat32> h = nn.leakyRelu(nn.conv(x, dVars.get(0), dVars.get(1), 2));
    h = nn.leakyRelu(nn.batchNorm(nn.conv(h, dVars.get(2), dVars.get(3), 2), dVars.get(4), dVars.get(5)));
    h = nn.leakyRelu(nn.batchNorm(nn.conv(h, dVars.get(6), dVars.get(7), 2), dVars.get(8), dVars.get(9)));
    int flat = (int) dVars.get(10).shape().get(0);
    return nn.dense(tf.reshape(h, tf.constant(new int[] {-1, flat})), dVars.get(10), dVars.get(11));
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int latentSize() {
    return latent;
  }

  /**
   * One update of {@code part} on the batch with fresh noise, or just its loss when {@code train} is false; returns the
   * loss before the update.
   */
  float update(GanPart part, boolean train, float[] batch, int batchSize, SplittableRandom random) {
    switch (part) {
      case VAE:
        if (!vae) {
          throw new IllegalStateException("a " + config.kind() + " model has no VAE loss");
        }
        return run(batch, batchSize, random, train ? vaeTrain : null, vaeLoss);
      case G:
        return run(batch, batchSize, random, train ? gTrain : null, gLoss);
      default:
        return run(batch, batchSize, random, train ? dTrain : null, dLoss);
    }
  }

  private float run(float[] batch, int batchSize, SplittableRandom random, @Nullable Op train, Operand<TFloat32> loss) {
    float[] eps = new float[batchSize * latent];
    for (int i = 0; i < eps.length; i++) {
      eps[i] = (float) gaussian(random);
    }
    try (TFloat32 x = Nn.tensor(batch, batchSize, size, size, channels);
        TFloat32 e = Nn.tensor(eps, batchSize, latent)) {
      Session.Runner runner = session().runner().feed(images, x).feed(noise, e).fetch(loss);
      if (train != null) {
        runner.addTarget(train);
      }
      try (Result r = runner.run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    return Latent.gaussian(1, random).get(0);
  }

  @Override
  public Map<String, Double> step(float[] batch, int batchSize, SplittableRandom random) {
    Map<String, Double> losses = new LinkedHashMap<>();
    if (vae) {
      float v = 0;
      for (int i = 0; i < config.vaeUpdates(); i++) {
        v = update(GanPart.VAE, true, batch, batchSize, random);
      }
      losses.put("vae", (double) v);
    }
    float g = Float.NaN;
    for (int i = 0; i < config.gUpdates(); i++) {
      g = update(GanPart.G, true, batch, batchSize, random);
      if (g < config.gStopBelow()) {
        break;
      }
    }
    float d = update(GanPart.D, false, batch, batchSize, random);
    if (d > config.dTrainAboveD() && g < config.dTrainBelowG()) {
      for (int i = 0; i < config.dUpdates(); i++) {
        d = update(GanPart.D, true, batch, batchSize, random);
        if (d < config.dTrainAboveD()) {
          break;
        }
      }
    }
    losses.put("g", (double) g);
    losses.put("d", (double) d);
    return losses;
  }

  @Override
  public float[] generate(float[] latents, int count) {
    try (TFloat32 z = Nn.tensor(latents, count, latent);
        Result r = session().runner().feed(sampleZ, z).fetch(sampleImages).run()) {
      return Nn.read(r.get(0));
    }
  }

  /** μ of Q for {@code count} images (VAE models only). */
  float[] encode(float[] batch, int count) {
    if (!vae) {
      throw new IllegalStateException("a " + config.kind() + " model has no encoder");
    }
    try (TFloat32 x = Nn.tensor(batch, count, size, size, channels);
        Result r = session().runner().feed(images, x).fetch(mu).run()) {
      return Nn.read(r.get(0));
    }
  }

  @Override
  public List<ModelTensor> export() {
    return vae ? nn.export(session(), "g.", "q.") : nn.export(session(), "g.");
  }

  @Override
  public ModelMetadata metadata(long steps, Map<String, Double> losses, ModelMetadata.Dataset dataset,
      String command, long seed) {
    List<ModelMetadata.Layer> layers = new ArrayList<>();
    if (vae) {
      int k = 1;
      for (int h : config.encoderHidden()) {
        layers.add(new ModelMetadata.Layer("q.h" + k++, h, "softplus"));
      }
      layers.add(new ModelMetadata.Layer("q.mu", latent, "linear"));
      layers.add(new ModelMetadata.Layer("q.logvar", latent, "linear"));
    }
    layers.add(new ModelMetadata.Layer("g.h0", config.cppnWidth(), "softplus"));
    for (int k = 1; k < config.cppnDepth(); k++) {
      layers.add(new ModelMetadata.Layer("g.h" + k, config.cppnWidth(), "tanh"));
    }
    layers.add(new ModelMetadata.Layer("g.out", channels, "sigmoid"));
    return new ModelMetadata(config.kind(), latent, channels, size, size,
        new ModelMetadata.Cppn(config.cppnWidth(), config.cppnDepth(), config.cppnScale()),
        vae ? new ModelMetadata.Encoder(config.encoderHidden(), "softplus") : null, null, null, layers, dataset, steps,
        losses, command, seed);
  }
}
