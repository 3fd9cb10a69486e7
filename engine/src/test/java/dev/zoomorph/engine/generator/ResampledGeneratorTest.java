package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResampledGeneratorTest {
  private static DcganGenerator dcgan;
  private static ResampledGenerator resampled;
  private static Latent z;

  @BeforeAll
  static void open() {
    // The module runs from engine/; the bundled models are packaged by presets/, which engine does not depend on.
    ModelFile file = ModelFile.load("../presets/models/fashion-dcgan.safetensors");
    dcgan = DcganGenerator.create(file);
    resampled = new ResampledGenerator(DcganGenerator.create(file), 32, 32);
    z = Latent.gaussian(dcgan.latentSize(), 3);
  }

  @AfterAll
  static void close() {
    dcgan.close();
    resampled.close();
  }

  @Test
  void atTheNativeSizeEveryPixelIsTheModelsOwn() {
    assertThat(resampled.render(z, View.of(32, 32)).pixels()).isEqualTo(dcgan.render(z, View.of(32, 32)).pixels());
  }

  @Test
  void aLargerViewIsASmoothUpscaleOfTheSamePicture() {
    Frame native32 = dcgan.render(z, View.of(32, 32));
    Frame big = resampled.render(z, View.of(128, 128));
    assertThat(big.width()).isEqualTo(128);
    double difference = 0;
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        // Native pixel centre k lies between pixels 4k + 1 and 4k + 2 of the 128² frame.
        difference += Math.abs(big.sample(4 * x + 2, 4 * y + 2, 0) - native32.sample(x, y, 0));
      }
    }
    assertThat(difference / (32 * 32)).isLessThan(12);
  }

  @Test
  void zoomShowsTheCentreOfTheLargerViewExactly() {
    // With View's convention, pixel (i, j) at zoom 2 has the plane point of pixel (i + 16, j + 16) of a 64² view.
    Frame zoomed = resampled.render(z, View.of(32, 32).withZoom(2));
    Frame wide = resampled.render(z, View.of(64, 64));
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        assertThat(zoomed.sample(x, y, 0)).isEqualTo(wide.sample(x + 16, y + 16, 0));
      }
    }
  }
}
