package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.show.Scene;

/**
 * Run by {@link WindowTest} in a child JVM whose DISPLAY points at an Xvfb server (a JVM cannot change its own
 * environment). Opens a window, renders a GL show into it (one model, then a crossfade), reads the window back,
 * counts the frames copied between CPU and GPU, toggles fullscreen, shows CPU frames, loses the window's context and
 * shows GL frames in the window opened again, closes; prints one result line per step for the test to check.
 */
public final class WindowSmoke {
  private static final ModelSpec.RandomCppn COLOUR = new ModelSpec.RandomCppn(3, 4, 8, 3, 3, 6f);
  private static final ModelSpec.RandomCppn GREY = new ModelSpec.RandomCppn(4, 4, 8, 3, 1, 4f);

  private WindowSmoke() {}

  public static void main(String[] args) throws InterruptedException {
    WindowOutput window = WindowOutput.open(new WindowOptions("zoomorph window test", 160, 120, 0, false));
    System.out.println("window: " + window.description());
    System.out.println("shares the GL device: " + (window.device() != null));
    GlDevice shared = window.device();
    System.out.println("reset notification: window 0x" + Integer.toHexString(window.resetNotificationStrategy())
        + " device 0x" + Integer.toHexString(shared == null ? 0
            : shared.call(() -> org.lwjgl.opengl.GL45C.glGetInteger(org.lwjgl.opengl.GL45C.GL_RESET_NOTIFICATION_STRATEGY))));
    GlObjects objects = window.glObjects();

    FrameRenderer gl = FrameRenderer.on(Backend.GL);
    gl.presentIn(window);
    int[] size = window.framebufferSize();
    long readbacks = objects.readbacks();
    long uploads = objects.uploads();
    Frame last = null;
    for (int i = 0; i < 5; i++) {
      last = gl.render(Layers.alone(colour(i)), size[0], size[1]);
    }
    last = gl.render(Layers.fading(grey(), colour(5), 0.5), size[0], size[1]);
    System.out.println("gl frames 6 readbacks " + (objects.readbacks() - readbacks) + " uploads "
        + (objects.uploads() - uploads));
    byte[] pixels = window.readPixels();
    System.out.println("window " + size[0] + "x" + size[1] + " spread " + spread(pixels) + " difference "
        + maxDifference(pixels, last));

    window.toggleFullscreen();
    int[] full = size;
    for (int attempt = 0; attempt < 50 && full[0] == size[0]; attempt++) {
      Thread.sleep(50);
      full = window.framebufferSize();
    }
    Frame fullFrame = null;
    for (int i = 0; i < 3; i++) {
      fullFrame = gl.render(Layers.alone(colour(i)), full[0], full[1]);
    }
    byte[] fullPixels = window.readPixels();
    System.out.println("fullscreen " + full[0] + "x" + full[1] + " spread " + spread(fullPixels) + " difference "
        + maxDifference(fullPixels, fullFrame));
    window.toggleFullscreen();
    gl.close();

    // Frames made on the CPU are uploaded.
    FrameRenderer cpu = FrameRenderer.on(Backend.CPU);
    cpu.presentIn(window);
    uploads = objects.uploads();
    Frame cpuFrame = cpu.render(Layers.alone(grey()), 160, 120);
    byte[] cpuPixels = window.readPixels();
    int[] back = window.framebufferSize();
    System.out.println("cpu frame uploads " + (objects.uploads() - uploads) + " difference "
        + (back[0] == 160 ? maxDifference(cpuPixels, cpuFrame) : -1));
    cpu.close();

    // The window's context is destroyed under it, as a GPU reset takes it: the window opens again by itself, and the
    // device's frames reach it through the CPU.
    GlFaults.loseWindowContext(window);
    for (int attempt = 0; attempt < 200 && window.reopenings() == 0; attempt++) {
      Thread.sleep(50);
    }
    System.out.println("reopened " + window.reopenings() + " shares the GL device: " + (window.device() != null));
    GlObjects reopenedObjects = window.glObjects();
    FrameRenderer again = FrameRenderer.on(Backend.GL);
    again.presentIn(window);
    int[] reopenedSize = window.framebufferSize();
    uploads = reopenedObjects.uploads();
    Frame afterLoss = null;
    for (int i = 0; i < 3; i++) {
      afterLoss = again.render(Layers.alone(colour(i)), reopenedSize[0], reopenedSize[1]);
    }
    byte[] reopenedPixels = window.readPixels();
    System.out.println("reopened window " + reopenedSize[0] + "x" + reopenedSize[1] + " uploads "
        + (reopenedObjects.uploads() - uploads) + " spread " + spread(reopenedPixels) + " difference "
        + maxDifference(reopenedPixels, afterLoss));

    // Lost again: the window opened again shares nothing with the device, so nothing of the device's may be freed
    // for it; the device's frames still draw right and reach the window.
    GlObjects firstReopened = reopenedObjects;
    GlFaults.loseWindowContext(window);
    for (int attempt = 0; attempt < 200 && window.reopenings() < 2; attempt++) {
      Thread.sleep(50);
    }
    for (int i = 0; i < 3; i++) {
      afterLoss = again.render(Layers.alone(colour(i)), reopenedSize[0], reopenedSize[1]);
    }
    reopenedPixels = window.readPixels();
    System.out.println("reopened twice " + window.reopenings() + " spread " + spread(reopenedPixels) + " difference "
        + maxDifference(reopenedPixels, afterLoss) + " first reopened window's objects " + firstReopened.live());
    reopenedObjects = window.glObjects();
    again.close();

    System.out.println("closeRequested " + window.closeRequested());
    window.close();
    System.out.println("live GL objects after close " + objects.live() + " reopened window's " + reopenedObjects.live());
    System.exit(0);
  }

  private static Scene.Layer colour(int seed) {
    return Layers.layer(COLOUR, Latent.gaussian(4, seed), PostSpec.NONE);
  }

  private static Scene.Layer grey() {
    return Layers.layer(GREY, Latent.gaussian(4, 9), new PostSpec(1, 1, null, 0, "viridis"));
  }

  /**
   * Largest difference between the window's pixels (RGB, rows bottom to top) and {@code frame} drawn at the window's
   * size; -1 when their sizes differ.
   */
  static int maxDifference(byte[] window, Frame frame) {
    if (window.length != frame.width() * frame.height() * 3) {
      return -1;
    }
    int max = 0;
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        for (int c = 0; c < 3; c++) {
          int shown = window[((frame.height() - 1 - y) * frame.width() + x) * 3 + c] & 0xff;
          max = Math.max(max, Math.abs(shown - frame.sample(x, y, Math.min(c, frame.channels() - 1))));
        }
      }
    }
    return max;
  }

  /** Standard deviation of the samples, 0 for a blank screenshot. */
  static long spread(byte[] pixels) {
    double sum = 0;
    double squares = 0;
    for (byte b : pixels) {
      int v = b & 0xff;
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / pixels.length;
    return Math.round(Math.sqrt(squares / pixels.length - mean * mean));
  }
}
