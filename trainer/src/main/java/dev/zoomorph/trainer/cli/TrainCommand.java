package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.CtrlC;
import dev.zoomorph.trainer.TrainConfig;
import dev.zoomorph.trainer.TrainConfig.Defaults;
import dev.zoomorph.trainer.TrainRefusedException;
import dev.zoomorph.trainer.Trainer;
import dev.zoomorph.trainer.data.DataSources;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zoomorph train MODEL --data SOURCE --steps N --out FILE [...]}. Its help shows every {@link Defaults} value. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a generator and writes a model file.",
        "Defaults are Ha's (CPPN-VAE-GAN) or Radford et al.'s (DCGAN, VAE-DCGAN) except the batch size ("
            + Defaults.BATCH + ")."})
public final class TrainCommand implements Callable<Integer> {
  /** Kinds of model as the help names them where their defaults differ. */
  private static final String CPPNS = "cppn-vae-gan, cppn-gan ";
  private static final String DCGANS = "dcgan, vae-dcgan ";

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "cppn-vae-gan, cppn-gan, dcgan, vae-dcgan or denoiser",
      converter = Cli.KindConverter.class)
  ModelKind kind;

  @Option(names = "--data", required = true,
      description = "fashion-mnist, fashion-mnist-test, an IDX file, digits.png, emoji:FOLDER (the unpacked "
          + "emoji-datasource-twitter package), or a folder of images")
  String data;

  @Option(names = "--steps", required = true, description = "training steps") int steps;

  @Option(names = "--out", required = true, description = "model file to write (.safetensors)") Path out;

  @Option(names = "--work-dir", description = "checkpoints, sample grids, evolution GIF (default: OUT.work)")
  @Nullable Path workDir;

  @Option(names = "--resume", description = "continue from the last checkpoint in the work dir") boolean resume;
  @Option(names = "--seed", defaultValue = "" + Defaults.SEED,
      description = "seeds weights, batches and noise (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--threads", defaultValue = "" + Defaults.THREADS, description = "CPU threads (default:"
      + " ${DEFAULT-VALUE}; a run repeats bit for bit with the same count, so faster runs are reproducible too, but"
      + " give other weights than 1 thread)")
  int threads;
  @Option(names = "--batch", defaultValue = "" + Defaults.BATCH, description = "images per step (default: ${DEFAULT-VALUE})")
  int batch;
  @Option(names = "--latent", defaultValue = "" + Defaults.LATENT_SIZE,
      description = "latent size, not for the denoiser (default: ${DEFAULT-VALUE})")
  int latent;
  @Option(names = "--width", defaultValue = "" + Defaults.CPPN_WIDTH,
      description = "CPPN units per layer (default: ${DEFAULT-VALUE})")
  int width;
  @Option(names = "--depth", defaultValue = "" + Defaults.CPPN_DEPTH, description = "CPPN layers (default: ${DEFAULT-VALUE})")
  int depth;
  @Option(names = "--scale", defaultValue = "" + Defaults.CPPN_SCALE,
      description = "CPPN coordinate scale (default: ${DEFAULT-VALUE})")
  float scale;

  @Option(names = "--encoder", split = ",", description = "VAE encoder's dense layer widths, 0 for none (default: "
      + "cppn-vae-gan " + Defaults.CPPN_ENCODER_WIDTH + "," + Defaults.CPPN_ENCODER_WIDTH + "; vae-dcgan 0)")
  @Nullable List<Integer> encoder;

  @Option(names = "--encoder-filters", defaultValue = "" + Defaults.ENCODER_FILTERS,
      description = "VAE-DCGAN encoder's first-convolution filters, doubled per layer (default: ${DEFAULT-VALUE})")
  int encoderFilters;

  @Option(names = "--d-filters", defaultValue = "" + Defaults.DISCRIMINATOR_FILTERS,
      description = "discriminator's first-layer filters, not for the denoiser (default: ${DEFAULT-VALUE})")
  int dFilters;

  @Option(names = "--g-filters", defaultValue = "" + Defaults.DCGAN_FILTERS,
      description = "DCGAN and VAE-DCGAN generator's last-layer filters (default: ${DEFAULT-VALUE})")
  int gFilters;

  @Option(names = "--denoiser-filters", defaultValue = "" + Defaults.DENOISER_FILTERS,
      description = "denoiser filters at full resolution (default: ${DEFAULT-VALUE})")
  int denoiserFilters;

  @Option(names = "--noise-sigma", defaultValue = "" + Defaults.NOISE_SIGMA,
      description = "denoiser: standard deviation of the Gaussian noise added to [0, 1] pictures (default:"
          + " ${DEFAULT-VALUE})")
  float noiseSigma;

  @Option(names = "--noise-salt-pepper", defaultValue = "" + Defaults.NOISE_SALT_PEPPER,
      description = "denoiser: fraction of pixels set to black or white (default: ${DEFAULT-VALUE})")
  float noiseSaltPepper;

  @Option(names = "--size", description = "training side N: the CPPNs' random crops of the pictures fitted to N+2"
      + " (default " + Defaults.CPPN_SIZE + "), the DCGANs' pictures, 32 or 64 (default " + Defaults.DCGAN_SIZE
      + "), the denoiser's (default " + Defaults.DENOISER_SIZE + ")")
  @Nullable Integer size;

  @Option(names = "--channels", defaultValue = "" + Defaults.CHANNELS,
      description = "1 grey or 3 colour (default: ${DEFAULT-VALUE})")
  int channels;

  @Option(names = "--lr-g", description = "Adam learning rate of G, and the denoiser's (default: " + CPPNS
      + Defaults.LEARNING_RATE_G + "; " + DCGANS + Defaults.DCGAN_LEARNING_RATE + "; denoiser "
      + Defaults.DENOISER_LEARNING_RATE + ")")
  @Nullable Float lrG;

  @Option(names = "--lr-d", description = "Adam learning rate of D (default: " + CPPNS + Defaults.LEARNING_RATE_D
      + "; " + DCGANS + Defaults.DCGAN_LEARNING_RATE + ")")
  @Nullable Float lrD;

  @Option(names = "--lr-vae", description = "Adam learning rate of the VAE updates (default: cppn-vae-gan "
      + Defaults.LEARNING_RATE_VAE + "; vae-dcgan " + Defaults.DCGAN_LEARNING_RATE + ")")
  @Nullable Float lrVae;

  @Option(names = "--beta1", description = "Adam beta1 of every optimiser (default: " + CPPNS + Defaults.BETA1 + "; "
      + DCGANS + Defaults.DCGAN_BETA1 + "; denoiser " + Defaults.DENOISER_BETA1 + ")")
  @Nullable Float beta1;

  @Option(names = "--vae-updates", description = "VAE updates per step (default: cppn-vae-gan "
      + Defaults.VAE_UPDATES + "; vae-dcgan " + Defaults.DCGAN_UPDATES + ")")
  @Nullable Integer vaeUpdates;

  @Option(names = "--g-updates", description = "G updates per step, at most for the CPPNs (default: " + CPPNS
      + Defaults.G_UPDATES + "; " + DCGANS + Defaults.DCGAN_UPDATES + ")")
  @Nullable Integer gUpdates;

  @Option(names = "--g-stop-below", defaultValue = "" + Defaults.G_STOP_BELOW,
      description = "CPPNs: stop G updates below this G loss (default: ${DEFAULT-VALUE})")
  float gStop;

  @Option(names = "--d-train-below-g", defaultValue = "" + Defaults.D_TRAIN_BELOW_G,
      description = "CPPNs: train D only while G loss is below this (default: ${DEFAULT-VALUE})")
  float dBelowG;

  @Option(names = "--d-train-above-d", defaultValue = "" + Defaults.D_TRAIN_ABOVE_D,
      description = "CPPNs: … and D loss above this (default: ${DEFAULT-VALUE})")
  float dAboveD;

  @Option(names = "--d-updates", defaultValue = "" + Defaults.D_UPDATES,
      description = "D updates per step, at most for the CPPNs (default: ${DEFAULT-VALUE})")
  int dUpdates;

  @Option(names = "--checkpoint-every", defaultValue = "" + Defaults.CHECKPOINT_EVERY,
      description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
  int checkpointEvery;
  @Option(names = "--sample-every", defaultValue = "" + Defaults.SAMPLE_EVERY,
      description = "steps between sample grids (default: ${DEFAULT-VALUE})")
  int sampleEvery;
  @Option(names = "--quiet", description = Cli.QUIET_HELP) boolean quiet;

  /**
   * The options that shape or train some kinds of model only, and which: one given for another kind would be
   * recorded in the model file's command and do nothing, so it is refused.
   */
  private static final Map<String, Predicate<ModelKind>> KIND_OPTIONS = Map.ofEntries(
      Map.entry("--latent", ModelKind::isGenerator),
      Map.entry("--width", ModelKind::isCppn),
      Map.entry("--depth", ModelKind::isCppn),
      Map.entry("--scale", ModelKind::isCppn),
      Map.entry("--encoder", ModelKind::hasEncoder),
      Map.entry("--encoder-filters", kind -> kind == ModelKind.VAE_DCGAN),
      Map.entry("--d-filters", ModelKind::isGenerator),
      Map.entry("--g-filters", ModelKind::isDcgan),
      Map.entry("--denoiser-filters", kind -> kind == ModelKind.DENOISER),
      Map.entry("--noise-sigma", kind -> kind == ModelKind.DENOISER),
      Map.entry("--noise-salt-pepper", kind -> kind == ModelKind.DENOISER),
      Map.entry("--lr-d", ModelKind::isGenerator),
      Map.entry("--lr-vae", ModelKind::hasEncoder),
      Map.entry("--vae-updates", ModelKind::hasEncoder),
      Map.entry("--g-updates", ModelKind::isGenerator),
      Map.entry("--d-updates", ModelKind::isGenerator),
      // Only the CPPN kinds balance G and D by their losses; the DCGANs make their updates whatever the losses.
      Map.entry("--g-stop-below", ModelKind::isCppn),
      Map.entry("--d-train-below-g", ModelKind::isCppn),
      Map.entry("--d-train-above-d", ModelKind::isCppn));

  /** Refuses, as a usage error, an option given that does nothing for this kind of model. */
  private void checkOptionsApply() {
    for (OptionSpec given : spec.commandLine().getParseResult().matchedOptions()) {
      Predicate<ModelKind> applies = KIND_OPTIONS.get(given.longestName());
      if (applies != null && !applies.test(kind)) {
        String kinds = Arrays.stream(ModelKind.values()).filter(applies).map(ModelKind::id)
            .collect(Collectors.joining(", "));
        throw new ParameterException(spec.commandLine(), given.longestName() + " is for " + kinds + " models, not "
            + kind + ": leave it out");
      }
    }
  }

  /** "zoomorph train" and this command's own arguments, however it was reached. */
  private String recordedCommand() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    int own = args.indexOf(spec.name());
    return "zoomorph train " + String.join(" ", args.subList(own + 1, args.size()));
  }

  @Override
  public Integer call() {
    checkOptionsApply();
    TrainConfig config;
    try {
      DataSources.checkSource("--data", data);
      config = config();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Trainer trainer = new Trainer(config, spec.commandLine().getErr()::println, ConsoleProgress.Style.forConsole(quiet));
    try {
      trainer.check();
    } catch (TrainRefusedException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // Ctrl-C: the step under way finishes and is checkpointed before the JVM exits, as record finishes its frame.
    try (CtrlC ctrlC = CtrlC.stops(trainer::stop, "train")) {
      Trainer.Result result;
      try {
        result = trainer.run();
      } finally {
        ctrlC.workEnded();
      }
      if (result.stopped()) {
        Trainer.Checkpoint saved = result.checkpoint();
        spec.commandLine().getErr().println("zoomorph train: stopped at step " + result.steps() + (saved == null
            ? "; no checkpoint was written, nothing to resume"
            : "; the checkpoint at step " + saved.step() + " is in " + saved.folder() + "; --resume continues it"));
        spec.commandLine().getErr().flush();
        return 130;
      }
      spec.commandLine().getOut().println(result.modelFile());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private TrainConfig config() {
    TrainConfig.Builder b = TrainConfig.builder(kind, data, steps, out).resume(resume).seed(seed).threads(threads).batch(batch)
        .latentSize(latent).cppnWidth(width).cppnDepth(depth).cppnScale(scale).encoderFilters(encoderFilters)
        .discriminatorFilters(dFilters).dcganFilters(gFilters).denoiserFilters(denoiserFilters)
        .noiseSigma(noiseSigma).noiseSaltPepper(noiseSaltPepper).channels(channels)
        .gStopBelow(gStop).dTrainBelowG(dBelowG).dTrainAboveD(dAboveD).dUpdates(dUpdates)
        .checkpointEvery(checkpointEvery).sampleEvery(sampleEvery)
        .command(recordedCommand());
    if (workDir != null) {
      b.workDir(workDir);
    }
    if (encoder != null) {
      b.encoderHidden(encoder.equals(List.of(0)) ? List.of() : encoder);
    }
    if (size != null) {
      b.imageSize(size);
    }
    if (lrG != null) {
      b.learningRateG(lrG);
    }
    if (lrD != null) {
      b.learningRateD(lrD);
    }
    if (lrVae != null) {
      b.learningRateVae(lrVae);
    }
    if (beta1 != null) {
      b.beta1(beta1);
    }
    if (vaeUpdates != null) {
      b.vaeUpdates(vaeUpdates);
    }
    if (gUpdates != null) {
      b.gUpdates(gUpdates);
    }
    return b.build();
  }
}
