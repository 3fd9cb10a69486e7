package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.output.Png;
import dev.zoomorph.trainer.Sampler;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph sample --model NAME|FILE --count N --size WxH [--seed S] --out DIR}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Writes PNG samples of a model from seeded random latents (sample-000.png, ...).")
public final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "bundled model name or model file") String model;
  @Option(names = "--count", defaultValue = "16", description = "pictures (default: ${DEFAULT-VALUE})") int count;
  @Option(names = "--size", defaultValue = "256x256", description = "WxH", converter = FrameSize.Converter.class)
  FrameSize size;
  @Option(names = "--seed", defaultValue = "1", description = "seeds the latents (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--out", required = true, description = "folder for the PNGs") Path out;
  @Option(names = "--quiet", description = Cli.QUIET_HELP) boolean quiet;

  @Override
  public Integer call() {
    if (count <= 0) {
      throw new ParameterException(spec.commandLine(), "--count must be positive, was " + count);
    }
    ModelFile file = ModelFile.load(model);
    SplittableRandom random = new SplittableRandom(seed);
    // The model first: one that cannot sample leaves no empty folder behind.
    try (Generator generator = showing(file);
        ConsoleProgress progress =
            new ConsoleProgress("sample", "pictures", ConsoleProgress.Style.forConsole(quiet))) {
      Cli.checkFolder(spec, "--out", out);
      progress.update(0, count);
      for (int n = 0; n < count; n++) {
        Latent z = Latent.gaussian(generator.latentSize(), random);
        Path png = out.resolve(String.format("sample-%03d.png", n));
        Png.write(Sampler.picture(generator, z, size.width(), size.height()), png);
        spec.commandLine().getOut().println(png);
        progress.update(n + 1, count);
      }
    }
    return 0;
  }

  /**
   * The model's generator drawing any size as the show does: a DCGAN's picture resampled onto the frame, its shape
   * kept, where {@link Sampler#picture} would stretch it. The caller closes it.
   */
  static Generator showing(ModelFile model) {
    Generator generator = Sampler.open(model);
    ModelMetadata meta = model.metadata();
    return meta.kind().isDcgan()
        ? new ResampledGenerator(generator, meta.trainingWidth(), meta.trainingHeight()) : generator;
  }
}
