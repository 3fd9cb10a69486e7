package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.trainer.data.ImageSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The denoising autoencoder: it learns, it raises PSNR on held-out noisy pictures, and the engine runs it as trained. */
class DenoiserModelTest {
  @TempDir Path dir;

  static TrainConfig tiny(Path dir, int steps) {
    return TrainConfig.builder(ModelKind.DENOISER, "unused", steps, dir.resolve("n.safetensors"))
        .imageSize(12).denoiserFilters(8).batch(16).seed(4).noiseSigma(0.25f).noiseSaltPepper(0.05f).build();
  }

  /** Soft bright discs of random place and size on black: smooth pictures a denoiser can learn. */
  static List<float[]> discs(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<float[]> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      double cx = 3 + r.nextDouble() * 6;
      double cy = 3 + r.nextDouble() * 6;
      double radius = 2 + r.nextDouble() * 3;
      float level = 0.5f + 0.5f * r.nextFloat();
      float[] image = new float[144];
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
          image[y * 12 + x] = (float) (level * Math.max(0, Math.min(1, radius - d)));
        }
      }
      out.add(image);
    }
    return out;
  }

  private static float[] batch(List<float[]> images, int from) {
    float[] b = new float[16 * 144];
    for (int i = 0; i < 16; i++) {
      System.arraycopy(images.get((from + i) % images.size()), 0, b, i * 144, 144);
    }
    return b;
  }

  @Test
  void itRaisesThePsnrOfHeldOutNoisyPicturesAndTheEngineRunsItAsTrained() {
    TrainConfig config = tiny(dir, 150);
    List<float[]> training = discs(256, 1);
    ImageSet heldOut = new ImageSet("discs", "none", 12, 12, 1, discs(64, 2), null, 0);
    try (DenoiserModel m = new DenoiserModel(config)) {
      double first = m.step(batch(training, 0), 16, Trainer.stepRandom(4, 1)).get("denoise");
      double last = first;
      for (int step = 2; step <= 150; step++) {
        last = m.step(batch(training, step * 16), 16, Trainer.stepRandom(4, step)).get("denoise");
      }
      assertThat(last).as("denoising loss").isLessThan(first);
      ModelFile file = ModelFile.read(new ModelFile(m.metadata(150, Map.of("denoise", last),
          new ModelMetadata.Dataset("discs", "none"), "cmd", 4), m.export()).toBytes(), "denoiser");
      assertThat(file.metadata().denoiser().noiseSigma()).isEqualTo(0.25);

      Evaluation.DenoisingReport report = Evaluation.denoising(file, heldOut, 64, 7);
      assertThat(report.count()).isEqualTo(64);
      assertThat(report.gain()).as("PSNR %.2f → %.2f dB", report.noisyPsnr(), report.denoisedPsnr())
          .isGreaterThan(3);

      // The engine's denoiser gives the training graph's pictures (to the 8-bit level).
      float[] noisy = DenoiserModel.corrupt(heldOut.images().get(0), 1, 0.25f, 0.05f, new SplittableRandom(3));
      byte[] pixels = new byte[144];
      float[] quantised = new float[144];
      for (int i = 0; i < 144; i++) {
        pixels[i] = Frame.toByte(noisy[i]);
        quantised[i] = (pixels[i] & 0xff) / 255f;
      }
      float[] trained = m.generate(quantised, 1);
      try (Denoiser denoiser = Denoiser.of(file)) {
        Frame out = denoiser.denoise(new Frame(12, 12, 1, pixels));
        for (int i = 0; i < 144; i++) {
          assertThat(out.pixels()[i] & 0xff).isCloseTo(Frame.toByte(trained[i]) & 0xff,
              org.assertj.core.data.Offset.offset(1));
        }
      }
    }
  }

  @Test
  void corruptionFollowsItsSettings() {
    float[] grey = new float[10_000];
    java.util.Arrays.fill(grey, 0.5f);
    float[] noisy = DenoiserModel.corrupt(grey, 1, 0f, 0.2f, new SplittableRandom(1));
    long black = 0;
    long white = 0;
    for (float v : noisy) {
      black += v == 0f ? 1 : 0;
      white += v == 1f ? 1 : 0;
    }
    assertThat(black).isBetween(850L, 1150L);
    assertThat(white).isBetween(850L, 1150L);
    float[] gaussian = DenoiserModel.corrupt(grey, 1, 0.1f, 0f, new SplittableRandom(1));
    double sum = 0;
    for (float v : gaussian) {
      sum += (v - 0.5) * (v - 0.5);
    }
    assertThat(Math.sqrt(sum / gaussian.length)).isBetween(0.095, 0.105);
  }
}
