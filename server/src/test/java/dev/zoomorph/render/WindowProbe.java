package dev.zoomorph.render;

/** Reaches a {@link WindowOutput}'s test hooks from the server's tests. */
public final class WindowProbe {
  private WindowProbe() {}

  /** What the window shows, RGB rows bottom to top. */
  public static byte[] pixels(WindowOutput window) {
    return window.readPixels();
  }

  /** Whether the window shows the GL device's textures directly (it opened before the device). */
  public static boolean sharesGlDevice(WindowOutput window) {
    return window.device() != null;
  }

  /** Frames uploaded from the CPU to the GPU, for the window or on the GL device it shares. */
  public static long uploads(WindowOutput window) {
    return window.glObjects().uploads();
  }

  /** Frames read back from the GPU, on the GL device the window shares (0 without one). */
  public static long readbacks(WindowOutput window) {
    return window.glObjects().readbacks();
  }

  /** The window's title bar text. */
  public static String title(WindowOutput window) {
    return String.valueOf(window.title());
  }

  /** Presses the window's close button. */
  public static void pressClose(WindowOutput window) {
    window.requestClose();
  }
}
