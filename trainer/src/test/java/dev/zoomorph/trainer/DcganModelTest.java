package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
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

class DcganModelTest {
  @TempDir Path dir;

  private TrainConfig tiny() {
    return TrainConfig.builder(ModelKind.DCGAN, "unused", 5, dir.resolve("d.safetensors"))
        .latentSize(4).dcganFilters(4).discriminatorFilters(4).batch(8).seed(9).build();
  }

  @Test
  void bothLossesFallWhenTrained() {
    float[] batch = new float[8 * 32 * 32];
    for (int n = 0; n < 8; n++) {
      for (int y = 8; y < 24; y++) {
        Arrays.fill(batch, (n * 32 + y) * 32 + 8 + n, (n * 32 + y) * 32 + 20 + n, 0.9f);
      }
    }
    try (DcganModel m = new DcganModel(tiny())) {
      for (GanPart part : new GanPart[] {GanPart.D, GanPart.G}) {
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
  void exportedModelRendersInTheEngineLikeTheTrainingGraph() {
    TrainConfig config = tiny();
    try (DcganModel m = new DcganModel(config)) {
      m.step(new float[8 * 32 * 32], 8, new SplittableRandom(4));
      ModelFile file = ModelFile.read(
          new ModelFile(m.metadata(1, Map.of("g", 1.0), new ModelMetadata.Dataset("x", "y"), "cmd", 9), m.export()).toBytes(), "dcgan");
      // With the very latents the population statistics were measured on, batch norm in training mode and in
      // inference mode normalise identically, so the two paths must agree on the first image.
      float[] latents = DcganModel.statsLatents(config.seed(), 4);
      float[] trained = m.generate(latents, latents.length / 4);
      try (DcganGenerator g = DcganGenerator.create(file)) {
        Frame frame = g.render(Latent.of(Arrays.copyOf(latents, 4)), View.of(512, 512));
        assertThat(frame.width()).isEqualTo(32);
        assertThat(frame.channels()).isEqualTo(1);
        for (int i = 0; i < 32 * 32; i++) {
          assertThat(frame.pixels()[i] & 0xff).isCloseTo(Frame.toByte(trained[i]) & 0xff,
              org.assertj.core.data.Offset.offset(1));
        }
      }
    }
  }
}
