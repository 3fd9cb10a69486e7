package dev.zoomorph.trainer;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * DCGAN after Radford et al.: G projects z to 4×4×F₀ and doubles the side with 5×5 stride-2 transposed convolutions
 * (batch norm + ReLU between, tanh out); D mirrors it with strided convolutions (batch norm from the second, leaky
 * ReLU) and a linear logit; no pooling anywhere. Images are [0, 1] outside and [−1, 1] inside. Each step does one D
 * and one G update. G's batch norm uses batch statistics while training; the model file gets population statistics
 * measured over 512 fixed latents at export, for batch-of-one inference in {@code DcganGenerator}.
 */
final class DcganModel implements TrainableModel {
  private static final int STATS_BATCH = 512;

  private final TrainConfig config;
  private final ModelMetadata.Dcgan arch;
  private final int size;
  private final int channels;
  private final int latent;
  private final Graph graph;
  private final Nn nn;
  private final Ops tf;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> noise;
  private final Operand<TFloat32> fakeImages;
  private final List<Nn.Moments> gMoments = new ArrayList<>();
  private final Operand<TFloat32> dLoss;
  private final Operand<TFloat32> gLoss;
  private final Op dTrain;
  private final Op gTrain;
  private final List<Variable<TFloat32>> dVars = new ArrayList<>();

  DcganModel(TrainConfig config) {
    this.config = config;
    this.size = config.imageSize();
    this.channels = config.channels();
    this.latent = config.latentSize();
    this.arch = new ModelMetadata.Dcgan(config.dcganFilters(), Integer.numberOfTrailingZeros(size / 4));
    this.graph = new Graph();
    this.nn = new Nn(graph, config.seed());
    this.tf = nn.tf;
    images = tf.withName("images").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, size, size, channels)));
    noise = tf.withName("noise").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));

    Operand<TFloat32> fakeTanh = generator(noise);
    fakeImages = tf.math.mul(tf.math.add(fakeTanh, tf.constant(1f)), tf.constant(0.5f));
    createDiscriminator();
    Operand<TFloat32> dReal =
        discriminator(tf.math.sub(tf.math.mul(images, tf.constant(2f)), tf.constant(1f)));
    Operand<TFloat32> dFake = discriminator(fakeTanh);
    dLoss = tf.math.mul(tf.math.add(nn.meanCrossEntropy(dReal, 1f), nn.meanCrossEntropy(dFake, 0f)),
        tf.constant(0.5f));
    gLoss = nn.meanCrossEntropy(dFake, 1f);
    dTrain = nn.adam("adam_d", dLoss, dVars, config.learningRateD(), config.beta1());
    gTrain = nn.adam("adam_g", gLoss, nn.variablesWithPrefix("g."), config.learningRateG(), config.beta1());
    session = new Session(graph, Trainer.sessionConfig(config));
    session.initialize();
  }

  private Operand<TFloat32> generator(Operand<TFloat32> z) {
    int n = arch.upsamplings();
    int f0 = arch.filters(0);
    Operand<TFloat32> h = nn.dense(z, nn.normalVariable("g.fc.w", 0, 0.02, latent, 16 * f0),
        nn.zerosVariable("g.fc.b", 16 * f0));
    h = tf.reshape(h, tf.constant(new int[] {-1, 4, 4, f0}));
    h = normReLU(h, 0);
    int side = 4;
    for (int k = 1; k <= n; k++) {
      side *= 2;
      int out = k == n ? channels : arch.filters(k);
      int in = arch.filters(k - 1);
      Variable<TFloat32> w = nn.normalVariable("g.up" + k + ".w", 0, 0.02, 5, 5, out, in);
      Operand<TInt32> outShape = tf.concat(List.of(
          tf.slice(tf.shape(h), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
          tf.constant(new int[] {side, side, out})), tf.constant(0));
      h = tf.nn.conv2dBackpropInput(outShape, w, h, List.of(1L, 2L, 2L, 1L), "SAME");
      if (k < n) {
        h = normReLU(h, k);
      } else {
        h = tf.math.tanh(tf.nn.biasAdd(h, nn.zerosVariable("g.up" + k + ".b", out)));
      }
    }
    return h;
  }

  private Operand<TFloat32> normReLU(Operand<TFloat32> h, int k) {
    int f = arch.filters(k);
    Variable<TFloat32> gamma = nn.normalVariable("g.bn" + k + ".gamma", 1, 0.02, f);
    Variable<TFloat32> beta = nn.zerosVariable("g.bn" + k + ".beta", f);
    gMoments.add(nn.moments(h));
    return tf.nn.relu(nn.batchNorm(h, gamma, beta));
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
    try (TFloat32 x = Nn.tensor(batch, batchSize, size, size, channels);
        TFloat32 e = Nn.tensor(z, batchSize, latent);
        Result r = session.runner().feed(images, x).feed(noise, e).fetch(loss).addTarget(train).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static float[] gaussians(int n, SplittableRandom random) {
    return Latent.gaussian(n, random).toArray();
  }

  @Override
  public Map<String, Double> step(float[] batch, int batchSize, SplittableRandom random) {
    float d = 0;
    for (int i = 0; i < config.dUpdates(); i++) {
      d = run(batch, batchSize, random, dTrain, dLoss);
    }
    float g = 0;
    for (int i = 0; i < config.gUpdates(); i++) {
      g = run(batch, batchSize, random, gTrain, gLoss);
    }
    Map<String, Double> losses = new LinkedHashMap<>();
    losses.put("g", (double) g);
    losses.put("d", (double) d);
    return losses;
  }

  /** One update of D (or G) alone, returning the loss before it; for tests. */
  float update(boolean discriminator, float[] batch, int batchSize, SplittableRandom random) {
    return discriminator ? run(batch, batchSize, random, dTrain, dLoss) : run(batch, batchSize, random, gTrain, gLoss);
  }

  @Override
  public float[] generate(float[] latents, int count) {
    try (TFloat32 z = Nn.tensor(latents, count, latent);
        Result r = session.runner().feed(noise, z).fetch(fakeImages).run()) {
      return Nn.read(r.get(0));
    }
  }

  @Override
  public List<ModelTensor> export() {
    List<ModelTensor> out = new ArrayList<>(nn.export(session, "g."));
    try (TFloat32 zt = Nn.tensor(statsLatents(config.seed(), latent), STATS_BATCH, latent)) {
      Session.Runner runner = session.runner().feed(noise, zt);
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
  public ModelMetadata metadata(long steps, Map<String, Double> losses, String dataset, String licence,
      String command, long seed) {
    List<ModelMetadata.Layer> layers = new ArrayList<>();
    layers.add(new ModelMetadata.Layer("g.fc", 16 * arch.filters(0), "batchnorm+relu"));
    for (int k = 1; k <= arch.upsamplings(); k++) {
      boolean last = k == arch.upsamplings();
      layers.add(new ModelMetadata.Layer("g.up" + k, last ? channels : arch.filters(k),
          last ? "tanh" : "batchnorm+relu"));
    }
    return new ModelMetadata(ModelKind.DCGAN, latent, channels, size, size, null, null, arch, layers,
        new ModelMetadata.Dataset(dataset, licence), steps, losses, command, seed);
  }

  @Override
  public void save(Path prefix) {
    session.save(prefix.toString());
  }

  @Override
  public void restore(Path prefix) {
    session.restore(prefix.toString());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
