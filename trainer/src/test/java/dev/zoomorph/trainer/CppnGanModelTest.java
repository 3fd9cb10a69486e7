package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.model.ModelKind;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CppnGanModelTest {
  @TempDir Path dir;

  static TrainConfig tiny(ModelKind kind, Path dir) {
    return TrainConfig.builder(kind, "unused", 10, dir.resolve("m.safetensors"))
        .latentSize(4).cppnWidth(16).cppnDepth(3).imageSize(8).encoderHidden(List.of(32))
        .discriminatorFilters(4).batch(8).seed(3).build();
  }

  /** A fixed batch: blobs of varying brightness, like tiny garments. */
  static float[] batch(int count, int size) {
    float[] b = new float[count * size * size];
    SplittableRandom r = new SplittableRandom(11);
    for (int n = 0; n < count; n++) {
      float level = 0.3f + 0.7f * r.nextFloat();
      for (int y = 2; y < size - 2; y++) {
        for (int x = 1 + n % 2; x < size - 1; x++) {
          b[(n * size + y) * size + x] = level;
        }
      }
    }
    return b;
  }

  private static float lossAfter(CppnGanModel m, GanPart part, int updates, float[] batch) {
    for (int i = 0; i < updates; i++) {
      m.update(part, true, batch, 8, new SplittableRandom(100 + i));
    }
    return m.update(part, false, batch, 8, new SplittableRandom(5));
  }

  @Test
  void everyLossFallsWhenItsPartIsTrained() {
    float[] batch = batch(8, 8);
    try (CppnGanModel m = new CppnGanModel(tiny(ModelKind.CPPN_VAE_GAN, dir))) {
      for (GanPart part : GanPart.values()) {
        float before = m.update(part, false, batch, 8, new SplittableRandom(5));
        float after = lossAfter(m, part, 15, batch);
        assertThat(after).as(part + " loss").isLessThan(before);
      }
    }
  }

  @Test
  void ganLossesFallToo() {
    float[] batch = batch(8, 8);
    try (CppnGanModel m = new CppnGanModel(tiny(ModelKind.CPPN_GAN, dir))) {
      for (GanPart part : List.of(GanPart.G, GanPart.D)) {
        float before = m.update(part, false, batch, 8, new SplittableRandom(5));
        assertThat(lossAfter(m, part, 15, batch)).as(part + " loss").isLessThan(before);
      }
    }
  }
}
