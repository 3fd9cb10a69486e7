package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.model.ModelKind;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs. {@link Defaults} follow Ha's reference implementation (learning rates, Adam β₁,
 * the update counts and loss thresholds that keep G and D balanced) except the batch size, which is 64 rather than
 * 500 so a step takes seconds, not minutes, on a CPU; the DCGANs' follow Radford et al.
 *
 * @param kind the model to train
 * @param data the data source (see {@link dev.zoomorph.trainer.data.DataSources})
 * @param steps training steps to reach (a resumed run continues up to this count)
 * @param out the model file to write at the end
 * @param workDir checkpoints, sample grids and the evolution GIF
 * @param seed seeds initialisation, batches and noise: same seed and thread count, same weights (on CPU)
 * @param threads CPU threads TensorFlow uses, default 1: multi-threaded kernels split sums by thread count, so the
 *     weights are reproducible for a given count but differ in the last bits between counts (and then diverge)
 * @param batch images per step
 * @param latentSize size of z
 * @param cppnWidth units per CPPN layer
 * @param cppnDepth CPPN layers (one softplus, the rest tanh)
 * @param cppnScale coordinate scale
 * @param encoderHidden the VAE encoder's hidden (dense) widths
 * @param encoderFilters the VAE-DCGAN encoder's first-convolution filters (doubled per layer down)
 * @param discriminatorFilters filters of D's first convolution (doubled per layer)
 * @param dcganFilters filters of the DCGAN generator's last transposed convolution (doubled per layer up)
 * @param denoiserFilters the denoiser's filters at full resolution (twice as many at half)
 * @param noiseSigma standard deviation of the Gaussian noise the denoiser learns to remove (values in [0, 1])
 * @param noiseSaltPepper fraction of pixels the denoiser's inputs set to black or white (half each)
 * @param imageSize training resolution: the random crop side for CPPNs (26 from 28×28), the output side for DCGAN
 *     and VAE-DCGAN (32 or 64), the image side for the denoiser (28)
 * @param channels 1 or 3
 * @param learningRateG Adam learning rate of G (and, for the VAE-GANs, Q) on the GAN loss; the denoiser's rate
 * @param learningRateD Adam learning rate of D
 * @param learningRateVae Adam learning rate of Q and G on the VAE loss
 * @param beta1 Adam β₁ for every optimiser
 * @param vaeUpdates VAE updates per step
 * @param gUpdates at most this many G updates per step
 * @param gStopBelow stop G updates once G's loss is below this
 * @param dTrainBelowG train D only while G's loss is below this …
 * @param dTrainAboveD … and D's loss above this
 * @param dUpdates at most this many D updates per step
 * @param checkpointEvery steps between checkpoints
 * @param sampleEvery steps between sample grids (the frames of the evolution GIF)
 * @param resume continue from the last checkpoint in workDir
 * @param command the command line, recorded in the model file
 */
