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

/** Any generator's frame uploaded to a texture and scaled to the output size. */
class TexturePathTest {
  private static final CppnWeights WEIGHTS = CppnWeights.random(new CppnSpec(4, 12, 3, 3, 6f), 21);
  private static final Latent LATENT = Latent.gaussian(4, 2);

  @Test
  void bilinearUpscaleMatchesTheSourceFrameInterpolated() {
    Frame source = new CppnGenerator(WEIGHTS).render(LATENT, View.of(32, 32));
    try (GlRenderer renderer = GlRenderer.texture(new CppnGenerator(WEIGHTS), 32, 32,
        RenderOptions.HEADLESS)) {
      Frame up = renderer.render(LATENT, View.of(128, 128));
      assertThat(up.width()).isEqualTo(128);
      Frame expected = bilinear(source, 128, 128);
      assertThat(PixelStats.meanAbsoluteDifference(up, expected)).isLessThan(1.0);
    }
  }

  @Test
  void displayShowsFramesMadeElsewhereAtTheOutputSize() {
    View view = new View(40, 30, 0.2, 0.1, 1.3, 5);
    Frame cpu = new CppnGenerator(WEIGHTS).render(LATENT, view);
    try (GlRenderer renderer = GlRenderer.display(new CppnGenerator(WEIGHTS), RenderOptions.HEADLESS)) {
      Frame shown = renderer.render(LATENT, view);
      assertThat(PixelStats.meanAbsoluteDifference(shown, cpu)).isLessThan(0.01);
    }
  }

  @Test
  void greyFramesFromASourceThatAlsoMakesColourStayGrey() {
    // A window's source passes on whatever frames a show makes: its channels() says 3, some frames have 1.
    Generator mixed = new StepEdge() {
      @Override
      public int channels() {
        return 3;
      }
    };
    try (GlRenderer renderer = GlRenderer.display(mixed, RenderOptions.HEADLESS)) {
      Frame shown = renderer.render(Latent.zeros(1), View.of(16, 8));
      assertThat(shown.channels()).isEqualTo(3);
      for (int c = 0; c < 3; c++) {
        assertThat(shown.sample(2, 4, c)).as("black half, channel " + c).isZero();
        assertThat(shown.sample(13, 4, c)).as("white half, channel " + c).isEqualTo(255);
      }
    }
  }

  @Test
  void aspectIsKeptWithBlackBars() {
    try (GlRenderer renderer = GlRenderer.texture(new CppnGenerator(WEIGHTS), 32, 32,
        RenderOptions.HEADLESS)) {
      Frame wide = renderer.render(LATENT, View.of(128, 64));
      Frame left = PixelStats.crop(wide, 0, 0, 32, 64);
      Frame right = PixelStats.crop(wide, 96, 0, 32, 64);
      Frame middle = PixelStats.crop(wide, 32, 0, 64, 64);
      for (int c = 0; c < 3; c++) {
        assertThat(PixelStats.mean(left, c)).isZero();
        assertThat(PixelStats.mean(right, c)).isZero();
      }
      assertThat(PixelStats.standardDeviation(middle, 0)).isGreaterThan(10);
      Frame square = renderer.render(LATENT, View.of(64, 64));
      assertThat(PixelStats.meanAbsoluteDifference(middle, square)).isLessThan(0.5);
    }
  }

  @Test
  void bicubicKeepsEdgesSharperThanBilinear() {
    Generator edge = new StepEdge();
    double bilinearBlur;
    double bicubicBlur;
    try (GlRenderer bilinear = GlRenderer.texture(edge, 8, 8, RenderOptions.HEADLESS)) {
      bilinearBlur = blur(bilinear.render(Latent.zeros(1), View.of(64, 64)));
    }
    try (GlRenderer bicubic = GlRenderer.texture(new StepEdge(), 8, 8,
        RenderOptions.HEADLESS.withFilter(Filter.BICUBIC))) {
      bicubicBlur = blur(bicubic.render(Latent.zeros(1), View.of(64, 64)));
    }
    assertThat(bicubicBlur).isLessThan(bilinearBlur * 0.9);
  }

  /** Distance of the middle row from a perfect step at its centre. */
  private static double blur(Frame frame) {
    double sum = 0;
    for (int x = 0; x < frame.width(); x++) {
      int ideal = x < frame.width() / 2 ? 0 : 255;
      sum += Math.abs(frame.sample(x, frame.height() / 2, 0) - ideal);
    }
    return sum;
  }

  /** Reference bilinear interpolation with pixel centres at half-integers and clamped edges, like GL_LINEAR. */
  private static Frame bilinear(Frame source, int width, int height) {
    int c = source.channels();
    byte[] out = new byte[width * height * c];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sx = (x + 0.5) * source.width() / width - 0.5;
        double sy = (y + 0.5) * source.height() / height - 0.5;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int k = 0; k < c; k++) {
          double top = lerp(at(source, x0, y0, k), at(source, x0 + 1, y0, k), fx);
          double bottom = lerp(at(source, x0, y0 + 1, k), at(source, x0 + 1, y0 + 1, k), fx);
          out[(y * width + x) * c + k] = (byte) Math.round(lerp(top, bottom, fy));
        }
      }
    }
    return new Frame(width, height, c, out);
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static int at(Frame f, int x, int y, int c) {
    return f.sample(Math.max(0, Math.min(f.width() - 1, x)), Math.max(0, Math.min(f.height() - 1, y)), c);
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
