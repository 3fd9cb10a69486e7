package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shader post-processing of a grey CPPN against the same maths on the CPU. */
class PostProcessingTest {
  private static final CppnWeights GREY = CppnWeights.random(new CppnSpec(4, 12, 3, 1, 5f), 31);
  private static final Latent A = Latent.gaussian(4, 1);
  private static final Latent B = Latent.gaussian(4, 2);
  private static final View VIEW = new View(64, 48, 0.1, 0, 1.5, 10);

  private static GlRenderer gl;
  private static Frame plain;

  @BeforeAll
  static void open() {
    gl = GlRenderer.cppn(GREY, RenderOptions.HEADLESS);
    plain = gl.render(A, VIEW);
  }

  @AfterAll
  static void close() {
    gl.close();
  }

  @Test
  void softThresholdMakesCrispContours() {
    gl.setPostProcessing(PostProcessing.NONE.withThreshold(0.5f, 0.1f));
    Frame thresholded = gl.render(A, VIEW);
    gl.setPostProcessing(PostProcessing.NONE);

    assertPerPixel(thresholded, v -> smoothstep(0.4, 0.6, v), 6);
    assertThat(midTones(thresholded)).isLessThan(midTones(plain));
  }

  @Test
  void contrastAndGamma() {
    gl.setPostProcessing(PostProcessing.NONE.withContrast(1.8f).withGamma(0.6f));
    Frame adjusted = gl.render(A, VIEW);
    gl.setPostProcessing(PostProcessing.NONE);

    assertPerPixel(adjusted, v -> Math.pow(Math.max(0, Math.min(1, (v - 0.5) * 1.8 + 0.5)), 0.6), 4);
  }

  @Test
  void paletteColoursAGreyModel() {
    gl.setPostProcessing(PostProcessing.NONE.withPalette(Palette.FIRE));
    assertThat(gl.channels()).isEqualTo(3);
    Frame coloured = gl.render(A, VIEW);
    gl.setPostProcessing(PostProcessing.NONE);

    assertThat(coloured.channels()).isEqualTo(3);
    byte[] table = Palette.FIRE.table();
    long sum = 0;
    for (int y = 0; y < VIEW.height(); y++) {
      for (int x = 0; x < VIEW.width(); x++) {
        int level = plain.sample(x, y, 0);
        for (int c = 0; c < 3; c++) {
          sum += Math.abs(coloured.sample(x, y, c) - (table[level * 3 + c] & 0xff));
        }
      }
    }
    assertThat((double) sum / (VIEW.width() * VIEW.height() * 3)).isLessThan(1.5);
  }

  @Test
  void crossfadeBlendsTheHeldFrameIntoTheLiveOne() {
    Frame first = gl.render(A, VIEW);
    Frame second = gl.render(B, VIEW);
    gl.render(A, VIEW);
    gl.startCrossfade();
    Frame start = gl.render(B, VIEW);
    gl.setCrossfade(0.5f);
    Frame half = gl.render(B, VIEW);
    gl.setCrossfade(0f);
    Frame end = gl.render(B, VIEW);

    assertThat(PixelStats.meanAbsoluteDifference(first, second)).isGreaterThan(10);
    assertThat(PixelStats.meanAbsoluteDifference(start, first)).isLessThan(0.5);
    assertThat(PixelStats.meanAbsoluteDifference(end, second)).isLessThan(0.5);
    double sum = 0;
    for (int i = 0; i < half.pixels().length; i++) {
      double expected = ((first.pixels()[i] & 0xff) + (second.pixels()[i] & 0xff)) / 2.0;
      sum += Math.abs((half.pixels()[i] & 0xff) - expected);
    }
    assertThat(sum / half.pixels().length).isLessThan(1.0);
  }

  private static void assertPerPixel(Frame actual, java.util.function.DoubleUnaryOperator expected, int maxError) {
    long sum = 0;
    int max = 0;
    for (int y = 0; y < VIEW.height(); y++) {
      for (int x = 0; x < VIEW.width(); x++) {
        double v = plain.sample(x, y, 0) / 255.0;
        int want = (int) Math.round(expected.applyAsDouble(v) * 255);
        int d = Math.abs(actual.sample(x, y, 0) - want);
        sum += d;
        max = Math.max(max, d);
      }
    }
    assertThat((double) sum / (VIEW.width() * VIEW.height())).isLessThan(1.5);
    assertThat(max).isLessThanOrEqualTo(maxError);
  }

  private static double smoothstep(double e0, double e1, double v) {
    double t = Math.max(0, Math.min(1, (v - e0) / (e1 - e0)));
    return t * t * (3 - 2 * t);
  }

  private static int midTones(Frame frame) {
    int count = 0;
    for (byte b : frame.pixels()) {
      int v = b & 0xff;
      if (v > 40 && v < 215) {
        count++;
      }
    }
    return count;
  }
}
