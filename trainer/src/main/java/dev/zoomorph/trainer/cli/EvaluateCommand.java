package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.output.Images;
import dev.zoomorph.output.Png;
import dev.zoomorph.trainer.Evaluation;
import dev.zoomorph.trainer.Sampler;
import dev.zoomorph.trainer.data.DataSources;
import dev.zoomorph.trainer.data.ImageSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zoomorph evaluate --model M --data SOURCE [--test SOURCE]}: class coverage of samples judged by a classifier
 * fitted on the data, held-out reconstruction error for VAE models, and optionally sample pictures.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Measures a model's class coverage and (VAE) held-out reconstruction error.",
        "For a denoiser: the PSNR of held-out pictures corrupted as in training, before and after."})
public final class EvaluateCommand implements Callable<Integer> {
  /** Enough for any coverage estimate; more only costs time (and arrays sized by it). */
  private static final int MAX_SAMPLES = 1_000_000;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true) String model;
  @Option(names = "--data", required = true,
      description = "labelled training data (IDX with labels, digits.png, emoji:FOLDER)")
  String data;
  @Option(names = "--test", description = "labelled held-out data; default: every 10th image of --data")
  @Nullable String test;
  @Option(names = "--samples", defaultValue = "1000",
      description = "samples judged (denoiser: held-out pictures; default: ${DEFAULT-VALUE})")
  int samples;
  @Option(names = "--seed", defaultValue = "1", description = "seeds the samples (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--pictures", description = "folder for a 4x4 grid at 28x28 and the first two latents at 1024x1024")
  @Nullable Path pictures;

  @Override
  public Integer call() {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new ParameterException(spec.commandLine(), "--samples must be in 1.." + MAX_SAMPLES + ", was " + samples);
    }
    try {
      DataSources.checkSource("--data", data);
      if (test != null) {
        DataSources.checkSource("--test", test);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (pictures != null) {
      Cli.checkFolder(spec, "--pictures", pictures);
    }
    ModelFile file = ModelFile.load(model);
    ModelMetadata meta = file.metadata();
    int side = ImageSet.loadSide(meta);
    ImageSet train = DataSources.open(data, meta.channels(), side, w -> {});
    ImageSet held;
    if (test == null) {
      ImageSet[] split = train.holdOutEvery(10);
      train = split[0];
      held = split[1];
    } else {
      held = DataSources.open(test, meta.channels(), side, w -> {});
    }
    train = train.forModel(meta);
    held = held.forModel(meta);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("model %s (%s, %d steps)%n", model, meta.kind(), meta.steps());
    if (meta.kind() == ModelKind.DENOISER) {
      Evaluation.DenoisingReport d = Evaluation.denoising(file, held, samples, seed);
      out.printf("held-out pictures: %d, PSNR noisy %.2f dB, denoised %.2f dB, gain %.2f dB%n", d.count(),
          d.noisyPsnr(), d.denoisedPsnr(), d.gain());
      return 0;
    }
    Evaluation.Report r = Evaluation.evaluate(file, train, held, samples, seed);
    out.printf("classifier accuracy on held-out: %.3f%n", r.classifierAccuracy());
    out.printf("samples: %d, classes covered (>=1%%): %d, entropy %.3f bits, histogram %s%n", samples,
        r.classesCovered(), r.entropyBits(), Arrays.toString(r.histogram()));
    out.printf("held-out real images: entropy %.3f bits, histogram %s%n", r.realEntropyBits(),
        Arrays.toString(r.realHistogram()));
    if (meta.kind().hasEncoder()) {
      out.printf("held-out reconstruction: cross-entropy %.4f per pixel, squared error %.4f per pixel%n",
          r.reconstructionBce(), r.reconstructionMse());
    }
    if (pictures != null) {
      writePictures(file, pictures);
    }
    return 0;
  }

  private void writePictures(ModelFile file, Path dir) {
    String name = Path.of(model).getFileName().toString().replace(".safetensors", "");
    SplittableRandom random = new SplittableRandom(seed);
    int latent = file.metadata().latentSize();
    Latent[] z = new Latent[16];
    for (int i = 0; i < z.length; i++) {
      z[i] = Latent.gaussian(latent, random);
    }
    try (Generator g = Sampler.open(file)) {
      List<Frame> cells = new ArrayList<>();
      for (Latent each : z) {
        cells.add(Sampler.picture(g, each, 28, 28));
      }
      Png.write(Images.grid(cells, 4), dir.resolve(name + "-grid-28.png"));
      for (int i = 0; i < 2; i++) {
        Png.write(Sampler.picture(g, z[i], 1024, 1024), dir.resolve(name + "-1024-" + i + ".png"));
      }
    }
    spec.commandLine().getOut().println("pictures in " + dir);
  }
}
