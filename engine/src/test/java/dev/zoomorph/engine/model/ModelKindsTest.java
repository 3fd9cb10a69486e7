package dev.zoomorph.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The VAE-DCGAN and denoiser model files: their layout, validation and the engine's networks for them. */
class ModelKindsTest {

  /** A model of {@code meta}'s kind with every tensor drawn from N(0, sd²) (batch-norm variances positive). */
  static ModelFile random(ModelMetadata meta, double sd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ModelTensor> tensors = new ArrayList<>();
    for (Map.Entry<String, int[]> e : ModelFile.expectedShapes(meta).entrySet()) {
      int n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      float[] v = Latent.gaussian(n, random).toArray();
      for (int i = 0; i < n; i++) {
        v[i] = e.getKey().endsWith(".var") ? 1 + Math.abs(v[i]) * 0.1f : (float) (v[i] * sd);
      }
      tensors.add(new ModelTensor(e.getKey(), e.getValue(), v));
    }
    return new ModelFile(meta, tensors);
  }

  static ModelMetadata vaeDcgan() {
    return new ModelMetadata(ModelKind.VAE_DCGAN, 6, 3, 16, 16, null,
        new ModelMetadata.Encoder(List.of(), "leaky-relu", List.of(4, 8)), new ModelMetadata.Dcgan(8, 2), null,
        List.of(), new ModelMetadata.Dataset("test", "MIT"), 3, Map.of("g", 1.0, "d", 1.0), "test", 1);
  }

  static ModelMetadata denoiser(int channels) {
    return new ModelMetadata(ModelKind.DENOISER, 0, channels, 28, 28, null, null, null,
        new ModelMetadata.Denoiser(4, 0.2, 0.05), List.of(), new ModelMetadata.Dataset("test", "MIT"), 3,
        Map.of("denoise", 0.3), "test", 1);
  }

  @Test
  void aVaeDcganHoldsTheDcganGeneratorAndAConvolutionalEncoder() {
    Map<String, int[]> shapes = ModelFile.expectedShapes(vaeDcgan());
    assertThat(shapes.get("q.c0.w")).containsExactly(5, 5, 3, 4);
    assertThat(shapes.get("q.c1.w")).containsExactly(5, 5, 4, 8);
    // 16 → 8 → 4 pixels a side after two stride-2 convolutions: the heads take 4·4·8 values.
    assertThat(shapes.get("q.mu.w")).containsExactly(4 * 4 * 8, 6);
    assertThat(shapes.get("q.logvar.b")).containsExactly(6);
    assertThat(shapes.get("g.fc.w")).containsExactly(6, 16 * 16);
    assertThat(shapes.get("g.up2.w")).containsExactly(5, 5, 3, 8);
    assertThat(shapes.keySet()).noneMatch(n -> n.startsWith("q.h"));

    ModelFile model = random(vaeDcgan(), 0.1, 3);
    ModelFile back = ModelFile.read(model.toBytes(), "vae-dcgan");
    assertThat(back.metadata()).isEqualTo(model.metadata());
    assertThat(back.id()).isEqualTo(model.id());
    try (DcganGenerator g = DcganGenerator.create(back); Encoder q = Encoder.of(back)) {
      Frame frame = g.render(Latent.gaussian(6, 1), View.of(100, 100));
      assertThat(new int[] {frame.width(), frame.height(), frame.channels()}).containsExactly(16, 16, 3);
      Latent z = q.encode(g.renderValues(Latent.gaussian(6, 1)));
      assertThat(z.size()).isEqualTo(6);
    }
  }

