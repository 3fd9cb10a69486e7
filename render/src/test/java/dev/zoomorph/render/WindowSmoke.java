package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * Run by {@link WindowTest} in a child JVM whose DISPLAY points at an Xvfb server (a JVM cannot change its own
 * environment). Opens a window, renders, reads the window back, toggles fullscreen, closes; prints one result line
 * per step for the test to check.
 */
public final class WindowSmoke {
  private WindowSmoke() {}

  public static void main(String[] args) {
    CppnWeights weights = CppnWeights.random(new CppnSpec(4, 8, 3, 3, 6f), 3);
    WindowOptions window = new WindowOptions("zoomorph window test", 160, 120, 0, false);
    GlRenderer gl = GlRenderer.cppn(weights, RenderOptions.HEADLESS.withWindow(window));
    int[] size = gl.windowSize();
    for (int i = 0; i < 5; i++) {
      gl.render(Latent.gaussian(4, i), View.of(size[0], size[1]));
    }
    byte[] pixels = gl.readWindowPixels();
    System.out.println("window " + size[0] + "x" + size[1] + " spread " + spread(pixels));

    gl.toggleFullscreen();
    for (int i = 0; i < 3; i++) {
      gl.render(Latent.gaussian(4, i), View.of(size[0], size[1]));
    }
    int[] full = gl.windowSize();
    System.out.println("fullscreen " + full[0] + "x" + full[1] + " spread " + spread(gl.readWindowPixels()));
    gl.toggleFullscreen();
    gl.render(Latent.gaussian(4, 0), View.of(size[0], size[1]));
    System.out.println("closeRequested " + gl.closeRequested());
    gl.close();
    System.out.println("live GL objects after close " + gl.glObjects().live());
  }

  /** Standard deviation of the samples, 0 for a blank screenshot. */
  private static long spread(byte[] pixels) {
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
