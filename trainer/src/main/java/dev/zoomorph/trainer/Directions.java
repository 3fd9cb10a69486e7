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
import java.util.ArrayList;
import java.util.List;
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
   * Checks that {@code set}, given as {@code option}, is {@code label:K} with K a class number or an existing folder,
   * before any model loads.
   *
   * @throws IllegalArgumentException naming the option and what a set is
   */
  public static void checkSet(String option, String set) {
    if (set.startsWith(LABEL_PREFIX)) {
      label(option, set);
    } else if (!Files.isDirectory(Path.of(set))) {
      throw new IllegalArgumentException(option + " " + set + " is neither label:K nor a folder of pictures");
    }
  }

  private static int label(String option, String set) {
    try {
      int label = Integer.parseInt(set.substring(LABEL_PREFIX.length()));
      if (label >= 0) {
        return label;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(option + " " + set + ": a label is a class number from 0, e.g. label:9");
  }

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
    try (Encoder encoder = Encoder.of(model)) {
      List<Latent> a = latents(encoder, meta, from, data, warnings);
      List<Latent> b = latents(encoder, meta, to, data, warnings);
      return new Direction(modelName, model.id(), from, to, a.size(), b.size(), mean(b).subtract(mean(a)));
    }
  }

  /**
   * The latents of a set's pictures: a folder's as {@code encode} and keyframe pictures take them ({@link
   * Encoder#encode(java.awt.image.BufferedImage)}), a label's at the model's training size as it trained on them.
   */
  private static List<Latent> latents(Encoder encoder, ModelMetadata meta, String set, String data,
      Consumer<String> warnings) {
    List<Latent> out = new ArrayList<>();
    if (set.startsWith(LABEL_PREFIX)) {
      int label = label("set", set);
      ImageSet pictures = DataSources.open(data, meta.channels(), ImageSet.loadSide(meta), warnings)
          .withLabel(label).forModel(meta);
      for (float[] picture : pictures.images()) {
        out.add(encoder.encode(picture));
      }
      return out;
    }
    Path folder = Path.of(set);
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("set " + set + " is neither label:K nor a folder of pictures");
    }
    DataSources.Folder pictures = DataSources.readPictures(folder, warnings);
    if (pictures.skipped() > 0) {
      warnings.accept("skipped " + pictures.skipped() + " files of " + folder);
    }
    for (java.awt.image.BufferedImage picture : pictures.pictures()) {
      out.add(encoder.encode(picture));
    }
    return out;
  }

  private static Latent mean(List<Latent> latents) {
    double[] sum = new double[latents.get(0).size()];
    for (Latent z : latents) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += z.get(i);
      }
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / latents.size());
    }
    return Latent.of(mean);
  }
}
