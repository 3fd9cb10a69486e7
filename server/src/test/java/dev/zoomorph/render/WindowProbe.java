package dev.zoomorph.render;

/** Reaches a {@link WindowOutput}'s test hooks from the server's tests. */
public final class WindowProbe {
  private WindowProbe() {}

  /** What the window shows, RGB rows bottom to top. */
  public static byte[] pixels(WindowOutput window) {
    return window.readPixels();
  }

  /** Presses the window's close button. */
  public static void pressClose(WindowOutput window) {
    window.requestClose();
  }
}
