package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.trainer.data.ImageSet;
import java.util.List;
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

/**
 * How well a model covers its data set: a small classifier (one hidden layer of 256 ReLU units, fitted with Adam on
 * the labelled training images at the model's training size) judges N samples from N(0, I); the report gives the
 * classes covered and the entropy of the class histogram, with the same numbers for real held-out images as a
 * yardstick. For VAE models it also gives the held-out reconstruction error (z = μ of Q, image = G(z)). A denoiser is
 * measured by {@link #denoising}: PSNR of held-out images corrupted as in training, before and after.
 */
public final class Evaluation {
  private static final int HIDDEN = 256;

  private Evaluation() {}

  /**
   * @param classifierAccuracy the classifier's accuracy on the held-out images
   * @param histogram samples per class
   * @param classesCovered classes holding at least 1 % of the samples
   * @param entropyBits entropy of the class histogram in bits (log2 of the class count when uniform)
   * @param realHistogram the classifier's histogram of as many held-out real images
   * @param realEntropyBits its entropy
   * @param reconstructionBce mean per-pixel cross-entropy of held-out reconstructions (NaN without an encoder)
   * @param reconstructionMse mean per-pixel squared error of held-out reconstructions (NaN without an encoder)
   */
  public record Report(double classifierAccuracy, int[] histogram, int classesCovered, double entropyBits,
      int[] realHistogram, double realEntropyBits, double reconstructionBce, double reconstructionMse) {}

  /**
   * Evaluates {@code model}. {@code train} and {@code test} are labelled images of the model's training size (crop or
   * fit them first); {@code samples} latents are drawn from N(0, I) with {@code seed}.
   */
  public static Report evaluate(ModelFile model, ImageSet train, ImageSet test, int samples, long seed) {
    ModelMetadata meta = model.metadata();
    int side = meta.trainingWidth();
    if (train.width() != side || test.width() != side || train.labels() == null || test.labels() == null) {
      throw new IllegalArgumentException("evaluation needs labelled " + side + "x" + side + " images");
    }
    int classes = Math.max(train.classes(), test.classes());
    try (Classifier classifier = new Classifier(side * side * meta.channels(), classes, seed)) {
      classifier.fit(train, 3000, seed);
      double accuracy = classifier.accuracy(test);
      float[] generated = generate(model, samples, seed);
      int[] histogram = classifier.histogram(generated, samples);
      int n = Math.min(samples, test.size());
      float[] real = new float[n * side * side * meta.channels()];
      int per = side * side * meta.channels();
      for (int i = 0; i < n; i++) {
        System.arraycopy(test.images().get(i), 0, real, i * per, per);
      }
      int[] realHistogram = classifier.histogram(real, n);
      double bce = Double.NaN;
      double mse = Double.NaN;
      if (meta.kind().hasEncoder()) {
        double[] errors = reconstruction(model, test, n);
        bce = errors[0];
        mse = errors[1];
      }
      return new Report(accuracy, histogram, covered(histogram), entropy(histogram), realHistogram,
          entropy(realHistogram), bce, mse);
    }
  }

  /** Samples at the training size, NHWC in [0, 1]. */
  static float[] generate(ModelFile model, int count, long seed) {
    ModelMetadata meta = model.metadata();
    int per = meta.trainingWidth() * meta.trainingHeight() * meta.channels();
    float[] out = new float[count * per];
    SplittableRandom random = new SplittableRandom(seed);
    try (Decoder decoder = Decoder.of(model)) {
      for (int n = 0; n < count; n++) {
        System.arraycopy(decoder.values(Latent.gaussian(meta.latentSize(), random)), 0, out, n * per, per);
      }
    }
    return out;
  }

  /** G at the training size, as values in [0, 1]: the CPPN's or the DCGAN's. */
  private interface Decoder extends AutoCloseable {
    float[] values(Latent z);

    @Override
    void close();

