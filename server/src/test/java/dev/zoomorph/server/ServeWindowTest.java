package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code serve --window}: a real GLFW window on a private Xvfb server (Debian xvfb), in a child JVM. */
class ServeWindowTest {

  @Test
  @Timeout(180)
  void windowShowsTheLiveFramesWhileBroadcastingAndItsCloseButtonStopsServe() throws Exception {
    String output = serveWithWindow("cpu");
    // TensorFlow frames are made on the CPU: the window uploads them.
    assertThat(number(output, "in a second: uploads ")).as("uploads in a second at 15 fps").isGreaterThan(0);
  }

  @Test
  @Timeout(180)
  void onTheGlBackendTheWindowShowsTheFramesTexturesWithoutUploads() throws Exception {
    String output = serveWithWindow("gl");
    assertThat(output).contains("shares the GL device true");
    // Each frame is read back once, for the WebSocket viewers, and never uploaded again for the window.
    assertThat(output).containsPattern("in a second: uploads 0 readbacks [1-9]");
  }

  private static String serveWithWindow(String backend) throws Exception {
    // -displayfd picks a free display number and prints it once the server accepts connections.
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader xvfbOut = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
      String display = CompletableFuture.supplyAsync(() -> readLine(xvfbOut)).get(30, TimeUnit.SECONDS).trim();
      assertThat(display).as("Xvfb display number").matches("\\d+");

      String output = runChild(ServeWindowSmoke.class.getName(), ":" + display, backend);

      assertThat(output).contains("window: GLFW window");
      assertThat(output).contains("websocket frames received");
      assertThat(output).contains("title zoomorph: default", "switched 200", "title zoomorph: drift");
      assertThat(number(output, "window spread ")).as("window picture spread").isGreaterThan(10);
      assertThat(output).contains("serve exit 0");
      assertThat(output).contains("zoomorph serve: stopped");
      assertThat(output).contains("websocket closed");
      return output;
    } finally {
      xvfb.destroy();
      xvfb.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(120)
  void withoutADisplayWindowFailsNamingTheProblemAndNothingStaysRunning() throws Exception {
    Process serve = child(ServeExitStatus.class.getName(), null, "serve", "--window", "--port", "0", "--no-osc",
        "--backend", "cpu");
    String output = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // The child returns from main without System.exit: the JVM ends only if nothing was left running.
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(output).contains("exit status 1");
    assertThat(output).contains("--window: needs a display, but neither DISPLAY nor WAYLAND_DISPLAY is set");
    assertThat(output).doesNotContain("Playing");
  }

  private static String runChild(String mainClass, String display, String... args) throws Exception {
    Process child = child(mainClass, display, args);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(90, TimeUnit.SECONDS)).as(output).isTrue();
    System.out.println(output);
    assertThat(child.exitValue()).as(output).isZero();
    return output;
  }

  private static Process child(String mainClass, @Nullable String display, String... args)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), mainClass, args)).redirectErrorStream(true);
    builder.environment().remove("WAYLAND_DISPLAY");
    if (display == null) {
      builder.environment().remove("DISPLAY");
    } else {
      builder.environment().put("DISPLAY", display);
    }
    return ChildJvm.start(builder);
  }

  private static String readLine(BufferedReader reader) {
    try {
      String line = reader.readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long number(String output, String prefix) {
    return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> Long.parseLong(l.substring(prefix.length()).trim().split(" ")[0])).orElse(-1L);
  }
}
