package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.opengl.GL43C.GL_SHADER_STORAGE_BUFFER;
import static org.lwjgl.opengl.GL43C.GL_UNIFORM_BUFFER;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.render.CppnPass.Shader;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GL CPPN against the CPU CPPN, headless on EGL (llvmpipe here), in both shader stages: the compute shader the GL
 * backend runs on GL 4.3 (with the weights in a uniform block where they fit, and in a storage buffer), and the
 * fragment shader it runs on GL 3.3 (and the browser viewer runs).
 */
class CppnShaderTest {
  private static final CppnSpec RGB = new CppnSpec(8, 16, 4, 3, 8f);
  private static final CppnWeights WEIGHTS = CppnWeights.random(RGB, 7);
  private static final Latent LATENT = Latent.gaussian(8, 3);

  private static final Map<Shader, GlGenerator> STAGES = new EnumMap<>(Shader.class);
  /** The GL backend's own choice for this context. */
  private static GlGenerator gl;
  private static Generator cpu;

  @BeforeAll
  static void open() {
    for (Shader shader : Shader.values()) {
      STAGES.put(shader, GlGenerator.cppn(WEIGHTS, PostProcessing.NONE, shader));
    }
    gl = GlGenerator.cppn(WEIGHTS, PostProcessing.NONE);
    cpu = new CppnGenerator(WEIGHTS);
  }

  @AfterAll
  static void close() {
    STAGES.values().forEach(GlGenerator::close);
    gl.close();
    cpu.close();
  }

  @ParameterizedTest(name = "{0} {1}x{2} zoom {3}")
  @CsvSource({
      "COMPUTE, 48, 48, 1",
      "COMPUTE, 48, 48, 0.35",
      "COMPUTE, 48, 48, 6",
      "COMPUTE, 96, 64, 1",
      "COMPUTE, 96, 64, 0.35",
      "COMPUTE, 96, 64, 6",
      "COMPUTE, 40, 120, 1",
      "COMPUTE, 40, 120, 0.35",
      "COMPUTE, 40, 120, 6",
      "COMPUTE, 37, 29, 1",
      "COMPUTE_STORAGE_BUFFER, 96, 64, 0.35",
      "COMPUTE_STORAGE_BUFFER, 37, 29, 1",
      "FRAGMENT, 48, 48, 1",
      "FRAGMENT, 48, 48, 0.35",
      "FRAGMENT, 48, 48, 6",
      "FRAGMENT, 96, 64, 1",
      "FRAGMENT, 96, 64, 0.35",
      "FRAGMENT, 96, 64, 6",
      "FRAGMENT, 40, 120, 1",
      "FRAGMENT, 40, 120, 0.35",
      "FRAGMENT, 40, 120, 6",
      "FRAGMENT, 37, 29, 1"})
  void shaderMatchesTheCpuCppn(Shader stage, int width, int height, double zoom) {
    View view = new View(width, height, 0.21, -0.13, zoom, 17);
    Frame shader = STAGES.get(stage).render(LATENT, view);
    Frame reference = cpu.render(LATENT, view);

    assertThat(shader.channels()).isEqualTo(3);
    assertClose(shader, reference);
  }

  @ParameterizedTest
  @EnumSource(Shader.class)
  void zoomedFarInTheShaderMatchesDoublePrecisionCoordinates(Shader stage) {
    // The shader only sees offsets from the centre (the centre's share of the first layer is folded in on the CPU in
    // double): at zoom 300 the offsets are a thousandth of the centre and the picture must still match.
    View deep = new View(48, 48, 0.3, -0.2, 50, 30);
    Frame shader = STAGES.get(stage).render(LATENT, deep);
    Frame precise = ReferenceCppn.precise(WEIGHTS).render(LATENT, deep);

    assertClose(shader, precise);
    assertThat(PixelStats.standardDeviation(precise, 0) + PixelStats.standardDeviation(precise, 1)).isGreaterThan(2);
  }

  @ParameterizedTest
  @EnumSource(Shader.class)
  void greyCppnMatchesToo(Shader stage) {
    CppnWeights grey = CppnWeights.random(new CppnSpec(4, 12, 3, 1, 5f), 11);
    Latent latent = Latent.gaussian(4, 5);
    View view = new View(64, 48, -0.4, 0.3, 2, -40);
    try (GlGenerator renderer = GlGenerator.cppn(grey, PostProcessing.NONE, stage)) {
      Frame shader = renderer.render(latent, view);
      assertThat(shader.channels()).isEqualTo(1);
      assertClose(shader, new CppnGenerator(grey).render(latent, view));
    }
  }

