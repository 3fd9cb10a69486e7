package dev.zoomorph.render;

/**
 * An on-screen window (GLFW, vsync on, resizable): F11 or F toggles fullscreen, Escape or Q asks to quit
 * ({@link WindowOutput#closeRequested()}).
 *
 * @param title the title bar's text; once frames come, the name of the preset playing follows it ("zoomorph: drift")
 * @param monitor index into the connected monitors (0 = primary) used for fullscreen
 * @param width windowed width in screen coordinates
 * @param height windowed height in screen coordinates
 */
public record WindowOptions(String title, int width, int height, int monitor, boolean fullscreen) {

  public WindowOptions {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("window size must be positive, was " + width + "x" + height);
    }
    if (monitor < 0) {
      throw new IllegalArgumentException("monitor index must be 0 or more, was " + monitor);
    }
  }

  /** A 1280×720 window on the primary monitor. */
  public static WindowOptions windowed(String title) {
    return new WindowOptions(title, 1280, 720, 0, false);
  }

  public WindowOptions onMonitor(int index, boolean startFullscreen) {
    return new WindowOptions(title, width, height, index, startFullscreen);
  }
}
