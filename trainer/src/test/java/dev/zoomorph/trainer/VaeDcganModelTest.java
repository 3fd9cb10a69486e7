package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VAE-DCGAN: its three losses fall, and the engine's encoder and generator compute what training did. */
class VaeDcganModelTest {
  @TempDir Path dir;

  static TrainConfig tiny(Path dir) {
    return TrainConfig.builder(ModelKind.VAE_DCGAN, "unused", 5, dir.resolve("v.safetensors"))
        .latentSize(4).dcganFilters(4).discriminatorFilters(4).encoderFilters(4).batch(8).seed(9).build();
  }

  /** Eight 32×32 pictures: bright rectangles that move with n. */
  static float[] batch() {
    float[] batch = new float[8 * 32 * 32];
    for (int n = 0; n < 8; n++) {
      for (int y = 8; y < 24; y++) {
        Arrays.fill(batch, (n * 32 + y) * 32 + 4 + 2 * n, (n * 32 + y) * 32 + 14 + 2 * n, 0.9f);
      }
    }
    return batch;
  }

  @Test
  void everyLossFallsWhenItsPartIsTrained() {
    float[] batch = batch();
    try (DcganModel m = new DcganModel(tiny(dir))) {
      for (GanPart part : GanPart.values()) {
        float before = m.update(part, batch, 8, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
          m.update(part, batch, 8, new SplittableRandom(50 + i));
        }
        float after = m.update(part, batch, 8, new SplittableRandom(1));
        assertThat(after).as(part + " loss").isLessThan(before);
      }
    }
  }

  @Test
  void theExportedEncoderAndGeneratorComputeWhatTheTrainingGraphDid() {
    TrainConfig config = tiny(dir);
    float[] batch = batch();
    try (DcganModel m = new DcganModel(config)) {
      for (int step = 1; step <= 3; step++) {
        m.step(batch, 8, Trainer.stepRandom(9, step));
      }
      ModelFile file = ModelFile.read(new ModelFile(m.metadata(3, Map.of("g", 1.0, "d", 1.0),
          new ModelMetadata.Dataset("x", "y"), "cmd", 9), m.export()).toBytes(), "vae-dcgan");
      assertThat(file.metadata().kind()).isEqualTo(ModelKind.VAE_DCGAN);
      assertThat(file.metadata().encoder().convolutions()).containsExactly(4, 8, 16);
      float[] mu = m.encode(batch, 8);
      try (Encoder encoder = Encoder.of(file)) {
        for (int n = 0; n < 8; n++) {
          Latent z = encoder.encode(Arrays.copyOfRange(batch, n * 1024, (n + 1) * 1024));
          for (int k = 0; k < 4; k++) {
            assertThat(z.get(k)).as("picture %d component %d", n, k).isCloseTo(mu[n * 4 + k], within(1e-4f));
          }
        }
      }
      // The generator, with the population statistics of the latents they were measured on, as for the DCGAN.
      float[] latents = DcganModel.statsLatents(config.seed(), 4);
      float[] trained = m.generate(latents, latents.length / 4);
      try (DcganGenerator g = DcganGenerator.create(file)) {
        float[] values = g.renderValues(Latent.of(Arrays.copyOf(latents, 4)));
        for (int i = 0; i < values.length; i++) {
          assertThat(values[i]).isCloseTo(trained[i], within(1e-4f));
        }
      }
    }
  }
}
