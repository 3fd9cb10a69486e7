package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.CtrlC;
import dev.zoomorph.trainer.TrainConfig;
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

/** {@code zoomorph train MODEL --data SOURCE --steps N --out FILE [...]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a generator and writes a model file.",
        "Defaults are Ha's (CPPN-VAE-GAN) or Radford et al.'s (DCGAN, VAE-DCGAN) except the batch size (64)."})
public final class TrainCommand implements Callable<Integer> {
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
  @Option(names = "--seed", defaultValue = "1", description = "seeds weights, batches and noise (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--threads", defaultValue = "1", description = "CPU threads (default 1; a run repeats bit for bit "
      + "with the same count, so faster runs are reproducible too, but give other weights than 1 thread)")
  int threads;
  @Option(names = "--batch", defaultValue = "64", description = "images per step (default: ${DEFAULT-VALUE})") int batch;
  @Option(names = "--latent", defaultValue = "32", description = "latent size (default: ${DEFAULT-VALUE})") int latent;
  @Option(names = "--width", defaultValue = "128", description = "CPPN units per layer") int width;
  @Option(names = "--depth", defaultValue = "4", description = "CPPN layers") int depth;
  @Option(names = "--scale", defaultValue = "8", description = "CPPN coordinate scale") float scale;

  @Option(names = "--encoder", split = ",",
      description = "VAE encoder dense widths (512,512; VAE-DCGAN none: 0)")
  @Nullable List<Integer> encoder;

  @Option(names = "--encoder-filters", defaultValue = "32",
      description = "VAE-DCGAN encoder's first-convolution filters (doubled per layer)")
  int encoderFilters;

  @Option(names = "--d-filters", defaultValue = "24", description = "discriminator's first-layer filters")
  int dFilters;

  @Option(names = "--g-filters", defaultValue = "32", description = "DCGAN generator's last-layer filters")
  int gFilters;

  @Option(names = "--denoiser-filters", defaultValue = "16", description = "denoiser filters at full resolution")
  int denoiserFilters;

  @Option(names = "--noise-sigma", defaultValue = "0.2",
      description = "denoiser: standard deviation of the Gaussian noise added to [0, 1] pictures")
  float noiseSigma;

  @Option(names = "--noise-salt-pepper", defaultValue = "0.05",
      description = "denoiser: fraction of pixels set to black or white")
  float noiseSaltPepper;

  @Option(names = "--size",
      description = "training size: CPPN crop side (26), DCGAN and VAE-DCGAN side (32 or 64), denoiser side (28)")
  @Nullable Integer size;

  @Option(names = "--channels", defaultValue = "1", description = "1 grey or 3 colour (default: ${DEFAULT-VALUE})")
  int channels;
  @Option(names = "--lr-g", description = "G learning rate (0.005; DCGAN 0.0002)") @Nullable Float lrG;
  @Option(names = "--lr-d", description = "D learning rate (0.001; DCGAN 0.0002)") @Nullable Float lrD;
  @Option(names = "--lr-vae", description = "VAE learning rate (0.001)") @Nullable Float lrVae;
  @Option(names = "--beta1", description = "Adam beta1 (0.65; DCGAN 0.5)") @Nullable Float beta1;
  @Option(names = "--vae-updates", description = "VAE updates per step (4)") @Nullable Integer vaeUpdates;
  @Option(names = "--g-updates", description = "max G updates per step (4; DCGAN 1)") @Nullable Integer gUpdates;
  @Option(names = "--g-stop-below", description = "stop G updates below this G loss (0.6)") @Nullable Float gStop;

  @Option(names = "--d-train-below-g", description = "train D only while G loss is below this (0.75)")
  @Nullable Float dBelowG;

  @Option(names = "--d-train-above-d", description = "… and D loss above this (0.6)") @Nullable Float dAboveD;
  @Option(names = "--d-updates", description = "max D updates per step (1)") @Nullable Integer dUpdates;
  @Option(names = "--checkpoint-every", defaultValue = "500",
      description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
  int checkpointEvery;
  @Option(names = "--sample-every", defaultValue = "100",
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
      // Only the CPPN kinds balance G and D by their losses; the DCGANs update each once a step.
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
    if (gStop != null) {
      b.gStopBelow(gStop);
    }
    if (dBelowG != null) {
      b.dTrainBelowG(dBelowG);
    }
    if (dAboveD != null) {
      b.dTrainAboveD(dAboveD);
    }
    if (dUpdates != null) {
      b.dUpdates(dUpdates);
    }
    return b.build();
  }
}
