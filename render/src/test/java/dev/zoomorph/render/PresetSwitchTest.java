package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;

/** A preset switch: crossfade from one model to another inside one renderer. */
class PresetSwitchTest {
  private static final CppnWeights FIRST = CppnWeights.random(new CppnSpec(4, 8, 3, 3, 6f), 1);
  private static final CppnWeights SECOND = CppnWeights.random(new CppnSpec(6, 12, 2, 3, 3f), 2);
  private static final View VIEW = View.of(48, 36);

  @Test
  void switchingModelsCrossfadesAndFreesTheOldOne() {
    Latent a = Latent.gaussian(4, 1);
    Latent b = Latent.gaussian(6, 1);
    try (GlRenderer gl = GlRenderer.cppn(FIRST, RenderOptions.HEADLESS)) {
      Frame before = gl.render(a, VIEW);
      int live = gl.liveGlObjects();

      gl.startCrossfade();
      gl.switchToCppn(SECOND);
      assertThat(gl.latentSize()).isEqualTo(6);
      gl.setCrossfade(0.25f);
      Frame mixed = gl.render(b, VIEW);
      gl.setCrossfade(0);
      Frame after = gl.render(b, VIEW);

      CppnShaderTest.assertClose(after, new CppnGenerator(SECOND).render(b, VIEW));
      double error = 0;
      for (int i = 0; i < mixed.pixels().length; i++) {
        double expected = 0.25 * (before.pixels()[i] & 0xff) + 0.75 * (after.pixels()[i] & 0xff);
        error += Math.abs((mixed.pixels()[i] & 0xff) - expected);
      }
      assertThat(error / mixed.pixels().length).isLessThan(1.0);
      assertThat(gl.liveGlObjects()).isEqualTo(live);
    }
  }

  @Test
  void switchingToAnyGeneratorUsesTheTexturePath() {
    try (GlRenderer gl = GlRenderer.cppn(FIRST, RenderOptions.HEADLESS)) {
      gl.render(Latent.gaussian(4, 1), VIEW);
      gl.switchToTexture(new CppnGenerator(SECOND), 24, 18);
      Frame upscaled = gl.render(Latent.gaussian(6, 3), VIEW);
      assertThat(PixelStats.standardDeviation(upscaled, 1)).isGreaterThan(5);
    }
  }
}
