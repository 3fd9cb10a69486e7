package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real GLFW window on a private Xvfb server (Debian xvfb), in a child JVM whose DISPLAY points there. */
class WindowTest {
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void windowShowsGlFramesFromTheirTexturesTogglesFullscreenAndClosesCleanly() throws Exception {
    // -displayfd picks a free display number and prints it once the server accepts connections.
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader xvfbOut = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
      String display = CompletableFuture.supplyAsync(() -> readLine(xvfbOut)).get(30, TimeUnit.SECONDS).trim();
      assertThat(display).as("Xvfb display number").matches("\\d+");

      Path log = Files.createTempFile(dir, "window-smoke", ".log");
      ProcessBuilder child = new ProcessBuilder(ChildJvm.command(List.of(), WindowSmoke.class.getName()))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      child.environment().put("DISPLAY", ":" + display);
      child.environment().remove("WAYLAND_DISPLAY");
      Process smoke = ChildJvm.start(child);
      assertThat(smoke.waitFor(90, TimeUnit.SECONDS)).as("the window smoke test finished").isTrue();
      String output = Files.readString(log);
      System.out.println(output);

      assertThat(smoke.exitValue()).as(output).isZero();
      assertThat(output).contains("window: GLFW window");
      assertThat(output).contains("shares the GL device: true");
      // Both contexts learn of a GPU reset (GL_LOSE_CONTEXT_ON_RESET), as the headless one does (GpuResetNoticeTest).
      assertThat(output).contains("reset notification: window 0x8252 device 0x8252");
      // The GL frames reach the window without a copy through the CPU: one readback each (the frame the caller
      // gets), no upload, and the window shows exactly that frame.
      assertThat(output).contains("gl frames 6 readbacks 6 uploads 0");
      assertThat(line(output, "window ")).matches("window 160x120 spread \\d+ difference \\d+");
      assertThat(number(line(output, "window "), "spread")).as("screenshot spread").isGreaterThan(10);
      assertThat(number(line(output, "window "), "difference")).as("window against frame").isBetween(0L, 1L);
      assertThat(line(output, "fullscreen ")).startsWith("fullscreen 640x480");
      assertThat(number(line(output, "fullscreen "), "spread")).isGreaterThan(10);
      assertThat(number(line(output, "fullscreen "), "difference")).isBetween(0L, 1L);
      assertThat(number(line(output, "cpu frame "), "uploads")).as("CPU frames are uploaded").isEqualTo(1);
      assertThat(number(line(output, "cpu frame "), "difference")).isBetween(0L, 1L);
      // A lost window context: the window opened again (once), apart from the device, and shows its frames after
      // they came through the CPU.
      assertThat(output).contains("reopened 1 shares the GL device: false");
      assertThat(line(output, "reopened window ")).startsWith("reopened window 160x120");
      assertThat(number(line(output, "reopened window "), "uploads")).as("frames uploaded").isPositive();
      assertThat(number(line(output, "reopened window "), "spread")).isGreaterThan(10);
      assertThat(number(line(output, "reopened window "), "difference")).isBetween(0L, 1L);
      assertThat(output).contains("the window's GL context was lost");
      assertThat(line(output, "reopened twice ")).startsWith("reopened twice 2 ")
          .endsWith("first reopened window's objects 0");
      assertThat(number(line(output, "reopened twice "), "spread")).isGreaterThan(10);
      assertThat(number(line(output, "reopened twice "), "difference")).isBetween(0L, 1L);
      assertThat(output).contains("closeRequested false");
      assertThat(output).contains("live GL objects after close 0 reopened window's 0");
    } finally {
      xvfb.destroy();
      xvfb.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      String line = reader.readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String line(String output, String prefix) {
    return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line starting '" + prefix + "')");
  }

  private static long number(String line, String after) {
    String[] words = line.split(" ");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals(after)) {
        return Long.parseLong(words[i + 1]);
      }
    }
    return -1;
  }
}
