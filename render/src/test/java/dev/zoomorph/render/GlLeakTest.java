package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;

/** 1000 frames with resizes, crossfades, palettes and async readbacks leave no GL object behind. */
class GlLeakTest {

  @Test
  void noGlObjectLeaksOverAThousandFrames() {
    CppnWeights weights = CppnWeights.random(new CppnSpec(2, 4, 2, 1, 4f), 5);
    GlRenderer gl = GlRenderer.cppn(weights, RenderOptions.HEADLESS);
    gl.render(Latent.zeros(2), View.of(8, 8));
    int steady = gl.liveGlObjects();
    long createdBefore = gl.glObjects().created();
    int maxLive = 0;
    for (int frame = 0; frame < 1000; frame++) {
      Latent latent = Latent.of((float) Math.sin(frame * 0.1), (float) Math.cos(frame * 0.1));
      View view = View.of(8 + (frame / 100) % 4, 8);
      if (frame % 50 == 0) {
        gl.startCrossfade();
      }
      if (frame % 50 == 25) {
        gl.setCrossfade(0);
      }
      gl.setPostProcessing(frame % 200 < 100 ? PostProcessing.NONE : PostProcessing.NONE.withPalette(Palette.ICE));
      if (frame % 2 == 0) {
        gl.renderAsync(latent, view, f -> { });
      } else {
        gl.render(latent, view);
      }
      maxLive = Math.max(maxLive, gl.liveGlObjects());
    }
    gl.flush();
    long created = gl.glObjects().created() - createdBefore;
    gl.close();

    // Fences per frame, targets per resize and held frames per crossfade were created and freed along the way.
    assertThat(created).isGreaterThan(1000);
    // At most the held frame (texture + framebuffer) and three in-flight fences above the steady state.
    assertThat(maxLive).isLessThanOrEqualTo(steady + 2 + 3);
    assertThat(gl.glObjects().live()).as(gl.glObjects().toString()).isZero();
  }
}
