package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.Scene;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production path from show frames to pixels, on the GL backend (forced; llvmpipe here) and on TensorFlow. */
class FrameRendererTest {
  private static final ModelSpec.RandomCppn COLOUR = new ModelSpec.RandomCppn(3, 4, 12, 3, 3, 6f);
  private static final ModelSpec.RandomCppn GREY = new ModelSpec.RandomCppn(8, 5, 12, 3, 1, 4f);
  private static final Latent COLOUR_LATENT = Latent.gaussian(4, 1);
  private static final Latent GREY_LATENT = Latent.gaussian(5, 2);
  private static final PostSpec FIRE = new PostSpec(1.2, 1, null, 0, "fire");

  /** Every level against every level: a ramp across and, reversed and shifted, a second ramp. */
  private static final Frame RAMP = ramp(0);
  private static final Frame OTHER_RAMP = ramp(77);

  private static Frame ramp(int shift) {
    byte[] pixels = new byte[256 * 4 * 3];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 256; x++) {
        int i = (y * 256 + x) * 3;
        pixels[i] = (byte) (shift == 0 ? x : 255 - x);
        pixels[i + 1] = (byte) ((x + shift + 64 * y) & 0xff);
        pixels[i + 2] = (byte) ((x * 7 + shift) & 0xff);
      }
    }
    return new Frame(256, 4, 3, pixels);
  }

  @ParameterizedTest(name = "weight {0}")
  @ValueSource(doubles = {0.1, 0.25, 0.5, 0.73, 0.9})
  void theGpuCrossfadePassMatchesTheCpuMixWithinOneLevel(double weight) {
    Map<ModelSpec, Frame> frames = Map.of(COLOUR, RAMP, GREY, OTHER_RAMP);
    try (FrameRenderer renderer = new FrameRenderer(
        model -> GlGenerator.resampling(new FixedFrame(frames.get(model), model.latentSize()), 256, 4,
            PostProcessing.NONE))) {
      // Seen whole (centre 0, zoom 1, no rotation), the fixed frames come out of the resample pass as they are.
      ViewSpec whole = new ViewSpec(0, 0, 1, 0);
      Scene.Layer current = Layers.layer(COLOUR, COLOUR_LATENT, whole, PostSpec.NONE, 1);
      Scene.Layer fading = Layers.layer(GREY, GREY_LATENT, whole, PostSpec.NONE, 1);
      Frame mixed = renderer.render(Layers.fading(current, fading, weight), 256, 4);

      Frame expected = FrameMix.mix(RAMP, OTHER_RAMP, weight);
      assertThat(PixelStats.maxDifference(mixed, expected)).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aCrossfadeBetweenTwoModelsOnTheGlBackendIsOneReadbackAndMatchesTheCpuComposition() {
    List<GlGenerator> built = new ArrayList<>();
    try (FrameRenderer gl = new FrameRenderer(model -> {
          GlGenerator generator = (GlGenerator) RenderBackends.forModel(model, Backend.GL, RenderOptions.HEADLESS);
          built.add(generator);
          return generator;
        });
        FrameRenderer separately = FrameRenderer.on(Backend.GL);
        FrameRenderer tensorflow = FrameRenderer.on(Backend.CPU)) {
      Scene.Layer colour = Layers.layer(COLOUR, COLOUR_LATENT, PostSpec.NONE);
      Scene.Layer grey = Layers.layer(GREY, GREY_LATENT, FIRE);
      // Each layer alone, as the GL backend post-processes it, to mix on the CPU.
      Frame colourAlone = separately.render(Layers.alone(colour), 64, 48);
      Frame greyAlone = separately.render(Layers.alone(grey), 64, 48);

      Scene crossfade = Layers.fading(grey, colour, 0.4);
      gl.render(crossfade, 64, 48);
      assertThat(built).hasSize(2);
      assertThat(built.get(0).device()).as("one GL device").isSameAs(built.get(1).device());
      GlObjects objects = built.get(0).device().objects();
      long readbacksBefore = objects.readbacks();
      long uploadsBefore = objects.uploads();
      Frame mixed = gl.render(crossfade, 64, 48);
      assertThat(objects.readbacks() - readbacksBefore).as("readbacks for one crossfaded frame").isEqualTo(1);
      assertThat(objects.uploads() - uploadsBefore).as("uploads").isZero();

      assertThat(mixed.channels()).isEqualTo(3);
      assertThat(PixelStats.maxDifference(mixed, FrameMix.mix(greyAlone, colourAlone, 0.4))).isLessThanOrEqualTo(2);
      // And the TensorFlow backend's composition of the same frame: the same picture, up to the shader's rounding.
      Frame cpu = tensorflow.render(crossfade, 64, 48);
      assertThat(PixelStats.meanAbsoluteDifference(mixed, cpu)).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void framesRenderAtThePlayingPresetsRenderScaleAndAFadeAtTheFinerOfTwo() {
    try (FrameRenderer renderer = FrameRenderer.on(Backend.GL)) {
      Scene.Layer half = Layers.layer(COLOUR, COLOUR_LATENT, new dev.zoomorph.engine.preset.ViewSpec(0, 0, 1, 0),
          PostSpec.NONE, 0.5);
      Scene.Layer full = Layers.layer(GREY, GREY_LATENT, PostSpec.NONE);
      Frame alone = renderer.render(Layers.alone(half), 64, 48);
      assertThat(alone.width()).isEqualTo(32);
      assertThat(alone.height()).isEqualTo(24);
      // A fade renders at the finer of the two presets' scales, whichever of them is the incoming one.
      Frame frame = renderer.render(Layers.fading(half, full, 0.5), 64, 48);
      assertThat(frame.width()).isEqualTo(64);
      assertThat(frame.height()).isEqualTo(48);
      assertThat(renderer.render(Layers.fading(full, half, 0.5), 64, 48).width()).isEqualTo(64);
      Frame grey = renderer.render(Layers.alone(full), 64, 48);
      assertThat(grey.width()).isEqualTo(64);
      assertThat(grey.channels()).isEqualTo(1);
    }
  }

  @Test
  void aModelThatCannotBeBuiltIsATypedErrorNamingIt() {
    ModelSpec missing = new ModelSpec.Trained("no-such-model", 4, 1);
    try (FrameRenderer renderer = FrameRenderer.on(Backend.CPU)) {
      assertThatThrownBy(() -> renderer.prepare(Layers.layer(missing, COLOUR_LATENT, PostSpec.NONE).preset()))
          .isInstanceOf(ModelUnavailableException.class)
          .hasMessageContaining("no-such-model")
          .satisfies(e -> assertThat(((ModelUnavailableException) e).model()).isEqualTo(missing));
      Frame still = renderer.render(Layers.alone(Layers.layer(COLOUR, COLOUR_LATENT, PostSpec.NONE)), 16, 16);
      assertThat(still.width()).isEqualTo(16);
    }
  }

}
