package dev.zoomorph.render;

import static org.lwjgl.egl.EGL10.EGL_NO_CONTEXT;
import static org.lwjgl.egl.EGL10.EGL_NO_SURFACE;
import static org.lwjgl.egl.EGL10.eglDestroyContext;
import static org.lwjgl.egl.EGL10.eglGetCurrentDisplay;
import static org.lwjgl.egl.EGL10.eglMakeCurrent;
import static org.lwjgl.egl.EGL14.eglGetCurrentContext;

/** Faults injected into the process's GL device, for recovery tests. */
public final class GlFaults {
  private GlFaults() {}

  /**
   * Destroys the context of the process's GL device under it, as a GPU reset or a driver crash would take it away.
   */
  public static void loseContext() {
    lostDevice();
  }

  /** Destroys the context of {@code window} under it, as a GPU reset or a driver crash would take it away. */
  static void loseWindowContext(WindowOutput window) {
    window.onWindowThread(() -> {
      long display = eglGetCurrentDisplay();
      long context = eglGetCurrentContext();
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      return eglDestroyContext(display, context);
    });
  }

  /** As {@link #loseContext}, returning the device, which has noticed the loss. */
  static GlDevice lostDevice() {
    GlDevice device = GlDevice.acquire();
    try {
      device.run(() -> {
        long display = eglGetCurrentDisplay();
        long context = eglGetCurrentContext();
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display, context);
      });
      throw new AssertionError("the device did not notice that its context was destroyed");
    } catch (GlContextLostException expected) {
      return device;
    } finally {
      device.release();
    }
  }
}
