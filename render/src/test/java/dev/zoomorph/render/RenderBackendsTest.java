package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.testing.LogLines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderBackendsTest {
  private static final CppnWeights WEIGHTS = CppnWeights.random(new CppnSpec(2, 4, 2, 3, 4f), 1);

  @Test
  void autoPicksTensorFlowOnASoftwareRendererAndGlOnAGpu() {
    boolean software;
    try (GlGenerator probe = GlGenerator.cppn(WEIGHTS, PostProcessing.NONE)) {
      software = probe.device().isSoftware(); // Mesa llvmpipe on a machine without a GPU
    }
    try (Generator chosen = RenderBackends.cppn(Backend.AUTO, WEIGHTS, RenderOptions.HEADLESS)) {
      assertThat(chosen).isInstanceOf(software ? LookupPostProcessing.class : GlGenerator.class);
    }
  }

  /**
   * AUTO decides once a process: a playlist's every model does not make an OpenGL context to decide again, nor log
   * the choice again.
   */
  @Test
  void autoDecidesOncePerProcess() {
    List<Boolean> choices = new ArrayList<>();
    try (LogLines log = new LogLines(RenderBackends.class)) {
      for (int model = 0; model < 3; model++) {
        choices.add(RenderBackends.usesGl(Backend.AUTO));
      }
      // None when an earlier test of this JVM made the choice, else the one that made it.
      assertThat(log.lines()).hasSizeLessThanOrEqualTo(1);
    }
    assertThat(choices).containsOnly(choices.get(0));
  }

  @Test
  void explicitChoicesAreObeyed() {
    try (Generator gl = RenderBackends.cppn(Backend.GL, WEIGHTS, RenderOptions.HEADLESS)) {
      assertThat(gl).isInstanceOf(GlGenerator.class);
    }
    try (Generator tf = RenderBackends.cppn(Backend.CPU, WEIGHTS, RenderOptions.HEADLESS)) {
      assertThat(tf).isInstanceOf(LookupPostProcessing.class);
    }
  }

  @Test
  void hardwareRenderersAreRecognised() {
    assertThat(GlDevice.isSoftware("NVIDIA GeForce RTX 4090/PCIe/SSE2")).isFalse();
    assertThat(GlDevice.isSoftware("AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 15.0.6)")).isFalse();
    assertThat(GlDevice.isSoftware("llvmpipe (LLVM 15.0.6, 256 bits)")).isTrue();
  }

  @Test
  void backendNamesParse() {
    assertThat(Backend.parse("GL")).isEqualTo(Backend.GL);
    assertThat(Backend.parse(" auto")).isEqualTo(Backend.AUTO);
    assertThatThrownBy(() -> Backend.parse("vulkan")).hasMessageContaining("vulkan").hasMessageContaining("auto");
  }
}
