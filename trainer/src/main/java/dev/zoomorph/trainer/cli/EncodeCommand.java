package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Pictures;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zoomorph encode --model M IMAGE}: prints the image's latent (μ of the VAE encoder), comma-separated. */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = "Prints the latent of an image under a VAE model's encoder (CPPN-VAE-GAN, VAE-DCGAN).")
public final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "bundled model name or model file") String model;
  @Parameters(index = "0", description = "image file") Path image;

  @Override
  public Integer call() {
    Latent z;
    try (Encoder encoder = Encoder.of(ModelFile.load(model))) {
      z = encoder.encode(Pictures.read(image));
    }
    StringJoiner line = new StringJoiner(",");
    for (float v : z.toArray()) {
      line.add(Float.toString(v));
    }
    spec.commandLine().getOut().println(line);
    return 0;
  }
}
