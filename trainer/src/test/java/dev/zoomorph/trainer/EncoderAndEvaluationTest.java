package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.latent.Latent;
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

class EncoderAndEvaluationTest {
  @TempDir Path dir;

  @Test
  void theEnginesEncoderMatchesTheTrainingGraph() {
    TrainConfig config = CppnGanModelTest.tiny(ModelKind.CPPN_VAE_GAN, dir);
    float[] batch = CppnGanModelTest.batch(8, 8);
    try (CppnGanModel m = new CppnGanModel(config)) {
      for (int i = 0; i < 5; i++) {
        m.step(batch, 8, new SplittableRandom(i));
      }
      ModelFile file = new ModelFile(m.metadata(5, Map.of(), new ModelMetadata.Dataset("x", "y"), "", 3), m.export());
      float[] mu = m.encode(batch, 8);
      try (Encoder encoder = Encoder.of(file)) {
        for (int n = 0; n < 8; n++) {
          float[] image = java.util.Arrays.copyOfRange(batch, n * 64, (n + 1) * 64);
          Latent z = encoder.encode(image);
          for (int k = 0; k < 4; k++) {
            assertThat(z.get(k)).isCloseTo(mu[n * 4 + k], within(1e-4f));
          }
        }
      }
    }
  }

  @Test
  void entropyAndCoverageOfHistograms() {
    assertThat(Evaluation.entropy(new int[] {5, 5, 5, 5})).isCloseTo(2.0, within(1e-12));
    assertThat(Evaluation.entropy(new int[] {20, 0, 0})).isZero();
    assertThat(Evaluation.covered(new int[] {989, 10, 1})).isEqualTo(2);
  }

  @Test
  void judgesSamplesAndHeldOutImagesWithAFittedClassifier() {
    // Two classes, left half bright or right half bright: the classifier must be perfect and the held-out images split
    // evenly; every sample gets a class.
    List<float[]> images = new ArrayList<>();
    int[] labels = new int[200];
    for (int n = 0; n < 200; n++) {
      float[] image = new float[64];
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 4; x++) {
          image[y * 8 + x + (n % 2) * 4] = 1f;
        }
      }
      images.add(image);
      labels[n] = n % 2;
    }
    ImageSet[] split = new ImageSet("halves", "none", 8, 8, 1, images, labels, 0).holdOutEvery(5);
    TrainConfig config = CppnGanModelTest.tiny(ModelKind.CPPN_GAN, dir);
    try (CppnGanModel m = new CppnGanModel(config)) {
      ModelFile file = new ModelFile(m.metadata(0, Map.of(), new ModelMetadata.Dataset("x", "y"), "", 3), m.export());
      Evaluation.Report r = Evaluation.evaluate(file, split[0], split[1], 50, 1);
      assertThat(r.classifierAccuracy()).isEqualTo(1.0);
      assertThat(r.realHistogram()).containsExactly(20, 20);
      assertThat(r.realEntropyBits()).isCloseTo(1.0, within(1e-9));
      assertThat(r.histogram()[0] + r.histogram()[1]).isEqualTo(50);
      assertThat(Double.isNaN(r.reconstructionBce())).isTrue();
    }
  }
}
