package dev.zoomorph.render;

import java.io.IOException;
import java.util.Objects;

/**
 * Run by {@link KioskWindowTest} in a child JVM whose DISPLAY is an X server with two monitors (Xorg's dummy
 * driver): opens the window fullscreen on monitor 1 as {@code serve --window --fullscreen --monitor 1} does, then
 * unplugs that monitor and plugs it back with xrandr (the RandR change a real cable makes), then loses the window's
 * GL context, printing where the window is after each step.
 */
public final class KioskSmoke {
  private KioskSmoke() {}

  public static void main(String[] args) throws Exception {
    WindowOutput window = WindowOutput.open(new WindowOptions("zoomorph kiosk test", 320, 240, 1, true));
    System.out.println("opened on " + window.fullscreenMonitor() + " " + size(window) + " " + window.kioskState());

    xrandr("--output", "DUMMY1", "--off");
    String monitor = awaitMonitor(window, null);
    System.out.println("unplugged: on " + monitor + " " + size(window) + " " + window.kioskState());

    xrandr("--output", "DUMMY1", "--mode", "800x600_60", "--right-of", "DUMMY0");
    xrandr("--query"); // the full probe a real hot-plug makes the server do
    monitor = awaitMonitor(window, "DUMMY1");
    System.out.println("plugged back: on " + monitor + " " + size(window) + " " + window.kioskState());

    GlFaults.loseWindowContext(window);
    for (int i = 0; i < 200 && window.reopenings() == 0; i++) {
      Thread.sleep(50);
    }
    monitor = awaitMonitor(window, "DUMMY1");
    System.out.println("opened again " + window.reopenings() + ": on " + monitor + " " + size(window) + " "
        + window.kioskState());
    window.close();
    System.exit(0);
  }

  /** Waits (10 s at most) for the window's events to put it on {@code expected} (null: windowed). */
  private static String awaitMonitor(WindowOutput window, String expected) throws InterruptedException {
    String monitor = window.fullscreenMonitor();
    for (int i = 0; i < 200 && !Objects.equals(monitor, expected); i++) {
      Thread.sleep(50);
      monitor = window.fullscreenMonitor();
    }
    return String.valueOf(monitor);
  }

  private static String size(WindowOutput window) {
    int[] size = window.framebufferSize();
    return size[0] + "x" + size[1];
  }

  private static void xrandr(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "xrandr";
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("xrandr " + String.join(" ", args) + " failed");
    }
  }
}