    static Decoder of(ModelFile model) {
      ModelMetadata meta = model.metadata();
      if (meta.kind().isCppn()) {
        CppnGenerator cppn = new CppnGenerator(model.cppnWeights());
        View view = View.of(meta.trainingWidth(), meta.trainingHeight());
        return new Decoder() {
          @Override
          public float[] values(Latent z) {
            return cppn.renderValues(z, view);
          }

          @Override
          public void close() {
            cppn.close();
          }
        };
      }
      DcganGenerator dcgan = DcganGenerator.create(model);
      return new Decoder() {
        @Override
        public float[] values(Latent z) {
          return dcgan.renderValues(z);
        }

        @Override
        public void close() {
          dcgan.close();
        }
      };
    }
  }

  private static double[] reconstruction(ModelFile model, ImageSet test, int n) {
    double bce = 0;
    double mse = 0;
    long pixels = 0;
    try (Encoder encoder = Encoder.of(model); Decoder decoder = Decoder.of(model)) {
      for (int i = 0; i < n; i++) {
        float[] x = test.images().get(i);
        float[] y = decoder.values(encoder.encode(x));
        for (int p = 0; p < x.length; p++) {
          double q = Math.min(Math.max(y[p], 1e-7), 1 - 1e-7);
          bce -= x[p] * Math.log(q) + (1 - x[p]) * Math.log(1 - q);
          mse += (x[p] - y[p]) * (double) (x[p] - y[p]);
        }
        pixels += x.length;
      }
    }
    return new double[] {bce / pixels, mse / pixels};
  }

  /**
   * A denoiser's effect on held-out pictures.
   *
   * @param count pictures measured
   * @param noisyPsnr PSNR (dB, peak 1) of the corrupted pictures against the clean ones
   * @param denoisedPsnr PSNR of the denoiser's pictures of them
   */
  public record DenoisingReport(int count, double noisyPsnr, double denoisedPsnr) {
    /** How much the denoiser raised the PSNR, in dB. */
    public double gain() {
      return denoisedPsnr - noisyPsnr;
    }
  }

  /**
   * PSNR of the first {@code count} of {@code test} (at the denoiser's training size), corrupted as the model was
   * trained (its metadata's noise, drawn with {@code seed}), before and after the denoiser. PSNR is over all pixels
   * of all pictures together: 10·log10(1 / mean squared error), values in [0, 1].
   */
  public static DenoisingReport denoising(ModelFile model, ImageSet test, int count, long seed) {
    ModelMetadata meta = model.metadata();
    ModelMetadata.Denoiser arch = meta.denoiser();
    if (meta.kind() != ModelKind.DENOISER || arch == null) {
      throw new IllegalArgumentException("a " + meta.kind() + " model is not a denoiser");
    }
    int n = Math.min(count, test.size());
    int c = test.channels();
    double noisyError = 0;
    double cleanError = 0;
    long samples = 0;
    SplittableRandom random = new SplittableRandom(seed);
    try (Denoiser denoiser = Denoiser.of(model)) {
      for (int i = 0; i < n; i++) {
        float[] clean = test.images().get(i);
        float[] noisy = DenoiserModel.corrupt(clean, c, (float) arch.noiseSigma(), (float) arch.noiseSaltPepper(),
            random);
        byte[] pixels = new byte[noisy.length];
        for (int p = 0; p < noisy.length; p++) {
          pixels[p] = Frame.toByte(noisy[p]);
        }
        Frame out = denoiser.denoise(new Frame(test.width(), test.height(), c, pixels));
        for (int p = 0; p < clean.length; p++) {
          double noisyValue = (pixels[p] & 0xff) / 255.0;
          double denoisedValue = (out.pixels()[p] & 0xff) / 255.0;
          noisyError += (noisyValue - clean[p]) * (noisyValue - clean[p]);
          cleanError += (denoisedValue - clean[p]) * (denoisedValue - clean[p]);
        }
        samples += clean.length;
      }
    }
    return new DenoisingReport(n, psnr(noisyError / samples), psnr(cleanError / samples));
  }

  private static double psnr(double meanSquaredError) {
    return 10 * Math.log10(1 / meanSquaredError);
  }

  static int covered(int[] histogram) {
    int total = 0;
    for (int h : histogram) {
      total += h;
    }
    int covered = 0;
    for (int h : histogram) {
      if (h * 100 >= total) {
        covered++;
      }
    }
    return covered;
  }

