package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk window ({@code serve --window --fullscreen --monitor N}) on a real X server with two monitors: Xorg
 * with the dummy video driver (Debian xserver-xorg-video-dummy), whose outputs xrandr can switch off and on like a
 * cable being pulled and plugged back (Xvfb's single RandR output cannot be switched off). The window opens
 * fullscreen on monitor 1 without decorations or cursor, falls back to windowed when its monitor goes, and goes
 * fullscreen on it again when it comes back, through GLFW's own monitor events; when its GL context is lost, it opens
 * again as the same kiosk on the same monitor.
 */
class KioskWindowTest {
  private static final String CONFIG = """
      Section "Device"
        Identifier "dummy"
        Driver "dummy"
        VideoRam 64000
      EndSection
      Section "Monitor"
        Identifier "monitor"
        HorizSync 5.0-1000.0
        VertRefresh 5.0-200.0
      EndSection
      Section "Screen"
        Identifier "screen"
        Device "dummy"
        Monitor "monitor"
        DefaultDepth 24
        SubSection "Display"
          Depth 24
          Virtual 2048 1024
        EndSubSection
      EndSection
      """;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void theKioskWindowHasNoCursorNorDecorationsAndFollowsItsMonitorOutAndBackIn() throws Exception {
    Path config = dir.resolve("xorg.conf");
    Files.writeString(config, CONFIG);
    // -displayfd picks a free display number and prints it once the server accepts connections.
    Process xorg = new ProcessBuilder("Xorg", "-displayfd", "1", "-config", config.toString(), "-logfile",
        dir.resolve("xorg.log").toString(), "-noreset", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(xorg.getInputStream(), StandardCharsets.UTF_8));
      String display = ":" + CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS).trim();
      assertThat(display).as("Xorg display").matches(":\\d+");
      // The second monitor: a mode on the dummy's second output makes it a connected monitor right of the first.
      xrandr(display, "--output", "DUMMY0", "--mode", "1024x768");
      xrandr(display, "--newmode", "800x600_60", "38.25", "800", "832", "912", "1024", "600", "603", "607", "624",
          "-hsync", "+vsync");
      xrandr(display, "--addmode", "DUMMY1", "800x600_60");
      xrandr(display, "--output", "DUMMY1", "--mode", "800x600_60", "--right-of", "DUMMY0");
      // A full probe, as a real hot-plug makes the server do: until one, clients reading the server's current
      // resources (GLFW does) may not see the new monitor.
      xrandr(display, "--query");

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "-Djava.awt.headless=true", KioskSmoke.class.getName()).redirectErrorStream(true);
      child.environment().put("DISPLAY", display);
      child.environment().remove("WAYLAND_DISPLAY");
      Process smoke = child.start();
      String output = new String(smoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(smoke.waitFor(60, TimeUnit.SECONDS)).isTrue();
      System.out.println(output);
      assertThat(smoke.exitValue()).as(output).isZero();

      assertThat(output).contains("opened on DUMMY1 800x600 cursor hidden decorated false");
      assertThat(output).contains("unplugged: on null").doesNotContain("X Error");
      assertThat(line(output, "unplugged: ")).endsWith("cursor hidden decorated false");
      assertThat(output).contains("plugged back: on DUMMY1 800x600 cursor hidden decorated false");
      assertThat(output).contains("opened again 1: on DUMMY1 800x600 cursor hidden decorated false");
    } finally {
      xorg.destroy();
      xorg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void xrandr(String display, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = "xrandr";
    command[1] = "-display";
    command[2] = display;
    System.arraycopy(args, 0, command, 3, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("xrandr " + String.join(" ", args) + ": " + text).isZero();
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
}
