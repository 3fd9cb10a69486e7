package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.trainer.data.DataSources;
import dev.zoomorph.trainer.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Makes latent directions: the mean latent (μ of the model's encoder) of one set of pictures minus that of another.
 * A set is a folder of pictures or {@code label:K}, the pictures of class K in a labelled data set.
 */
public final class Directions {
  /** A set {@code label:K} is the pictures of class K. */
  public static final String LABEL_PREFIX = "label:";

  private Directions() {}

  /**
   * The direction from set {@code from} to set {@code to} under {@code model}'s encoder.
   *
   * @param modelName how the model was named (recorded in the direction)
   * @param data the labelled data set {@code label:K} sets come from (see {@link DataSources#open})
   * @param warnings receives one line per picture of a folder that is skipped
   * @throws IllegalArgumentException naming the set when it has no pictures, or the model when it has no encoder
   */
  public static Direction between(ModelFile model, String modelName, String from, String to, String data,
      Consumer<String> warnings) {
    ModelMetadata meta = model.metadata();
    if (!meta.kind().hasEncoder()) {
      throw new IllegalArgumentException("a direction needs a model with an encoder (cppn-vae-gan or vae-dcgan); "
          + modelName + " is a " + meta.kind());
    }
    ImageSet a = pictures(meta, from, data, warnings);
    ImageSet b = pictures(meta, to, data, warnings);
    try (Encoder encoder = Encoder.of(model)) {
      Latent vector = mean(encoder, b).subtract(mean(encoder, a));
      return new Direction(modelName, model.id(), from, to, a.size(), b.size(), vector);
    }
  }

  /** The pictures of a set at the model's training size. */
  static ImageSet pictures(ModelMetadata meta, String set, String data, Consumer<String> warnings) {
    int side = ImageSet.loadSide(meta);
    if (set.startsWith(LABEL_PREFIX)) {
      int label;
      try {
        label = Integer.parseInt(set.substring(LABEL_PREFIX.length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("set " + set + ": a label is a class number, e.g. label:9");
      }
      return DataSources.open(data, meta.channels(), side, warnings).withLabel(label).forModel(meta);
    }
    Path folder = Path.of(set);
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("set " + set + " is neither label:K nor a folder of pictures");
    }
    ImageSet pictures = DataSources.readFolder(folder, meta.channels(), side, warnings);
    if (pictures.skipped() > 0) {
      warnings.accept("skipped " + pictures.skipped() + " files of " + folder);
    }
    return pictures.forModel(meta);
  }

  private static Latent mean(Encoder encoder, ImageSet set) {
    double[] sum = new double[encoder.latentSize()];
    for (float[] image : set.images()) {
      Latent z = encoder.encode(image);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += z.get(i);
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / set.size());
    }
    return Latent.of(mean);
  }
}
