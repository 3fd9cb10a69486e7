package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import org.junit.jupiter.api.Test;

/** A preset's {@code post} through {@link RenderBackends#forModel}: in the shader on GL, by table otherwise. */
class PresetPostTest {
  private static final ModelSpec.RandomCppn GREY = new ModelSpec.RandomCppn(31, 4, 12, 3, 1, 5f);
  private static final Latent LATENT = Latent.gaussian(4, 1);
  private static final View VIEW = new View(64, 48, 0.1, 0, 1.5, 10);

  @Test
  void everyPresetPaletteNameIsAPalette() {
    for (String name : PostSpec.PALETTES) {
      assertThat(PostProcessing.of(new PostSpec(1, 1, null, 0, name)).palette()).isEqualTo(Palette.named(name));
    }
  }

  @Test
  void presetPostConvertsFieldByField() {
    PostProcessing post = PostProcessing.of(new PostSpec(1.5, 0.8, 0.45, 0.1, "ice"));
    assertThat(post).isEqualTo(new PostProcessing(1.5f, 0.8f, 0.45f, 0.1f, Palette.ICE));
    assertThat(PostProcessing.of(PostSpec.NONE).isIdentity()).isTrue();
    assertThat(PostProcessing.of(PostSpec.NONE).hasThreshold()).isFalse();
  }

  @Test
  void aPaletteColoursTheFramesOfAGreyTensorFlowModel() {
    RenderOptions fire = RenderOptions.HEADLESS.withPost(PostProcessing.of(new PostSpec(1, 1, null, 0, "fire")));
    Frame grey;
    try (Generator plain = new CppnGenerator(CppnWeights.random(GREY.spec(), GREY.seed()))) {
      grey = plain.render(LATENT, VIEW);
    }
    try (Generator coloured = RenderBackends.forModel(GREY, Backend.CPU, fire)) {
      assertThat(coloured.channels()).isEqualTo(3);
      Frame frame = coloured.render(LATENT, VIEW);
      assertThat(frame.channels()).isEqualTo(3);
      byte[] table = Palette.FIRE.table();
      long error = 0;
      long colourfulness = 0;
      for (int y = 0; y < VIEW.height(); y++) {
        for (int x = 0; x < VIEW.width(); x++) {
          int level = grey.sample(x, y, 0);
          for (int c = 0; c < 3; c++) {
            error += Math.abs(frame.sample(x, y, c) - (table[level * 3 + c] & 0xff));
          }
          colourfulness += Math.abs(frame.sample(x, y, 0) - frame.sample(x, y, 2));
        }
      }
      int pixels = VIEW.width() * VIEW.height();
      assertThat((double) error / (pixels * 3)).as("mean error against the palette on the CPU").isLessThan(1.5);
      assertThat((double) colourfulness / pixels).as("mean |red - blue|").isGreaterThan(20);
    }
  }

  @Test
  void withoutPostProcessingTheTensorFlowFramesAreTheGeneratorsOwn() {
    try (Generator cppn = new CppnGenerator(CppnWeights.random(GREY.spec(), GREY.seed()));
        Generator plain = RenderBackends.forModel(GREY, Backend.CPU,
            RenderOptions.HEADLESS.withPost(PostProcessing.of(PostSpec.NONE)))) {
      assertThat(plain.channels()).isEqualTo(1);
      assertThat(plain.render(LATENT, VIEW).pixels()).isEqualTo(cppn.render(LATENT, VIEW).pixels());
    }
  }

  @Test
  void onTheGlBackendThePresetPostIsTheRenderersOwn() {
    PostProcessing threshold = PostProcessing.of(new PostSpec(1, 1, 0.5, 0.1, null));
    try (Generator gl = RenderBackends.forModel(GREY, Backend.GL, RenderOptions.HEADLESS.withPost(threshold))) {
      assertThat(gl).isInstanceOf(GlGenerator.class);
      assertThat(((GlGenerator) gl).postProcessing()).isEqualTo(threshold);
    }
  }

  @Test
  void aDcganOnTheGlBackendIsDrawnOnTheGlDeviceWithTheTablesPicture() {
    // Read from the file presets/ packages (render runs from render/ and does not depend on presets).
    ModelSpec dcgan = ModelSpec.Trained.of("../presets/models/fashion-dcgan.safetensors");
    Latent z = Latent.gaussian(dcgan.latentSize(), 4);
    View view = new View(48, 40, 0.1, 0, 1.3, 15);
    RenderOptions post = RenderOptions.HEADLESS.withPost(PostProcessing.of(new PostSpec(1.3, 0.9, null, 0, "ice")));
    try (Generator gl = RenderBackends.forModel(dcgan, Backend.GL, post);
        Generator tensorflow = RenderBackends.forModel(dcgan, Backend.CPU, post)) {
      assertThat(gl).isInstanceOf(GlGenerator.class);
      Frame onGpu = gl.render(z, view);
      Frame onCpu = tensorflow.render(z, view);
      assertThat(onGpu.channels()).isEqualTo(3).isEqualTo(onCpu.channels());
      assertThat(PixelStats.maxDifference(onGpu, onCpu)).isLessThanOrEqualTo(1);
      assertThat(PixelStats.standardDeviation(onGpu, 2)).isGreaterThan(5);
    }
  }
}
