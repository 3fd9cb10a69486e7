package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.trainer.Images;
import dev.zoomorph.trainer.Sampler;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zoomorph sample --model NAME|FILE --count N --size WxH [--seed S] --out DIR}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Writes PNG samples of a model from seeded random latents (sample-000.png, ...).")
public final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "bundled model name or model file") String model;
  @Option(names = "--count", defaultValue = "16") int count;
  @Option(names = "--size", defaultValue = "256x256", description = "WxH", converter = Cli.SizeConverter.class)
  Cli.Size size;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--out", required = true, description = "folder for the PNGs") Path out;

  @Override
  public Integer call() {
    return Cli.run(spec, () -> {
      if (count <= 0) {
        throw new IllegalArgumentException("--count must be positive, was " + count);
      }
      ModelFile file = ModelFile.load(model);
      SplittableRandom random = new SplittableRandom(seed);
      try (Generator generator = Sampler.open(file)) {
        for (int n = 0; n < count; n++) {
          Latent z = Latent.gaussian(generator.latentSize(), random);
          Path png = out.resolve(String.format("sample-%03d.png", n));
          Images.writePng(Sampler.picture(generator, z, size.width(), size.height()), png);
          spec.commandLine().getOut().println(png);
        }
      }
    });
  }
}
