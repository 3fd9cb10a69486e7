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
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * DCGAN after Radford et al., and the VAE-DCGAN that puts a VAE encoder in front of the same generator.
 *
 * <p>G projects z to 4×4×F₀ and doubles the side with 5×5 stride-2 transposed convolutions (batch norm + ReLU
 * between, tanh out); D mirrors it with strided convolutions (batch norm from the second, leaky ReLU) and a linear
 * logit; no pooling anywhere. Images are [0, 1] outside and [−1, 1] inside. G's batch norm uses batch statistics
 * while training; the model file gets population statistics measured over 512 fixed latents at export, for
 * batch-of-one inference in {@code DcganGenerator}.
 *
 * <p>The VAE-DCGAN adds Q: 5×5 stride-2 convolutions with leaky ReLU (no batch norm, so one image encodes alone)
 * over the [0, 1] image, flattened, optional dense layers, and linear heads for μ and log σ²; z = μ + σ·ε. Its
 * losses follow the CPPN-VAE-GAN's: VAE = (per-pixel cross-entropy of G(z) against the image, summed, + KL) per
 * pixel, where G's pixel (tanh(a) + 1)/2 = sigmoid(2a) gives the logit 2a; D judges real images against both prior
 * samples G(z ~ N(0, I)) and reconstructions; G's adversarial loss asks both to pass as real. Each step does the
 * VAE updates (Q and G on the VAE loss), one D update, then the G updates (Q and G on adversarial + VAE).
 */
final class DcganModel extends GraphModel {
  private static final int STATS_BATCH = 512;

  private final boolean vae;
  private final ModelMetadata.Dcgan arch;
  private final int size;
  private final int channels;
  private final int latent;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> noise;
  private final Placeholder<TFloat32> epsilon;
  private final Operand<TFloat32> fakeImages;
  private final List<Nn.Moments> gMoments = new ArrayList<>();
  private final Operand<TFloat32> dLoss;
  private final Operand<TFloat32> gLoss;
  private final Operand<TFloat32> vaeLoss;
  private final @Nullable Operand<TFloat32> mu;
  private final Op dTrain;
  private final Op gTrain;
  private final @Nullable Op vaeTrain;
  private final List<Variable<TFloat32>> dVars = new ArrayList<>();
  private final List<Variable<TFloat32>> gVars = new ArrayList<>();

