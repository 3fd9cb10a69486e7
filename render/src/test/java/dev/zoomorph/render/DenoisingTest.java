package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The denoiser as the first step of post-processing ({@code post.denoise}, strength 0 … 1) on every backend: on the
 * generator's own picture (a DCGAN's native one, before resampling), mixed with it by the strength.
 */
class DenoisingTest {
  @TempDir static Path dir;
  private static String denoiserFile;
  private static String dcganFile;
  private static final ModelSpec.RandomCppn GREY = new ModelSpec.RandomCppn(8, 5, 12, 3, 1, 4f);
  private static final Latent LATENT = Latent.gaussian(5, 2);
  private static final View VIEW = View.of(40, 30);

  /** A model with every tensor drawn from N(0, sd²) (batch-norm variances near 1). */
  private static ModelFile random(ModelMetadata meta, double sd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ModelTensor> tensors = new ArrayList<>();
    for (Map.Entry<String, int[]> e : ModelFile.expectedShapes(meta).entrySet()) {
      int n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      float[] v = Latent.gaussian(n, random).toArray();
      for (int i = 0; i < n; i++) {
        v[i] = e.getKey().endsWith(".var") ? 1 : (float) (v[i] * sd);
      }
      tensors.add(new ModelTensor(e.getKey(), e.getValue(), v));
    }
    return new ModelFile(meta, tensors);
  }

  @BeforeAll
  static void models() {
    Path denoiser = dir.resolve("denoiser.safetensors");
    random(new ModelMetadata(ModelKind.DENOISER, 0, 1, 28, 28, null, null, null,
        new ModelMetadata.Denoiser(4, 0.2, 0.05), List.of(), new ModelMetadata.Dataset("t", "t"), 1,
        Map.of("denoise", 0.3), "t", 1), 0.4, 3).write(denoiser);
    denoiserFile = denoiser.toString();
    Path dcgan = dir.resolve("dcgan.safetensors");
    random(new ModelMetadata(ModelKind.DCGAN, 5, 1, 16, 16, null, null, new ModelMetadata.Dcgan(8, 2), null,
        List.of(), new ModelMetadata.Dataset("t", "t"), 1, Map.of("g", 1.0, "d", 1.0), "t", 1), 0.3, 4).write(dcgan);
    dcganFile = dcgan.toString();
  }

  private static PostSpec denoised(double strength) {
    return new PostSpec(1, 1, null, 0, null, denoiserFile, strength);
  }


  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"CPU", "GL"})
  void aCppnsPictureIsDenoisedAndMixedByTheStrength(Backend backend) {
    try (Denoisers denoisers = new Denoisers();
        PostProcessedGenerator generator = RenderBackends.forModel(GREY, backend, RenderOptions.HEADLESS)) {
      Frame raw = generator.render(LATENT, VIEW);
      Frame clean = denoisers.get(denoiserFile).denoise(raw);
      assertThat(PixelStats.maxDifference(raw, clean)).as("the denoiser changes the picture").isGreaterThan(20);

      generator.setPostProcessing(PostProcessing.of(denoised(1), denoisers));
      assertThat(PixelStats.maxDifference(generator.render(LATENT, VIEW), clean)).isLessThanOrEqualTo(1);
      generator.setPostProcessing(PostProcessing.of(denoised(0.25), denoisers));
      Frame quarter = generator.render(LATENT, VIEW);
      for (int i = 0; i < raw.pixels().length; i++) {
        int r = raw.pixels()[i] & 0xff;
        double expected = r + 0.25 * ((clean.pixels()[i] & 0xff) - r);
        assertThat((double) (quarter.pixels()[i] & 0xff)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
      }
      generator.setPostProcessing(PostProcessing.of(denoised(0), denoisers));
      assertThat(PixelStats.maxDifference(generator.render(LATENT, VIEW), raw)).isLessThanOrEqualTo(1);
      // The rest of post-processing comes after the denoiser: contrast 0 leaves mid-grey whatever it did.
      generator.setPostProcessing(PostProcessing.of(new PostSpec(0, 1, null, 0, null, denoiserFile, 1), denoisers));
      for (byte level : generator.render(LATENT, VIEW).pixels()) {
        assertThat(level & 0xff).isBetween(127, 128);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"CPU", "GL"})
  void aDcgansNativePictureIsDenoisedBeforeItIsResampled(Backend backend) {
    ModelSpec model = ModelSpec.Trained.of(dcganFile);
    try (Denoisers denoisers = new Denoisers();
        PostProcessedGenerator generator = RenderBackends.forModel(model, backend, RenderOptions.HEADLESS);
        DcganGenerator dcgan = DcganGenerator.create(ModelFile.load(dcganFile))) {
      generator.setPostProcessing(PostProcessing.of(denoised(1), denoisers));
      Frame got = generator.render(LATENT, VIEW);
      Frame clean = denoisers.get(denoiserFile).denoise(dcgan.render(LATENT, View.of(16, 16)));
      Frame expected = new ResampledGenerator(new FixedFrame(clean, 5), 16, 16).render(LATENT, VIEW);
      assertThat(PixelStats.maxDifference(got, expected)).isLessThanOrEqualTo(1);
      Frame resampledThenDenoised = denoisers.get(denoiserFile).denoise(
          new ResampledGenerator(new FixedFrame(dcgan.render(LATENT, View.of(16, 16)), 5), 16, 16)
              .render(LATENT, VIEW));
      assertThat(PixelStats.maxDifference(got, resampledThenDenoised)).as("not denoised after resampling").isGreaterThan(5);
    }
  }

  @Test
  void theRendererLoadsAPresetsDenoiserAndAppliesItToThatPresetsLayerOnly() {
    try (FrameRenderer renderer = FrameRenderer.on(Backend.CPU)) {
      var layer = Layers.layer(GREY, LATENT, denoised(1));
      renderer.prepare(layer.preset());
      Frame first = renderer.render(Layers.alone(layer), 40, 30);
      Frame plain = renderer.render(Layers.alone(Layers.layer(GREY, LATENT, PostSpec.NONE)), 40, 30);
      assertThat(PixelStats.maxDifference(first, plain)).isGreaterThan(20);
      assertThat(PixelStats.maxDifference(renderer.render(Layers.alone(layer), 40, 30), first)).isZero();
    }
    assertThatThrownBy(() -> new Denoisers().prepare(new PostSpec(1, 1, null, 0, null, dcganFile, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("post.denoise " + dcganFile + ": a dcgan model is not a denoiser");
    assertThatThrownBy(() -> PostProcessing.of(denoised(1)))
        .hasMessageContaining("needs the Denoisers that load it");
  }

  @Test
  void aGreyDenoiserCleansEachChannelOfAColourFrame() {
    try (Denoisers denoisers = new Denoisers()) {
      Denoiser denoiser = denoisers.get(denoiserFile);
      byte[] pixels = new byte[6 * 5 * 3];
      new SplittableRandom(1).nextBytes(pixels);
      Frame colour = new Frame(6, 5, 3, pixels);
      Denoising stage = new Denoising();
      stage.set(PostProcessing.of(denoised(1), denoisers));
      assertThat(stage.apply(colour).pixels()).isEqualTo(denoiser.denoise(colour).pixels());
      assertThat(stage.active()).isTrue();
      stage.set(PostProcessing.NONE);
      assertThat(stage.apply(colour)).isSameAs(colour);
    }
  }
}
