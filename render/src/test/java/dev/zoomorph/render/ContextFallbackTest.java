package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context fallbacks, each in a child JVM (EGL and GL state are per process). They pass with or without a GPU: the
 * GL 3.3 fallback is forced through Mesa, which a GPU's own driver would ignore.
 */
@Timeout(120)
class ContextFallbackTest {
  /** Only Mesa's EGL (libglvnd's vendor file), so that Mesa's version override decides even where a GPU is. */
  private static final String MESA_ONLY = "/usr/share/glvnd/egl_vendor.d/50_mesa.json";

  @Test
  void fallsBackToGl33WhenGl45IsUnavailable() {
    String output = probe(List.of(), Map.of("MESA_GL_VERSION_OVERRIDE", "3.3", "__EGL_VENDOR_LIBRARY_FILENAMES",
        MESA_ONLY));
    assertThat(output).contains("context: EGL device").contains("GL 3.3 core");
  }

  @Test
  void noEglGivesAClearMessageAndAutoFallsBackToTensorFlow() {
    String output = probe(List.of("-Dorg.lwjgl.egl.libname=/nonexistent/libEGL.so.1"), Map.of());
    assertThat(output).contains("unavailable: cannot load libEGL");
    assertThat(output).contains("auto chose: cpu");
  }

  private static String probe(List<String> jvmOptions, Map<String, String> environment) {
    ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(90), environment, jvmOptions, ContextProbe.class.getName());
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }
}
