package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.render.Palette;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The state stream's messages byte by byte, as docs/state-stream.md lays them out (the viewer page reads them in
 * WebGlViewerBrowserTest): the palettes, a model's spec and weights in order, the size limit, and a frame's layers
 * during a crossfade between two models.
 */
class StateMessagesTest {

  @Test
  void theModelMessageHoldsTheSpecAndEveryWeightInTheDocumentedOrder() {
    CppnWeights weights = CppnWeights.random(new CppnSpec(5, 6, 3, 1, 2.5f), 3);
    ByteBuffer m = read(StateMessages.cppn(7, "seven", weights));
    assertHeader(m, StateMessages.KIND_MODEL, StateMessages.MODEL_HEADER);
    assertThat(m.getInt(8)).as("model id").isEqualTo(7);
    assertThat(m.get(12)).as("drawable").isEqualTo((byte) StateMessages.DRAWABLE);
    assertThat(m.get(13)).as("channels").isEqualTo((byte) 1);
    assertThat(m.getShort(14)).as("name length").isEqualTo((short) 5);
    assertThat(new int[] {m.getInt(16), m.getInt(20), m.getInt(24)}).containsExactly(5, 6, 3);
    assertThat(m.getFloat(28)).isEqualTo(2.5f);
    int count = 5 * 6 + 4 * 6 + 2 * (36 + 6) + 6 + 1;
    assertThat(m.getInt(32)).as("weights").isEqualTo(count);
    assertThat(new String(m.array(), 40, 5, StandardCharsets.UTF_8)).isEqualTo("seven");
    assertThat(m.capacity()).isEqualTo(40 + 8 + 4 * count);

    float[] read = new float[count];
    m.position(48);
    m.asFloatBuffer().get(read);
    float[] expected = concat(weights.wz(), weights.wx(), weights.wy(), weights.wr(), weights.b0(),
        weights.hiddenWeights().get(0), weights.hiddenBiases().get(0), weights.hiddenWeights().get(1),
        weights.hiddenBiases().get(1), weights.wOut(), weights.bOut());
    assertThat(read).containsExactly(expected);
  }

  @Test
  void aModelOverTheSizeLimitIsSentAsTooLargeWithoutWeights() {
    CppnSpec big = new CppnSpec(32, 1024, 5, 3, 1f); // 4.2 million weights: 16.8 MB
    ByteBuffer m = read(StateMessages.cppn(1, "big", CppnWeights.random(big, 1)));
    assertThat(m.get(12)).isEqualTo((byte) StateMessages.TOO_LARGE);
    assertThat(m.getInt(32)).isZero();
    assertThat(m.capacity()).isLessThan(100);
    ByteBuffer dcgan = read(StateMessages.notACppn(2, "fashion-dcgan", 1, 100));
    assertThat(dcgan.get(12)).isEqualTo((byte) StateMessages.NOT_A_CPPN);
    assertThat(dcgan.getInt(16)).isEqualTo(100);
  }

  @Test
  void thePalettesMessageHoldsEachPalettesTableInTheShowsOrder() {
    ByteBuffer m = read(StateMessages.palettes());
    assertHeader(m, StateMessages.KIND_PALETTES, 12);
    assertThat(m.getInt(8)).isEqualTo(PostSpec.PALETTES.size());
    int at = 12;
    for (String name : PostSpec.PALETTES) {
      int length = m.get(at);
      assertThat(new String(m.array(), at + 1, length, StandardCharsets.US_ASCII)).isEqualTo(name);
      at += 1 + length;
      assertThat(Arrays.copyOfRange(m.array(), at, at + 768)).isEqualTo(Palette.named(name).table());
      at += 768;
    }
    assertThat(at).isEqualTo(m.capacity());
  }

  @Test
  void aFrameDuringACrossfadeCarriesBothLayersTheWeightAndItsTime() {
    ModelSpec.RandomCppn a = new ModelSpec.RandomCppn(1, 3, 4, 2, 3, 2f);
    ModelSpec.RandomCppn b = new ModelSpec.RandomCppn(2, 2, 4, 2, 1, 2f);
    Preset from = TestShows.preset("from", a, new TrajectorySpec.Loop(1, 1, 1));
    Preset to = TestShows.preset("to", b, new TrajectorySpec.Loop(1, 1, 1));
    Scene scene = new Scene(
        new Scene.Layer(to, Latent.of(0.5f, -0.25f), new ViewSpec(0.1, -0.2, 3, 45),
            new PostSpec(1.5, 0.8, 0.4, 0.05, "ice")),
        new Scene.Layer(from, Latent.of(1, 2, 3), ViewSpec.DEFAULT, PostSpec.NONE), 0.3);
    ByteBuffer m = read(StateMessages.frame(new RenderedScene(1234, 2_500_000_000L, scene),
        model -> model.equals(a) ? 11 : 12));
    assertHeader(m, StateMessages.KIND_FRAME, StateMessages.FRAME_HEADER);
    assertThat(m.getLong(8)).isEqualTo(1234);
    assertThat(m.getDouble(16)).isEqualTo(2.5);
    assertThat(m.getFloat(24)).isEqualTo(0.3f);
    assertThat(m.get(28)).as("layers").isEqualTo((byte) 2);

    int current = StateMessages.FRAME_HEADER;
    assertThat(new int[] {m.getInt(current), m.getInt(current + 4)}).containsExactly(12, 2);
    assertThat(new double[] {m.getDouble(current + 8), m.getDouble(current + 16), m.getDouble(current + 24),
        m.getDouble(current + 32)}).containsExactly(0.1, -0.2, 3, 45);
    assertThat(new float[] {m.getFloat(current + 40), m.getFloat(current + 44), m.getFloat(current + 48),
        m.getFloat(current + 52)}).containsExactly(1.5f, 0.8f, 0.4f, 0.05f);
    assertThat(m.get(current + 56)).as("palette ice, from 1").isEqualTo((byte) 2);
    assertThat(new float[] {m.getFloat(current + 60), m.getFloat(current + 64)}).containsExactly(0.5f, -0.25f);

    int fading = current + StateMessages.LAYER_HEADER + 8;
    assertThat(new int[] {m.getInt(fading), m.getInt(fading + 4)}).containsExactly(11, 3);
    assertThat(m.getFloat(fading + 48)).as("threshold off").isZero();
    assertThat(m.get(fading + 56)).as("no palette").isZero();
    assertThat(m.capacity()).isEqualTo(fading + StateMessages.LAYER_HEADER + 12);
  }

  private static ByteBuffer read(byte[] message) {
    return ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void assertHeader(ByteBuffer m, int kind, int headerLength) {
    assertThat(m.get(0)).as("kind").isEqualTo((byte) kind);
    assertThat(m.get(1)).as("version").isEqualTo((byte) 1);
    assertThat(m.getShort(2)).as("header length").isEqualTo((short) headerLength);
    assertThat(m.getInt(4)).as("message length").isEqualTo(m.capacity());
  }

  private static float[] concat(float[]... parts) {
    int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    float[] out = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
