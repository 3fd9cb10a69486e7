package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latent directions under a VAE's encoder, between two synthetic classes of pictures. */
class DirectionsTest {
  @TempDir Path dir;

  /** A 10×10 picture of class 0 (bright left half) or 1 (bright right half), with some noise. */
  private static float[] picture(int label, SplittableRandom r) {
    float[] p = new float[100];
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        boolean lit = label == 0 ? x < 5 : x >= 5;
        p[y * 10 + x] = (float) Math.max(0, Math.min(1, (lit ? 0.8 : 0.1) + 0.1 * r.nextGaussian()));
      }
    }
    return p;
  }

  private static void writeFolder(Path folder, int label, int count, long seed) throws Exception {
    Files.createDirectories(folder);
    SplittableRandom r = new SplittableRandom(seed);
    for (int n = 0; n < count; n++) {
      float[] p = picture(label, r);
      BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
      for (int i = 0; i < 100; i++) {
        image.getRaster().setSample(i % 10, i / 10, 0, Math.round(p[i] * 255));
      }
      ImageIO.write(image, "png", folder.resolve(n + ".png").toFile());
    }
  }

  private static ModelFile model;

  /** A tiny CPPN-VAE-GAN trained (VAE updates only) on both classes, so its encoder separates them. */
  @BeforeAll
  static void train(@TempDir Path modelDir) {
    TrainConfig config = TrainConfig.builder(ModelKind.CPPN_VAE_GAN, "unused", 200, modelDir.resolve("m.safetensors"))
        .latentSize(4).cppnWidth(16).cppnDepth(3).imageSize(8).encoderHidden(List.of(32)).discriminatorFilters(4)
        .batch(16).seed(3).build();
    SplittableRandom r = new SplittableRandom(5);
    try (CppnGanModel m = new CppnGanModel(config)) {
      float[] batch = new float[16 * 64];
      for (int step = 0; step < 200; step++) {
        for (int n = 0; n < 16; n++) {
          float[] p = picture(n % 2, r);
          for (int y = 0; y < 8; y++) {
            System.arraycopy(p, (y + 1) * 10 + 1, batch, n * 64 + y * 8, 8);
          }
        }
        m.update(GanPart.VAE, true, batch, 16, new SplittableRandom(step));
      }
      model = new ModelFile(m.metadata(200, Map.of("vae", 0.1, "g", 1.0, "d", 1.0),
          new ModelMetadata.Dataset("halves", "none"), "test", 3), m.export());
    }
  }

  @Test
  void theDirectionBetweenTwoClassesPointsFromOneToTheOther() throws Exception {
    Path left = dir.resolve("left");
    Path right = dir.resolve("right");
    writeFolder(left, 0, 40, 1);
    writeFolder(right, 1, 40, 2);
    Direction direction = Directions.between(model, "m", left.toString(), right.toString(), "unused", w -> {});
    assertThat(direction.fromCount()).isEqualTo(40);
    assertThat(direction.toCount()).isEqualTo(40);
    assertThat(direction.modelId()).isEqualTo(model.id());

    // The true difference: between the encodings of the two classes' noiseless prototypes.
    Latent prototypeLeft;
    Latent prototypeRight;
    try (Encoder encoder = Encoder.of(model)) {
      prototypeLeft = encoder.encode(crop(prototype(0)));
      prototypeRight = encoder.encode(crop(prototype(1)));
    }
    Latent truth = prototypeRight.subtract(prototypeLeft);
    double cosine = direction.vector().dot(truth) / (direction.norm() * truth.norm());
    assertThat(cosine).as("cosine with the true difference").isGreaterThanOrEqualTo(0.9);
    assertThat(direction.norm()).isGreaterThan(0.3 * truth.norm());

    // Adding it to a left picture's latent draws a picture brighter on the right than on the left.
    try (CppnGenerator g = new CppnGenerator(model.cppnWeights())) {
      float[] before = g.renderValues(prototypeLeft, View.of(8, 8));
      float[] after = g.renderValues(prototypeLeft.add(direction.times(1)), View.of(8, 8));
      assertThat(rightMinusLeft(after)).isGreaterThan(rightMinusLeft(before) + 0.2);
    }
  }

  private static float[] prototype(int label) {
    float[] p = new float[100];
    for (int i = 0; i < 100; i++) {
      p[i] = (label == 0 ? i % 10 < 5 : i % 10 >= 5) ? 0.8f : 0.1f;
    }
    return p;
  }

  private static float[] crop(float[] p) {
    float[] out = new float[64];
    for (int y = 0; y < 8; y++) {
      System.arraycopy(p, (y + 1) * 10 + 1, out, y * 8, 8);
    }
    return out;
  }

  private static double rightMinusLeft(float[] picture) {
    double sum = 0;
    for (int i = 0; i < 64; i++) {
      sum += (i % 8 >= 4 ? 1 : -1) * picture[i];
    }
    return sum / 32;
  }

  @Test
  void setsWithNoPicturesAreClearErrors() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "no pictures here");
    Path right = dir.resolve("right");
    writeFolder(right, 1, 3, 2);
    assertThatThrownBy(() -> Directions.between(model, "m", empty.toString(), right.toString(), "unused", w -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image folder " + empty + " has no readable images (1 files, 1 skipped)");
    assertThatThrownBy(() -> Directions.between(model, "m", "label:x", right.toString(), "unused", w -> {}))
        .hasMessageContaining("set label:x: a label is a class number");
    assertThatThrownBy(() -> Directions.between(model, "m", dir.resolve("nowhere").toString(), right.toString(),
        "unused", w -> {})).hasMessageContaining("is neither label:K nor a folder of pictures");
  }
}
