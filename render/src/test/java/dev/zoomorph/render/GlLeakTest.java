package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.show.Scene;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1000 frames of a GL show with resizes, crossfades between models, palettes and models dropping out and coming back
 * leave no GL object behind, and the device's count stays bounded on the way; nor do the GL sources that a show on
 * llvmpipe does not pick (the CPPN's compute shader) or that need a model file (a DCGAN's resample pass).
 */
class GlLeakTest {
  private static final ModelSpec.RandomCppn FIRST = new ModelSpec.RandomCppn(5, 2, 4, 2, 1, 4f);
  private static final ModelSpec.RandomCppn SECOND = new ModelSpec.RandomCppn(6, 3, 4, 2, 3, 4f);

  @Test
  void noGlObjectLeaksOverAThousandFrames() {
    List<GlGenerator> built = new ArrayList<>();
    FrameRenderer renderer = new FrameRenderer(model -> {
      GlGenerator generator = (GlGenerator) RenderBackends.forModel(model, Backend.GL, RenderOptions.HEADLESS);
      built.add(generator);
      return generator;
    });
    Scene.Layer warmUp = Layers.layer(FIRST, Latent.zeros(2), PostSpec.NONE);
    renderer.render(Layers.fading(warmUp, Layers.layer(SECOND, Latent.zeros(3), PostSpec.NONE), 0.5), 8, 8);
    GlDevice device = built.get(0).device();
    int steady = device.call(device.objects()::live);
    long createdBefore = device.objects().created();
    int maxLive = 0;
    for (int frame = 0; frame < 1000; frame++) {
      PostSpec post = frame % 200 < 100 ? PostSpec.NONE : new PostSpec(1, 1, null, 0, "ice");
      Scene.Layer first = Layers.layer(FIRST,
          Latent.of((float) Math.sin(frame * 0.1), (float) Math.cos(frame * 0.1)), post);
      Scene.Layer second = Layers.layer(SECOND, Latent.gaussian(3, frame), post);
      int phase = frame % 150;
      // 50 frames of the first model alone (the second's generator is closed), then crossfades, then the second.
      Scene showFrame = phase < 50 ? Layers.alone(first)
          : phase < 100 ? Layers.fading(second, first, (100 - phase) / 50.0) : Layers.alone(second);
      renderer.render(showFrame, 8 + (frame / 100) % 4, 8);
      maxLive = Math.max(maxLive, device.call(device.objects()::live));
    }
    long created = device.objects().created() - createdBefore;
    renderer.close();

    // Generators (shaders, weights, targets) per model switch and targets per resize were made and freed on the way.
    assertThat(created).isGreaterThan(50);
    assertThat(built.size()).isGreaterThan(10);
    // At most the steady state of both models and a crossfade, plus a resize's targets of each.
    assertThat(maxLive).isLessThanOrEqualTo(steady + 6);
    assertThat(device.isOpen()).as("the last user closed the device").isFalse();
    assertThat(device.objects().live()).as(device.objects().toString()).isZero();
  }

  @Test
  void theComputeShaderAndTheResamplePassFreeWhatTheyMade() {
    GlDevice device = GlDevice.acquire(); // held, so the device outlives the generators below
    try {
      int before = device.call(device.objects()::live);
      CppnWeights weights = CppnWeights.random(new CppnSpec(2, 8, 3, 3, 4f), 5);
      Frame picture = new CppnGenerator(weights).render(Latent.zeros(2), View.of(8, 6));
      try (GlGenerator compute = GlGenerator.cppn(weights, PostProcessing.NONE, CppnPass.Shader.COMPUTE);
          GlGenerator resampling = GlGenerator.resampling(new FixedFrame(picture, 2), 8, 6, PostProcessing.NONE)) {
        compute.render(Latent.zeros(2), View.of(16, 16));
        resampling.render(Latent.zeros(2), View.of(16, 16));
        assertThat(device.call(device.objects()::live)).isGreaterThan(before);
      }
      assertThat(device.call(device.objects()::live)).as(device.objects().toString()).isEqualTo(before);
    } finally {
      device.release();
    }
  }
}
