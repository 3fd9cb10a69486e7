package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A fixed-size generator's pictures uploaded at their native size, resampled onto the view and post-processed on the
 * GL device (a DCGAN on the GL backend), against {@link ResampledGenerator}, which does the same on the CPU.
 */
class ResamplingGeneratorTest {
  private static final CppnWeights WEIGHTS = CppnWeights.random(new CppnSpec(4, 12, 3, 3, 6f), 21);
  private static final Latent LATENT = Latent.gaussian(4, 2);

  @Test
  void atTheNativeSizeThePictureComesBackAsItWas() {
    View view = View.of(40, 30);
    Frame cpu = new CppnGenerator(WEIGHTS).render(LATENT, view);
    try (GlGenerator renderer = GlGenerator.resampling(new CppnGenerator(WEIGHTS), 40, 30, PostProcessing.NONE)) {
      Frame shown = renderer.render(LATENT, view);
      assertThat(shown.pixels()).isEqualTo(cpu.pixels());
    }
  }

  @ParameterizedTest(name = "{0}x{1} centre ({2}, {3}) zoom {4} rotation {5}")
  @CsvSource({
      "64, 48, 0.1, -0.2, 1.7, 23",
      "40, 40, 0, 0, 0.5, 0",
      "96, 32, 0.3, 0.3, 3, -70",
      "7, 5, 0, 0, 1, 0"})
  void theGpuResamplesAsTheCpuDoesWithinOneLevel(int width, int height, double x, double y, double zoom,
      double rotation) {
    Frame picture = new CppnGenerator(WEIGHTS).render(LATENT, View.of(16, 12));
    View view = new View(width, height, x, y, zoom, rotation);
    Frame cpu = new ResampledGenerator(new FixedFrame(picture, 4), 16, 12).render(LATENT, view);
    try (GlGenerator renderer = GlGenerator.resampling(new FixedFrame(picture, 4), 16, 12, PostProcessing.NONE)) {
      Frame shown = renderer.render(LATENT, view);
      assertThat(shown.width()).isEqualTo(width);
      assertThat(shown.height()).isEqualTo(height);
      assertThat(PixelStats.maxDifference(shown, cpu)).isLessThanOrEqualTo(1);
    }
    // The picture has detail at this scale, so the comparison would see a misplaced sample.
    assertThat(PixelStats.standardDeviation(cpu, 0)).isGreaterThan(10);
  }

  @Test
  void aPictureOfAnotherSizeIsRefusedNamingBothSizes() {
    Frame picture = new CppnGenerator(WEIGHTS).render(LATENT, View.of(16, 12));
    try (GlGenerator renderer = GlGenerator.resampling(new FixedFrame(picture, 4), 32, 32, PostProcessing.NONE)) {
      assertThatThrownBy(() -> renderer.render(LATENT, View.of(64, 64)))
          .hasMessageContaining("16x12").hasMessageContaining("32x32");
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
    try (GlGenerator renderer = GlGenerator.resampling(mixed, 16, 8, PostProcessing.NONE)) {
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