  static double entropy(int[] histogram) {
    double total = 0;
    for (int h : histogram) {
      total += h;
    }
    double bits = 0;
    for (int h : histogram) {
      if (h > 0) {
        double p = h / total;
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }

  /** Pixels → one hidden ReLU layer → class logits, trained with softmax cross-entropy. */
  private static final class Classifier implements AutoCloseable {
    private final int inputs;
    private final int classes;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> labels;
    private final Operand<TFloat32> logits;
    private final Op train;

    Classifier(int inputs, int classes, long seed) {
      this.inputs = inputs;
      this.classes = classes;
      Nn nn = new Nn(graph, seed);
      Ops tf = nn.tf;
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputs)));
      labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
      Variable<TFloat32> w1 = nn.normalVariable("c.h.w", 0, Math.sqrt(2.0 / inputs), inputs, HIDDEN);
      Variable<TFloat32> b1 = nn.zerosVariable("c.h.b", HIDDEN);
      Variable<TFloat32> w2 = nn.normalVariable("c.out.w", 0, Math.sqrt(1.0 / HIDDEN), HIDDEN, classes);
      Variable<TFloat32> b2 = nn.zerosVariable("c.out.b", classes);
      logits = nn.dense(tf.nn.relu(nn.dense(x, w1, b1)), w2, b2);
      // log-softmax with the max subtracted (held constant) for stability.
      Operand<TFloat32> shifted = tf.math.sub(logits,
          tf.stopGradient(tf.max(logits, tf.constant(1), org.tensorflow.op.core.Max.keepDims(true))));
      Operand<TFloat32> logSumExp = tf.math.log(tf.sum(tf.math.exp(shifted), tf.constant(1),
          org.tensorflow.op.core.Sum.keepDims(true)));
      Operand<TFloat32> loss = tf.math.neg(tf.math.mean(
          tf.sum(tf.math.mul(labels, tf.math.sub(shifted, logSumExp)), tf.constant(1)), tf.constant(0)));
      train = nn.adam("adam_c", loss, List.of(w1, b1, w2, b2), 1e-3f, 0.9f);
      session = new Session(graph);
      session.initialize();
    }

    void fit(ImageSet data, int steps, long seed) {
      int batch = 128;
      SplittableRandom random = new SplittableRandom(seed ^ 0xC1A55L);
      float[] xs = new float[batch * inputs];
      float[] ys = new float[batch * classes];
      int[] l = data.labels();
      for (int s = 0; s < steps; s++) {
        java.util.Arrays.fill(ys, 0);
        for (int b = 0; b < batch; b++) {
          int i = random.nextInt(data.size());
          System.arraycopy(data.images().get(i), 0, xs, b * inputs, inputs);
          ys[b * classes + l[i]] = 1;
        }
        try (TFloat32 xt = Nn.tensor(xs, batch, inputs);
            TFloat32 yt = Nn.tensor(ys, batch, classes)) {
          session.runner().feed(x, xt).feed(labels, yt).addTarget(train).run().close();
        }
      }
    }

    int[] predict(float[] images, int count) {
      int[] out = new int[count];
      try (TFloat32 xt = Nn.tensor(images, count, inputs);
          Result r = session.runner().feed(x, xt).fetch(logits).run()) {
        float[] v = Nn.read(r.get(0));
        for (int n = 0; n < count; n++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (v[n * classes + c] > v[n * classes + best]) {
              best = c;
            }
          }
          out[n] = best;
        }
      }
      return out;
    }

    int[] histogram(float[] images, int count) {
      int[] h = new int[classes];
      for (int p : predict(images, count)) {
        h[p]++;
      }
      return h;
    }

    double accuracy(ImageSet test) {
      int per = inputs;
      float[] all = new float[test.size() * per];
      for (int i = 0; i < test.size(); i++) {
        System.arraycopy(test.images().get(i), 0, all, i * per, per);
      }
      int[] p = predict(all, test.size());
      int right = 0;
      for (int i = 0; i < p.length; i++) {
        if (p[i] == test.labels()[i]) {
          right++;
        }
      }
      return right / (double) p.length;
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