  @Test
  void theEncodersConvolutionsAndDenseLayersComputeWhatTheLayoutSays() {
    // A 2×2 grey picture through one stride-2 5×5 convolution of one filter, leaky ReLU, one dense layer and μ,
    // by hand. SAME padding pads one row and column before the picture, so kernel tap (ky, kx) reads pixel
    // (y, x) = (ky − 1, kx − 1).
    ModelMetadata meta = new ModelMetadata(ModelKind.VAE_DCGAN, 1, 1, 2, 2, null,
        new ModelMetadata.Encoder(List.of(1), "leaky-relu", List.of(1)), new ModelMetadata.Dcgan(1, 1), null,
        List.of(), new ModelMetadata.Dataset("t", "t"), 1, Map.of(), "t", 1);
    List<ModelTensor> tensors = new ArrayList<>(random(meta, 0.1, 1).tensors().values());
    float[] kernel = new float[25];
    kernel[6] = 2f; // tap (1, 1) reads pixel (0, 0)
    kernel[7] = 3f; // tap (1, 2) reads pixel (0, 1)
    tensors.replaceAll(t -> switch (t.name()) {
      case "q.c0.w" -> new ModelTensor("q.c0.w", t.shape(), kernel);
      case "q.c0.b" -> new ModelTensor("q.c0.b", t.shape(), new float[] {-1f});
      case "q.h1.w" -> new ModelTensor("q.h1.w", t.shape(), new float[] {0.5f});
      case "q.h1.b" -> new ModelTensor("q.h1.b", t.shape(), new float[] {0.25f});
      case "q.mu.w" -> new ModelTensor("q.mu.w", t.shape(), new float[] {4f});
      case "q.mu.b" -> new ModelTensor("q.mu.b", t.shape(), new float[] {1f});
      default -> t;
    });
    try (Encoder q = Encoder.of(new ModelFile(meta, tensors))) {
      // Pixels (0, 0) = 0.1 and (0, 1) = 0.1: conv = 2·0.1 + 3·0.1 − 1 = −0.5 → leaky 0.2·−0.5 = −0.1;
      // dense 0.5·−0.1 + 0.25 = 0.2 → leaky 0.2; μ = 4·0.2 + 1 = 1.8.
      assertThat(q.encode(new float[] {0.1f, 0.1f, 0.7f, 0.9f}).get(0)).isCloseTo(1.8f,
          org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void aDenoiserHasNoLatentAndCleansFramesOfAnySizeAndChannels() {
    assertThatThrownBy(() -> new ModelMetadata(ModelKind.DENOISER, 4, 1, 28, 28, null, null, null,
        new ModelMetadata.Denoiser(4, 0.2, 0.05), List.of(), null, 1, null, "", 1))
        .hasMessageContaining("denoiser model's latentSize must be 0, was 4");
    assertThatThrownBy(() -> new ModelMetadata(ModelKind.DENOISER, 0, 1, 28, 28, null, null, null, null, List.of(),
        null, 1, null, "", 1)).hasMessageContaining("needs the 'denoiser' architecture entry");
    Map<String, int[]> shapes = ModelFile.expectedShapes(denoiser(1));
    assertThat(shapes.get("n.c4.w")).as("upsampled 2F plus the skip's F").containsExactly(3, 3, 12, 4);
    assertThat(shapes.get("n.c5.w")).containsExactly(3, 3, 4, 1);

    ModelFile grey = ModelFile.read(random(denoiser(1), 0.3, 5).toBytes(), "denoiser");
    try (Denoiser d = Denoiser.of(grey)) {
      byte[] pixels = new byte[13 * 7 * 3];
      new SplittableRandom(2).nextBytes(pixels);
      Frame colour = new Frame(13, 7, 3, pixels);
      Frame out = d.denoise(colour);
      assertThat(new int[] {out.width(), out.height(), out.channels()}).containsExactly(13, 7, 3);
      // A grey denoiser cleans each channel as its own grey picture.
      for (int c = 0; c < 3; c++) {
        byte[] plane = new byte[13 * 7];
        for (int p = 0; p < plane.length; p++) {
          plane[p] = pixels[p * 3 + c];
        }
        Frame alone = d.denoise(new Frame(13, 7, 1, plane));
        for (int p = 0; p < plane.length; p++) {
          assertThat(out.pixels()[p * 3 + c]).isEqualTo(alone.pixels()[p]);
        }
      }
    }
    assertThatThrownBy(() -> Denoiser.of(random(vaeDcgan(), 0.1, 1))).hasMessageContaining("is not a denoiser");
    assertThatThrownBy(() -> Encoder.of(grey)).hasMessageContaining("a denoiser model has no encoder");
  }

  @Test
  void theIdNamesTheWeightsNotTheFile() {
    ModelFile a = random(vaeDcgan(), 0.1, 3);
    assertThat(a.id()).matches("[0-9a-f]{16}");
    assertThat(ModelFile.read(a.toBytes(), "elsewhere").id()).isEqualTo(a.id());
    assertThat(random(vaeDcgan(), 0.1, 4).id()).isNotEqualTo(a.id());
    // Metadata is not the weights: another step count or command leaves the id as it is.
    ModelMetadata m = a.metadata();
    ModelMetadata other = new ModelMetadata(m.kind(), m.latentSize(), m.channels(), m.trainingWidth(),
        m.trainingHeight(), m.cppn(), m.encoder(), m.dcgan(), m.denoiser(), m.layers(), m.dataset(), 99,
        Map.of("d", 2.0, "g", 3.0, "vae", 1.0), "another command", 7);
    assertThat(new ModelFile(other, List.copyOf(a.tensors().values())).id()).isEqualTo(a.id());
  }
}
