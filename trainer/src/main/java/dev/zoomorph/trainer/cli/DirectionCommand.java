package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.trainer.Directions;
import dev.zoomorph.trainer.data.DataSources;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zoomorph direction --model M --from A --to B --out NAME.json}: a latent direction (attribute vector), the
 * mean latent of set B minus that of set A under the model's encoder.
 */
@Command(name = "direction", mixinStandardHelpOptions = true,
    description = {"Makes a latent direction between two sets of pictures.",
        "The direction is the mean latent of the --to pictures minus that of the --from pictures under a VAE model's"
            + " encoder. A set is a folder of pictures or label:K (class K of --data).",
        "Presets play it with \"directions\": {\"NAME\": \"NAME.json\"} and /zoomorph/direction/NAME."})
public final class DirectionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "bundled or file VAE model (CPPN-VAE-GAN, VAE-DCGAN)")
  String model;

  @Option(names = "--from", required = true, description = "the set the direction starts from: FOLDER or label:K")
  String from;

  @Option(names = "--to", required = true, description = "the set it points to: FOLDER or label:K")
  String to;

  @Option(names = "--data", defaultValue = "fashion-mnist",
      description = "labelled data set of label:K sets (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--out", required = true, description = "direction file to write (.json)") Path out;

  @Override
  public Integer call() {
    try {
      Directions.checkSet("--from", from);
      Directions.checkSet("--to", to);
      DataSources.checkSource("--data", data);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Cli.checkFile(spec, "--out", out);
    ModelFile file = ModelFile.load(model);
    Direction direction = Directions.between(file, model, from, to, data, spec.commandLine().getErr()::println);
    direction.write(out);
    spec.commandLine().getOut().printf("%s: %s → %s, %d and %d pictures, norm %.3f (latent size %d, model id %s)%n",
        out, from, to, direction.fromCount(), direction.toCount(), direction.norm(), direction.latentSize(),
        direction.modelId());
    return 0;
  }
}
