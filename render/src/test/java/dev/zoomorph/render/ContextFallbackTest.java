package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Context fallbacks, each in a child JVM (EGL and GL state are per process). */
class ContextFallbackTest {

  @Test
  void fallsBackToGl33WhenGl45IsUnavailable() throws Exception {
    String output = probe(List.of(), Map.of("MESA_GL_VERSION_OVERRIDE", "3.3"));
    assertThat(output).contains("context: EGL device").contains("GL 3.3 core");
  }

  @Test
  void noEglGivesAClearMessageAndAutoFallsBackToTensorFlow() throws Exception {
    String output = probe(List.of("-Dorg.lwjgl.egl.libname=/nonexistent/libEGL.so.1"), Map.of());
    assertThat(output).contains("unavailable: cannot load libEGL");
    assertThat(output).contains("auto chose: tensorflow");
  }

  private static String probe(List<String> jvmOptions, Map<String, String> environment) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(ContextProbe.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