  @Test
  void theComputeShaderReadsWeightsFromAUniformBlockWhereTheyFitAndFromAStorageBufferWhereNot() {
    GlDevice device = GlDevice.acquire();
    try {
      // Depth 2 and 92 wide: 4 + 1 + 92 + 92 + 1 rows of 92 floats, 69,920 bytes, more than a block may hold.
      CppnWeights wideWeights = CppnWeights.random(new CppnSpec(4, 92, 2, 3, 6f), 13);
      assertThat(weightsBinding(device, WEIGHTS, Shader.COMPUTE)).isEqualTo(GL_UNIFORM_BUFFER);
      assertThat(weightsBinding(device, wideWeights, Shader.COMPUTE)).isEqualTo(GL_SHADER_STORAGE_BUFFER);
      assertThat(weightsBinding(device, WEIGHTS, Shader.COMPUTE_STORAGE_BUFFER)).isEqualTo(GL_SHADER_STORAGE_BUFFER);

      Latent latent = Latent.gaussian(4, 9);
      View view = new View(40, 24, 0.2, 0.1, 1.5, 25);
      try (GlGenerator renderer = GlGenerator.cppn(wideWeights, PostProcessing.NONE, Shader.COMPUTE);
          Generator reference = new CppnGenerator(wideWeights)) {
        assertClose(renderer.render(latent, view), reference.render(latent, view));
      }
    } finally {
      device.release();
    }
  }

  private static int weightsBinding(GlDevice device, CppnWeights weights, Shader shader) {
    return device.call(() -> {
      CppnPass pass = new CppnPass(device.objects(), weights, shader);
      try {
        return pass.weightsBinding();
      } finally {
        pass.delete();
      }
    });
  }

  @Test
  void renderedFrameIsNotBlank() {
    Frame frame = gl.render(LATENT, View.of(64, 64));
    assertThat(PixelStats.standardDeviation(frame, 0)).isGreaterThan(10);
  }

  @Test
  void zoomingInMagnifiesTheCentre() {
    // At zoom 2, the centre half of the frame at zoom 1 fills the frame: compare the zoomed frame with the centre of
    // a frame twice the size at zoom 1 (the same plane points).
    View wide = new View(96, 96, 0.1, 0.2, 1, 0);
    Frame big = gl.render(LATENT, wide.withSize(192, 192));
    Frame zoomed = gl.render(LATENT, wide.withZoom(2));
    Frame wideFrame = gl.render(LATENT, wide);
    Frame centre = PixelStats.crop(big, 48, 48, 96, 96);

    assertThat(PixelStats.meanAbsoluteDifference(zoomed, centre)).isLessThan(1.0);
    assertThat(PixelStats.meanAbsoluteDifference(zoomed, wideFrame)).isGreaterThan(5.0);
  }

  @Test
  void resizingKeepsThePictureAndChangesTheResolution() {
    View small = new View(48, 32, 0, 0, 1, 0);
    Frame a = gl.render(LATENT, small);
    Frame b = gl.render(LATENT, small.withSize(96, 64));
    assertThat(b.width()).isEqualTo(96);
    assertThat(b.height()).isEqualTo(64);
    // The same picture at twice the resolution: downsampled 2×2 it is close to the small one.
    assertThat(PixelStats.meanAbsoluteDifference(PixelStats.halve(b), a)).isLessThan(6.0);
    // A wider frame shows more of the plane, not a stretched picture.
    Frame wider = gl.render(LATENT, small.withSize(96, 32));
    assertThat(PixelStats.meanAbsoluteDifference(PixelStats.crop(wider, 24, 0, 48, 32), a)).isLessThan(1.0);
  }

  static void assertClose(Frame shader, Frame reference) {
    assertThat(shader.width()).isEqualTo(reference.width());
    assertThat(shader.height()).isEqualTo(reference.height());
    for (int c = 0; c < reference.channels(); c++) {
      long sum = 0;
      int max = 0;
      for (int y = 0; y < reference.height(); y++) {
        for (int x = 0; x < reference.width(); x++) {
          int d = Math.abs(shader.sample(x, y, c) - reference.sample(x, y, c));
          sum += d;
          max = Math.max(max, d);
        }
      }
      double mean = (double) sum / (reference.width() * reference.height());
      assertThat(mean).as("mean absolute difference, channel %d", c).isLessThanOrEqualTo(1.0);
      assertThat(max).as("max absolute difference, channel %d", c).isLessThanOrEqualTo(8);
    }
  }
}
