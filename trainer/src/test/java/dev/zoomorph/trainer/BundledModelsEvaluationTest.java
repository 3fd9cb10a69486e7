package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.trainer.data.DataSources;
import dev.zoomorph.trainer.data.ImageSet;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The numbers BENCHMARKS.md gives for the bundled Fashion-MNIST models of the issue-15 family, measured again as
 * {@code zoomorph evaluate} measures them (the classifier's thread count may move the last digits, so the checks are
 * bounds just below the published numbers).
 */
class BundledModelsEvaluationTest {
  private static final Path MODELS = Path.of("..", "presets", "models");
  private static ImageSet train;
  private static ImageSet test;

  @BeforeAll
  static void fashion() {
    train = DataSources.open("fashion-mnist", 1, 28, w -> {});
    test = DataSources.open("fashion-mnist-test", 1, 28, w -> {});
  }

  private static Evaluation.Report evaluate(String name) {
    ModelFile model = ModelFile.read(MODELS.resolve(name + ".safetensors"));
    ModelMetadata meta = model.metadata();
    return Evaluation.evaluate(model, train.forModel(meta), test.forModel(meta), 1000, 1);
  }

  @Test
  void theVaeDcganCoversEveryClassAndReconstructsHeldOutPictures() {
    Evaluation.Report r = evaluate("fashion-vae-dcgan");
    assertThat(r.classesCovered()).isEqualTo(10);
    assertThat(r.entropyBits()).isGreaterThan(VAE_DCGAN_ENTROPY - 0.1);
    assertThat(r.reconstructionMse()).isLessThan(VAE_DCGAN_MSE + 0.005);
  }

  @Test
  void theDenoiserRaisesThePsnrOfHeldOutNoisyPictures() {
    Evaluation.DenoisingReport r = Evaluation.denoising(ModelFile.read(MODELS.resolve("fashion-denoiser.safetensors")),
        test, 1000, 1);
    assertThat(r.gain()).isGreaterThan(DENOISER_GAIN_DB - 0.2);
  }

  // BENCHMARKS.md, "Coverage and reconstruction".
  private static final double VAE_DCGAN_ENTROPY = 3.267;
  private static final double VAE_DCGAN_MSE = 0.0181;
  private static final double DENOISER_GAIN_DB = 7.52;
}