public record TrainConfig(
    ModelKind kind, String data, int steps, Path out, Path workDir, long seed, int threads, int batch,
    int latentSize, int cppnWidth, int cppnDepth, float cppnScale, List<Integer> encoderHidden, int encoderFilters,
    int discriminatorFilters, int dcganFilters, int denoiserFilters, float noiseSigma, float noiseSaltPepper,
    int imageSize, int channels, float learningRateG, float learningRateD, float learningRateVae,
    float beta1, int vaeUpdates, int gUpdates, float gStopBelow, float dTrainBelowG, float dTrainAboveD,
    int dUpdates, int checkpointEvery, int sampleEvery, boolean resume, String command) {

  /**
   * Checks every value before anything runs. A refused value is an {@link IllegalArgumentException} whose message
   * names the {@code zoomorph train} option that sets it ({@code --steps must be positive, was 0}): the command line
   * is where people meet these values, and the command reports the message as a usage error.
   */
  public TrainConfig {
    encoderHidden = List.copyOf(encoderHidden);
    require(steps > 0, "--steps must be positive, was " + steps);
    require(threads >= 1 && threads <= 1024, "--threads must be in 1..1024, was " + threads);
    require(batch >= 2 && batch <= 65536, "--batch must be in 2..65536 (batch norm needs 2), was " + batch);
    require(latentSize > 0 && latentSize <= CppnSpec.MAX_LATENT_SIZE,
        "--latent must be in 1.." + CppnSpec.MAX_LATENT_SIZE + ", was " + latentSize);
    require(channels == 1 || channels == 3, "--channels must be 1 or 3, was " + channels);
    require(checkpointEvery > 0, "--checkpoint-every must be positive, was " + checkpointEvery);
    require(sampleEvery > 0, "--sample-every must be positive, was " + sampleEvery);
    // What the CPPN generator can play: a model beyond it would be refused when written, after the training.
    require(cppnWidth > 0 && cppnWidth <= CppnSpec.MAX_WIDTH,
        "--width must be in 1.." + CppnSpec.MAX_WIDTH + ", was " + cppnWidth);
    require(cppnDepth >= 1 && cppnDepth <= CppnSpec.MAX_DEPTH,
        "--depth must be in 1.." + CppnSpec.MAX_DEPTH + ", was " + cppnDepth);
    // A scale of 0 makes every latent draw the same picture, and sample refuses such a model: refuse it here.
    require(Float.isFinite(cppnScale) && cppnScale > 0, "--scale must be positive and finite, was " + cppnScale);
    require(encoderHidden.stream().allMatch(h -> h != null && h > 0 && h <= 65536),
        "--encoder widths must be in 1..65536 (or 0 alone for none), were " + encoderHidden);
    require(encoderFilters > 0 && encoderFilters <= 1024, "--encoder-filters must be in 1..1024, was " + encoderFilters);
    require(discriminatorFilters > 0 && discriminatorFilters <= 1024,
        "--d-filters must be in 1..1024, was " + discriminatorFilters);
    require(dcganFilters > 0 && dcganFilters <= 1024, "--g-filters must be in 1..1024, was " + dcganFilters);
    require(denoiserFilters > 0 && denoiserFilters <= 256, "--denoiser-filters must be in 1..256, was " + denoiserFilters);
    require(noiseSigma >= 0 && noiseSigma <= 1, "--noise-sigma must be in 0..1, was " + noiseSigma);
    require(noiseSaltPepper >= 0 && noiseSaltPepper <= 1, "--noise-salt-pepper must be in 0..1, was " + noiseSaltPepper);
    requireRate("--lr-g", learningRateG);
    requireRate("--lr-d", learningRateD);
    requireRate("--lr-vae", learningRateVae);
    require(beta1 >= 0 && beta1 < 1, "--beta1 must be in 0..1 (1 excluded), was " + beta1);
    require(vaeUpdates >= 0 && vaeUpdates <= 1000, "--vae-updates must be in 0..1000, was " + vaeUpdates);
    require(gUpdates >= 1 && gUpdates <= 1000, "--g-updates must be in 1..1000, was " + gUpdates);
    require(dUpdates >= 1 && dUpdates <= 1000, "--d-updates must be in 1..1000, was " + dUpdates);
    require(!Float.isNaN(gStopBelow), "--g-stop-below must be a number, was NaN");
    require(!Float.isNaN(dTrainBelowG), "--d-train-below-g must be a number, was NaN");
    require(!Float.isNaN(dTrainAboveD), "--d-train-above-d must be a number, was NaN");
    if (kind.isDcgan()) {
      require(imageSize == 32 || imageSize == 64, "--size must be 32 or 64 for " + kind + ", was " + imageSize);
    } else {
      require(imageSize >= 4 && imageSize <= 256, "--size must be in 4..256 for " + kind + ", was " + imageSize);
    }
  }

  private static void requireRate(String option, float rate) {
    require(Float.isFinite(rate) && rate > 0, option + " must be a positive learning rate, was " + rate);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The {@link Defaults} for {@code kind}, writing to {@code out} with working files next to it. */
  public static Builder builder(ModelKind kind, String data, int steps, Path out) {
    return new Builder(kind, data, steps, out);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(kind, data, steps, out);
    b.workDir = workDir;
    b.seed = seed;
    b.threads = threads;
    b.batch = batch;
    b.latentSize = latentSize;
    b.cppnWidth = cppnWidth;
    b.cppnDepth = cppnDepth;
    b.cppnScale = cppnScale;
    b.encoderHidden = encoderHidden;
    b.encoderFilters = encoderFilters;
    b.discriminatorFilters = discriminatorFilters;
    b.dcganFilters = dcganFilters;
    b.denoiserFilters = denoiserFilters;
    b.noiseSigma = noiseSigma;
    b.noiseSaltPepper = noiseSaltPepper;
    b.imageSize = imageSize;
    b.channels = channels;
    b.learningRateG = learningRateG;
    b.learningRateD = learningRateD;
    b.learningRateVae = learningRateVae;
    b.beta1 = beta1;
    b.vaeUpdates = vaeUpdates;
    b.gUpdates = gUpdates;
    b.gStopBelow = gStopBelow;
    b.dTrainBelowG = dTrainBelowG;
    b.dTrainAboveD = dTrainAboveD;
    b.dUpdates = dUpdates;
    b.checkpointEvery = checkpointEvery;
    b.sampleEvery = sampleEvery;
    b.resume = resume;
    b.command = command;
    return b;
  }

  /**
   * Every default, in one place: the builder starts from them and {@code zoomorph train --help} shows them. Ha's values
   * for the CPPNs (and every kind where no other is given), Radford et al.'s for the DCGANs, the denoiser's own.
   */
  public static final class Defaults {
    private Defaults() {}

    public static final long SEED = 1;
    public static final int THREADS = 1;
    /** Ha's was 500: 64 makes a step take seconds, not minutes, on a CPU. */
    public static final int BATCH = 64;
    public static final int LATENT_SIZE = 32;
    public static final int CPPN_WIDTH = 128;
    public static final int CPPN_DEPTH = 4;
    public static final float CPPN_SCALE = 8f;
    /** The CPPN-VAE-GAN encoder's two dense layers' width; the VAE-DCGAN's encoder has none. */
    public static final int CPPN_ENCODER_WIDTH = 512;
    public static final int ENCODER_FILTERS = 32;
    public static final int DISCRIMINATOR_FILTERS = 24;
    public static final int DCGAN_FILTERS = 32;
    public static final int DENOISER_FILTERS = 16;
    public static final float NOISE_SIGMA = 0.2f;
    public static final float NOISE_SALT_PEPPER = 0.05f;
    /** The CPPNs' crop of 28×28 pictures. */
    public static final int CPPN_SIZE = 26;
    public static final int DCGAN_SIZE = 32;
    public static final int DENOISER_SIZE = 28;
    public static final int CHANNELS = 1;
    public static final float LEARNING_RATE_G = 0.005f;
    public static final float LEARNING_RATE_D = 0.001f;
    public static final float LEARNING_RATE_VAE = 0.001f;
    public static final float BETA1 = 0.65f;
    public static final int VAE_UPDATES = 4;
    public static final int G_UPDATES = 4;
    public static final float G_STOP_BELOW = 0.6f;
    public static final float D_TRAIN_BELOW_G = 0.75f;
    public static final float D_TRAIN_ABOVE_D = 0.6f;
    public static final int D_UPDATES = 1;
    /** Radford et al.: Adam at 2e-4 with β₁ = 0.5 (the VAE-DCGAN's VAE updates too), one D and one G update a step. */
    public static final float DCGAN_LEARNING_RATE = 2e-4f;
    public static final float DCGAN_BETA1 = 0.5f;
    /** The DCGANs' G updates a step, and the VAE-DCGAN's VAE updates. */
    public static final int DCGAN_UPDATES = 1;
    public static final float DENOISER_LEARNING_RATE = 1e-3f;
    public static final float DENOISER_BETA1 = 0.9f;
    public static final int CHECKPOINT_EVERY = 500;
    public static final int SAMPLE_EVERY = 100;
  }

  /** Fluent builder; every field starts at its {@link Defaults} value for the kind. */
  public static final class Builder {
    private final ModelKind kind;
    private final String data;
    private int steps;
    private final Path out;
    private Path workDir;
    private long seed = Defaults.SEED;
    private int threads = Defaults.THREADS;
    private int batch = Defaults.BATCH;
    private int latentSize = Defaults.LATENT_SIZE;
    private int cppnWidth = Defaults.CPPN_WIDTH;
    private int cppnDepth = Defaults.CPPN_DEPTH;
    private float cppnScale = Defaults.CPPN_SCALE;
    private List<Integer> encoderHidden = List.of(Defaults.CPPN_ENCODER_WIDTH, Defaults.CPPN_ENCODER_WIDTH);
    private int encoderFilters = Defaults.ENCODER_FILTERS;
    private int discriminatorFilters = Defaults.DISCRIMINATOR_FILTERS;
    private int dcganFilters = Defaults.DCGAN_FILTERS;
    private int denoiserFilters = Defaults.DENOISER_FILTERS;
    private float noiseSigma = Defaults.NOISE_SIGMA;
    private float noiseSaltPepper = Defaults.NOISE_SALT_PEPPER;
    private int imageSize;
    private int channels = Defaults.CHANNELS;
    private float learningRateG = Defaults.LEARNING_RATE_G;
    private float learningRateD = Defaults.LEARNING_RATE_D;
    private float learningRateVae = Defaults.LEARNING_RATE_VAE;
    private float beta1 = Defaults.BETA1;
    private int vaeUpdates = Defaults.VAE_UPDATES;
    private int gUpdates = Defaults.G_UPDATES;
    private float gStopBelow = Defaults.G_STOP_BELOW;
    private float dTrainBelowG = Defaults.D_TRAIN_BELOW_G;
    private float dTrainAboveD = Defaults.D_TRAIN_ABOVE_D;
    private int dUpdates = Defaults.D_UPDATES;
    private int checkpointEvery = Defaults.CHECKPOINT_EVERY;
    private int sampleEvery = Defaults.SAMPLE_EVERY;
    private boolean resume;
    private String command = "";

    private Builder(ModelKind kind, String data, int steps, Path out) {
      this.kind = kind;
      this.data = data;
      this.steps = steps;
      this.out = out;
      Path name = out.getFileName();
      this.workDir = out.resolveSibling((name == null ? "model" : name.toString()) + ".work");
      this.imageSize = kind.isDcgan() ? Defaults.DCGAN_SIZE
          : kind == ModelKind.DENOISER ? Defaults.DENOISER_SIZE : Defaults.CPPN_SIZE;
      if (kind.isDcgan()) {
        learningRateG = Defaults.DCGAN_LEARNING_RATE;
        learningRateD = Defaults.DCGAN_LEARNING_RATE;
        beta1 = Defaults.DCGAN_BETA1;
        gUpdates = Defaults.DCGAN_UPDATES;
        // The VAE-DCGAN: VAE updates at the GAN's rate, Q convolutional with no dense layers.
        vaeUpdates = Defaults.DCGAN_UPDATES;
        learningRateVae = Defaults.DCGAN_LEARNING_RATE;
        encoderHidden = List.of();
      }
      if (kind == ModelKind.DENOISER) {
        learningRateG = Defaults.DENOISER_LEARNING_RATE;
        beta1 = Defaults.DENOISER_BETA1;
      }
    }

    public Builder steps(int v) { steps = v; return this; }
    public Builder workDir(Path v) { workDir = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder batch(int v) { batch = v; return this; }
    public Builder latentSize(int v) { latentSize = v; return this; }
    public Builder cppnWidth(int v) { cppnWidth = v; return this; }
    public Builder cppnDepth(int v) { cppnDepth = v; return this; }
    public Builder cppnScale(float v) { cppnScale = v; return this; }
    public Builder encoderHidden(List<Integer> v) { encoderHidden = v; return this; }
    public Builder encoderFilters(int v) { encoderFilters = v; return this; }
    public Builder discriminatorFilters(int v) { discriminatorFilters = v; return this; }
    public Builder dcganFilters(int v) { dcganFilters = v; return this; }
    public Builder denoiserFilters(int v) { denoiserFilters = v; return this; }
    public Builder noiseSigma(float v) { noiseSigma = v; return this; }
    public Builder noiseSaltPepper(float v) { noiseSaltPepper = v; return this; }
    public Builder imageSize(int v) { imageSize = v; return this; }
    public Builder channels(int v) { channels = v; return this; }
    public Builder learningRateG(float v) { learningRateG = v; return this; }
    public Builder learningRateD(float v) { learningRateD = v; return this; }
    public Builder learningRateVae(float v) { learningRateVae = v; return this; }
    public Builder beta1(float v) { beta1 = v; return this; }
    public Builder vaeUpdates(int v) { vaeUpdates = v; return this; }
    public Builder gUpdates(int v) { gUpdates = v; return this; }
    public Builder gStopBelow(float v) { gStopBelow = v; return this; }
    public Builder dTrainBelowG(float v) { dTrainBelowG = v; return this; }
    public Builder dTrainAboveD(float v) { dTrainAboveD = v; return this; }
    public Builder dUpdates(int v) { dUpdates = v; return this; }
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
    public Builder sampleEvery(int v) { sampleEvery = v; return this; }
    public Builder resume(boolean v) { resume = v; return this; }
    public Builder command(String v) { command = v; return this; }

    public TrainConfig build() {
      return new TrainConfig(kind, data, steps, out, workDir, seed, threads, batch, latentSize, cppnWidth, cppnDepth,
          cppnScale, encoderHidden, encoderFilters, discriminatorFilters, dcganFilters, denoiserFilters, noiseSigma,
          noiseSaltPepper, imageSize, channels, learningRateG,
          learningRateD, learningRateVae, beta1, vaeUpdates, gUpdates, gStopBelow, dTrainBelowG, dTrainAboveD,
          dUpdates, checkpointEvery, sampleEvery, resume, command);
    }
  }
}
