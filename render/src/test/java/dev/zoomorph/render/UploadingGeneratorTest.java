package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;

/** Any generator's frames uploaded to the GL device and post-processed there (a DCGAN on the GL backend). */
class UploadingGeneratorTest {
  private static final CppnWeights WEIGHTS = CppnWeights.random(new CppnSpec(4, 12, 3, 3, 6f), 21);
  private static final Latent LATENT = Latent.gaussian(4, 2);

  @Test
  void uploadedFramesComeBackAsTheyWere() {
    View view = new View(40, 30, 0.2, 0.1, 1.3, 5);
    Frame cpu = new CppnGenerator(WEIGHTS).render(LATENT, view);
    try (GlGenerator renderer = GlGenerator.uploading(new CppnGenerator(WEIGHTS), PostProcessing.NONE)) {
      Frame shown = renderer.render(LATENT, view);
      assertThat(shown.pixels()).isEqualTo(cpu.pixels());
    }
  }

  @Test
  void greyFramesFromASourceThatAlsoMakesColourStayGrey() {
    // A source whose channels() says 3 may still make grey frames.
    Generator mixed = new StepEdge() {
      @Override
      public int channels() {
        return 3;
      }
    };
    try (GlGenerator renderer = GlGenerator.uploading(mixed, PostProcessing.NONE)) {
      Frame shown = renderer.render(Latent.zeros(1), View.of(16, 8));
      assertThat(shown.channels()).isEqualTo(3);
      for (int c = 0; c < 3; c++) {
        assertThat(shown.sample(2, 4, c)).as("black half, channel " + c).isZero();
        assertThat(shown.sample(13, 4, c)).as("white half, channel " + c).isEqualTo(255);
      }
    }
  }

  /** A grey frame, black on the left half and white on the right. */
  private static class StepEdge implements Generator {
    @Override
    public int latentSize() {
      return 1;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public Frame render(Latent latent, View view) {
      byte[] pixels = new byte[view.width() * view.height()];
      for (int y = 0; y < view.height(); y++) {
        for (int x = view.width() / 2; x < view.width(); x++) {
          pixels[y * view.width() + x] = (byte) 255;
        }
      }
      return new Frame(view.width(), view.height(), 1, pixels);
    }

    @Override
    public void close() {}
  }
}