  DcganModel(TrainConfig config) {
    super(config);
    this.vae = config.kind() == ModelKind.VAE_DCGAN;
    this.size = config.imageSize();
    this.channels = config.channels();
    this.latent = config.latentSize();
    this.arch = new ModelMetadata.Dcgan(config.dcganFilters(), Integer.numberOfTrailingZeros(size / 4));
    images = tf.withName("images").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, size, size, channels)));
    noise = tf.withName("noise").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
    epsilon = tf.withName("epsilon").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));

    createGenerator();
    // Batch statistics of the prior path are the ones exported as population statistics.
    Operand<TFloat32> fakeTanh = tf.math.tanh(generatorLogits(noise, true));
    fakeImages = tf.math.mul(tf.math.add(fakeTanh, tf.constant(1f)), tf.constant(0.5f));
    createDiscriminator();
    Operand<TFloat32> dReal =
        discriminator(tf.math.sub(tf.math.mul(images, tf.constant(2f)), tf.constant(1f)));
    Operand<TFloat32> dFake = discriminator(fakeTanh);
    List<Variable<TFloat32>> trainedByG = new ArrayList<>(gVars);
    if (vae) {
      Posterior q = encoder(images);
      mu = q.mu();
      Operand<TFloat32> z = tf.math.add(q.mu(),
          tf.math.mul(tf.math.exp(tf.math.mul(q.logVar(), tf.constant(0.5f))), epsilon));
      Operand<TFloat32> reconstructionHalfLogits = generatorLogits(z, false);
      Operand<TFloat32> dReconstructed = discriminator(tf.math.tanh(reconstructionHalfLogits));
      dLoss = tf.math.mul(tf.math.add(nn.meanCrossEntropy(dReal, 1f),
          tf.math.mul(tf.math.add(nn.meanCrossEntropy(dFake, 0f), nn.meanCrossEntropy(dReconstructed, 0f)),
              tf.constant(0.5f))), tf.constant(0.5f));
      gLoss = tf.math.mul(tf.math.add(nn.meanCrossEntropy(dFake, 1f), nn.meanCrossEntropy(dReconstructed, 1f)),
          tf.constant(0.5f));
      int pixels = size * size * channels;
      Operand<TFloat32> logits = tf.reshape(tf.math.mul(reconstructionHalfLogits, tf.constant(2f)),
          tf.constant(new int[] {-1, pixels}));
      Operand<TFloat32> flat = tf.reshape(images, tf.constant(new int[] {-1, pixels}));
      Operand<TFloat32> reconstruction = tf.sum(nn.sigmoidCrossEntropy(logits, flat), tf.constant(1));
      Operand<TFloat32> kl = tf.math.mul(tf.constant(-0.5f), tf.sum(tf.math.sub(tf.math.sub(
          tf.math.add(tf.constant(1f), q.logVar()), tf.math.square(q.mu())), tf.math.exp(q.logVar())),
          tf.constant(1)));
      vaeLoss = tf.math.div(tf.math.mean(tf.math.add(reconstruction, kl), tf.constant(0)),
          tf.constant((float) pixels));
    } else {
      mu = null;
      dLoss = tf.math.mul(tf.math.add(nn.meanCrossEntropy(dReal, 1f), nn.meanCrossEntropy(dFake, 0f)),
          tf.constant(0.5f));
      gLoss = nn.meanCrossEntropy(dFake, 1f);
      vaeLoss = tf.constant(0f);
    }
    dTrain = nn.adam("adam_d", dLoss, dVars, config.learningRateD(), config.beta1());
    if (vae) {
      trainedByG.addAll(nn.variablesWithPrefix("q."));
      vaeTrain = nn.adam("adam_vae", vaeLoss, trainedByG, config.learningRateVae(), config.beta1());
      gTrain = nn.adam("adam_g", tf.math.add(gLoss, vaeLoss), trainedByG, config.learningRateG(), config.beta1());
    } else {
      vaeTrain = null;
      gTrain = nn.adam("adam_g", gLoss, trainedByG, config.learningRateG(), config.beta1());
    }
    startSession();
  }

  /** G's variables, drawn in layer order (the order every bundled DCGAN was initialised in). */
  private void createGenerator() {
    int n = arch.upsamplings();
    int f0 = arch.filters(0);
    gVars.add(nn.normalVariable("g.fc.w", 0, 0.02, latent, 16 * f0));
    gVars.add(nn.zerosVariable("g.fc.b", 16 * f0));
    for (int k = 0; k <= n; k++) {
      if (k > 0) {
        int out = k == n ? channels : arch.filters(k);
        gVars.add(nn.normalVariable("g.up" + k + ".w", 0, 0.02, 5, 5, out, arch.filters(k - 1)));
      }
      if (k < n) {
        gVars.add(nn.normalVariable("g.bn" + k + ".gamma", 1, 0.02, arch.filters(k)));
        gVars.add(nn.zerosVariable("g.bn" + k + ".beta", arch.filters(k)));
      }
    }
    gVars.add(nn.zerosVariable("g.up" + n + ".b", channels));
  }

  /** G's output before the tanh, NHWC, for latents z; {@code measured} records its batch statistics. */
  private Operand<TFloat32> generatorLogits(Operand<TFloat32> z, boolean measured) {
    int n = arch.upsamplings();
    int f0 = arch.filters(0);
    Operand<TFloat32> h = nn.dense(z, nn.get("g.fc.w"), nn.get("g.fc.b"));
    h = tf.reshape(h, tf.constant(new int[] {-1, 4, 4, f0}));
    h = normReLU(h, 0, measured);
    int side = 4;
    for (int k = 1; k <= n; k++) {
      side *= 2;
      int out = k == n ? channels : arch.filters(k);
      Operand<TInt32> outShape = tf.concat(List.of(
          tf.slice(tf.shape(h), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
          tf.constant(new int[] {side, side, out})), tf.constant(0));
      h = tf.nn.conv2dBackpropInput(outShape, nn.get("g.up" + k + ".w"), h, List.of(1L, 2L, 2L, 1L), "SAME");
      h = k < n ? normReLU(h, k, measured) : tf.nn.biasAdd(h, nn.get("g.up" + k + ".b"));
    }
    return h;
  }

  private Operand<TFloat32> normReLU(Operand<TFloat32> h, int k, boolean measured) {
    if (measured) {
      gMoments.add(nn.moments(h));
    }
    return tf.nn.relu(nn.batchNorm(h, nn.get("g.bn" + k + ".gamma"), nn.get("g.bn" + k + ".beta")));
  }

  /** Q's outputs: the mean and log variance of z given an image. */
  private record Posterior(Operand<TFloat32> mu, Operand<TFloat32> logVar) {}

  private Posterior encoder(Operand<TFloat32> x) {
    Operand<TFloat32> h = x;
    int in = channels;
    int side = size;
    List<Integer> convolutions = encoderConvolutions();
    for (int k = 0; k < convolutions.size(); k++) {
      int out = convolutions.get(k);
      h = nn.leakyRelu(nn.conv(h, nn.normalVariable("q.c" + k + ".w", 0, 0.02, 5, 5, in, out),
          nn.zerosVariable("q.c" + k + ".b", out), 2));
      in = out;
      side = (side + 1) / 2;
    }
    int width = side * side * in;
    h = tf.reshape(h, tf.constant(new int[] {-1, width}));
    int k = 1;
    for (int hidden : config.encoderHidden()) {
      h = nn.leakyRelu(nn.dense(h, nn.normalVariable("q.h" + k + ".w", 0, 0.02, width, hidden),
          nn.zerosVariable("q.h" + k + ".b", hidden)));
      width = hidden;
      k++;
    }
    Operand<TFloat32> m = nn.dense(h, nn.normalVariable("q.mu.w", 0, 0.02, width, latent),
        nn.zerosVariable("q.mu.b", latent));
    Operand<TFloat32> lv = nn.dense(h, nn.normalVariable("q.logvar.w", 0, 0.02, width, latent),
        nn.zerosVariable("q.logvar.b", latent));
    return new Posterior(m, lv);
  }

  /** Q's convolution filters: the encoder's base filters, doubled per layer down to 4×4. */
  private List<Integer> encoderConvolutions() {
    List<Integer> filters = new ArrayList<>();
    for (int k = 0; k < arch.upsamplings(); k++) {
      filters.add(config.encoderFilters() << k);
    }
    return filters;
  }

  private void createDiscriminator() {
    int n = arch.upsamplings();
    int in = channels;
    int f = config.discriminatorFilters();
    for (int k = 0; k < n; k++) {
      int out = f << k;
      dVars.add(nn.normalVariable("d.c" + k + ".w", 0, 0.02, 5, 5, in, out));
      dVars.add(nn.zerosVariable("d.c" + k + ".b", out));
      if (k > 0) {
        dVars.add(nn.normalVariable("d.bn" + k + ".gamma", 1, 0.02, out));
        dVars.add(nn.zerosVariable("d.bn" + k + ".beta", out));
      }
      in = out;
    }
    dVars.add(nn.normalVariable("d.out.w", 0, 0.02, 16 * in, 1));
    dVars.add(nn.zerosVariable("d.out.b", 1));
  }

  private Operand<TFloat32> discriminator(Operand<TFloat32> x) {
    int n = arch.upsamplings();
    Operand<TFloat32> h = nn.leakyRelu(nn.conv(x, dVars.get(0), dVars.get(1), 2));
    int v = 2;
    for (int k = 1; k < n; k++) {
      Operand<TFloat32> c = nn.conv(h, dVars.get(v), dVars.get(v + 1), 2);
      h = nn.leakyRelu(nn.batchNorm(c, dVars.get(v + 2), dVars.get(v + 3)));
      v += 4;
    }
    Variable<TFloat32> w = dVars.get(v);
    int flat = (int) w.shape().get(0);
    return nn.dense(tf.reshape(h, tf.constant(new int[] {-1, flat})), w, dVars.get(v + 1));
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

  private float run(float[] batch, int batchSize, SplittableRandom random, Op train, Operand<TFloat32> loss) {
    float[] z = gaussians(batchSize * latent, random);
    float[] e = vae ? gaussians(batchSize * latent, random) : new float[batchSize * latent];
    try (TFloat32 x = Nn.tensor(batch, batchSize, size, size, channels);
        TFloat32 zt = Nn.tensor(z, batchSize, latent);
        TFloat32 et = Nn.tensor(e, batchSize, latent);
        Result r = session().runner().feed(images, x).feed(noise, zt).feed(epsilon, et).fetch(loss).addTarget(train)
            .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static float[] gaussians(int n, SplittableRandom random) {
    return Latent.gaussian(n, random).toArray();
  }

  @Override
  public Map<String, Double> step(float[] batch, int batchSize, SplittableRandom random) {
    Map<String, Double> losses = new LinkedHashMap<>();
    if (vae) {
      float v = 0;
      for (int i = 0; i < config.vaeUpdates(); i++) {
        v = update(GanPart.VAE, batch, batchSize, random);
      }
      losses.put("vae", (double) v);
    }
    float d = 0;
    for (int i = 0; i < config.dUpdates(); i++) {
      d = update(GanPart.D, batch, batchSize, random);
    }
    float g = 0;
    for (int i = 0; i < config.gUpdates(); i++) {
      g = update(GanPart.G, batch, batchSize, random);
    }
    losses.put("g", (double) g);
    losses.put("d", (double) d);
    return losses;
  }

  /** One update of {@code part} alone, returning the loss before it. */
  float update(GanPart part, float[] batch, int batchSize, SplittableRandom random) {
    return switch (part) {
      case D -> run(batch, batchSize, random, dTrain, dLoss);
      case G -> run(batch, batchSize, random, gTrain, gLoss);
      case VAE -> {
        if (vaeTrain == null) {
          throw new IllegalStateException("a " + config.kind() + " model has no VAE loss");
        }
        yield run(batch, batchSize, random, vaeTrain, vaeLoss);
      }
    };
  }

  @Override
  public float[] generate(float[] latents, int count) {
    try (TFloat32 z = Nn.tensor(latents, count, latent);
        Result r = session().runner().feed(noise, z).fetch(fakeImages).run()) {
      return Nn.read(r.get(0));
    }
  }

  /** μ of Q for {@code count} images (VAE-DCGAN only). */
  float[] encode(float[] batch, int count) {
    if (mu == null) {
      throw new IllegalStateException("a " + config.kind() + " model has no encoder");
    }
    try (TFloat32 x = Nn.tensor(batch, count, size, size, channels);
        Result r = session().runner().feed(images, x).fetch(mu).run()) {
      return Nn.read(r.get(0));
    }
  }

  @Override
  public List<ModelTensor> export() {
    List<ModelTensor> out = new ArrayList<>(vae ? nn.export(session(), "g.", "q.") : nn.export(session(), "g."));
    try (TFloat32 zt = Nn.tensor(statsLatents(config.seed(), latent), STATS_BATCH, latent)) {
      Session.Runner runner = session().runner().feed(noise, zt);
      for (Nn.Moments m : gMoments) {
        runner.fetch(m.mean()).fetch(m.variance());
      }
      try (Result r = runner.run()) {
        for (int k = 0; k < gMoments.size(); k++) {
          int f = arch.filters(k);
          out.add(new ModelTensor("g.bn" + k + ".mean", new int[] {f}, Nn.read(r.get(2 * k))));
          out.add(new ModelTensor("g.bn" + k + ".var", new int[] {f}, Nn.read(r.get(2 * k + 1))));
        }
      }
    }
    return out;
  }

  /** The latents whose batch statistics become the exported population statistics. */
  static float[] statsLatents(long seed, int latentSize) {
    return gaussians(STATS_BATCH * latentSize, new SplittableRandom(seed ^ 0x57A75L));
  }

  @Override
  public ModelMetadata metadata(long steps, Map<String, Double> losses, ModelMetadata.Dataset dataset,
      String command, long seed) {
    List<ModelMetadata.Layer> layers = new ArrayList<>();
    List<Integer> convolutions = encoderConvolutions();
    if (vae) {
      for (int k = 0; k < convolutions.size(); k++) {
        layers.add(new ModelMetadata.Layer("q.c" + k, convolutions.get(k), "leaky-relu"));
      }
      int k = 1;
      for (int h : config.encoderHidden()) {
        layers.add(new ModelMetadata.Layer("q.h" + k++, h, "leaky-relu"));
      }
      layers.add(new ModelMetadata.Layer("q.mu", latent, "linear"));
      layers.add(new ModelMetadata.Layer("q.logvar", latent, "linear"));
    }
    layers.add(new ModelMetadata.Layer("g.fc", 16 * arch.filters(0), "batchnorm+relu"));
    for (int k = 1; k <= arch.upsamplings(); k++) {
      boolean last = k == arch.upsamplings();
      layers.add(new ModelMetadata.Layer("g.up" + k, last ? channels : arch.filters(k),
          last ? "tanh" : "batchnorm+relu"));
    }
    return new ModelMetadata(config.kind(), latent, channels, size, size, null,
        vae ? new ModelMetadata.Encoder(config.encoderHidden(), "leaky-relu", convolutions) : null, arch, null,
        layers, dataset, steps, losses, command, seed);
  }
}
