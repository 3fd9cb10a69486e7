package dev.zoomorph.render;

import static org.lwjgl.glfw.GLFW.*;
import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GLFW window (vsync on, resizable) and, hidden, a second context that shares its objects: the GL device's
 * ({@link #deviceContext}), so the window can draw the device's textures without copying them through the CPU.
 * GLFW's calls run on the window's thread; the hidden context is made current on the device's thread.
 */
final class GlWindow implements GlContext {
  private static final Logger LOG = LoggerFactory.getLogger(GlWindow.class);

  private final long window;
  private final long hidden;
  private final WindowOptions options;
  private final String description;
  private final GLFWErrorCallback errors;
  private volatile boolean closeRequested;
  private int windowedX;
  private int windowedY;

  private GlWindow(long window, long hidden, WindowOptions options, String description, GLFWErrorCallback errors) {
    this.window = window;
    this.hidden = hidden;
    this.options = options;
    this.description = description;
    this.errors = errors;
  }

  /** Opens the window and its hidden sharing context; its context is current on the calling thread. */
  static GlWindow open(WindowOptions options) {
    GlContext.beforeFirstContext();
    StringBuilder glfwErrors = new StringBuilder();
    GLFWErrorCallback errors = GLFWErrorCallback.create(
        (code, message) -> glfwErrors.append(GLFWErrorCallback.getDescription(message)).append("; "));
    glfwSetErrorCallback(errors);
    if (!glfwInit()) {
      glfwSetErrorCallback(null);
      errors.free();
      throw new GlUnavailableException("cannot open a window: GLFW failed to start (" + glfwErrors
          + "is DISPLAY or WAYLAND_DISPLAY set?)");
    }
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    long window = 0;
    long hidden = 0;
    String version = "";
    for (int[] v : new int[][] {{4, 5}, {3, 3}}) {
      glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, v[0]);
      glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, v[1]);
      glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
      glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
      hidden = glfwCreateWindow(1, 1, "zoomorph GL device", 0, 0);
      if (hidden == 0) {
        continue;
      }
      glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
      glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
      long monitor = options.fullscreen() ? monitor(options.monitor()) : 0;
      int w = options.width();
      int h = options.height();
      if (monitor != 0) {
        var mode = glfwGetVideoMode(monitor);
        w = mode.width();
        h = mode.height();
      }
      window = glfwCreateWindow(w, h, options.title(), monitor, hidden);
      if (window != 0) {
        version = v[0] + "." + v[1];
        break;
      }
      glfwDestroyWindow(hidden);
      hidden = 0;
    }
    if (window == 0) {
      glfwTerminate();
      glfwSetErrorCallback(null);
      errors.free();
      throw new GlUnavailableException("cannot open a window with an OpenGL 3.3+ core context: " + glfwErrors);
    }
    glfwMakeContextCurrent(window);
    GL.createCapabilities();
    glfwSwapInterval(1);
    String description = "GLFW window, GL " + version + " core: " + GlContext.rendererString();
    GlWindow made = new GlWindow(window, hidden, options, description, errors);
    glfwSetKeyCallback(window, (win, key, scancode, action, mods) -> made.onKey(key, action));
    LOG.info("OpenGL context: {}", description);
    return made;
  }

  /**
   * The hidden context that shares the window's objects, for the GL device: made current on the thread that calls
   * {@link GlDevice.ContextFactory#create}; its window is destroyed by {@link #terminate}.
   */
  GlDevice.ContextFactory deviceContext() {
    return () -> {
      glfwMakeContextCurrent(hidden);
      GL.createCapabilities();
      String deviceDescription = "GLFW context shared with a window: " + GlContext.rendererString();
      return new GlContext() {
        @Override
        public String description() {
          return deviceDescription;
        }

        @Override
        public boolean isLost() {
          return glfwGetCurrentContext() != hidden || GlContext.wasReset();
        }

        @Override
        public void close() {
          GL.setCapabilities(null);
          glfwMakeContextCurrent(0);
        }
      };
    };
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean isLost() {
    return glfwGetCurrentContext() != window || GlContext.wasReset();
  }

  boolean closeRequested() {
    return closeRequested;
  }

  /** Framebuffer size in pixels: {width, height}. */
  int[] framebufferSize() {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var w = stack.mallocInt(1);
      var h = stack.mallocInt(1);
      glfwGetFramebufferSize(window, w, h);
      return new int[] {w.get(0), h.get(0)};
    }
  }

  /** Shows the back buffer (waits for vsync). */
  void swapBuffers() {
    glfwSwapBuffers(window);
  }

  /**
   * Handles window events (keys, resizing, the close button), waiting up to {@code seconds} for one;
   * {@link #wake} ends the wait early.
   */
  void waitEvents(double seconds) {
    glfwWaitEventsTimeout(seconds);
    if (glfwWindowShouldClose(window)) {
      closeRequested = true;
    }
  }

  /** Ends a {@link #waitEvents} early; any thread. */
  static void wake() {
    glfwPostEmptyEvent();
  }

  /** What the window manager's close button does; for tests. */
  void requestClose() {
    glfwSetWindowShouldClose(window, true);
  }

  void toggleFullscreen() {
    if (glfwGetWindowMonitor(window) != 0) {
      glfwSetWindowMonitor(window, 0, windowedX, windowedY, options.width(), options.height(), GLFW_DONT_CARE);
      return;
    }
    long monitor = monitor(options.monitor());
    if (monitor == 0) {
      LOG.warn("no monitor to go fullscreen on");
      return;
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var x = stack.mallocInt(1);
      var y = stack.mallocInt(1);
      glfwGetWindowPos(window, x, y);
      windowedX = x.get(0);
      windowedY = y.get(0);
    }
    var mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode.width(), mode.height(), mode.refreshRate());
  }

  private void onKey(int key, int action) {
    if (action != GLFW_PRESS) {
      return;
    }
    if (key == GLFW_KEY_ESCAPE || key == GLFW_KEY_Q) {
      closeRequested = true;
    } else if (key == GLFW_KEY_F11 || key == GLFW_KEY_F) {
      toggleFullscreen();
    }
  }

  /** The monitor at {@code index}, falling back to the primary one (logged) when there are fewer. */
  private static long monitor(int index) {
    PointerBuffer monitors = glfwGetMonitors();
    if (monitors == null || monitors.remaining() == 0) {
      return 0;
    }
    if (index >= monitors.remaining()) {
      LOG.warn("monitor {} asked for but only {} connected; using the primary monitor", index, monitors.remaining());
      return glfwGetPrimaryMonitor();
    }
    return monitors.get(index);
  }

  /** Destroys the visible window; its context must be current on the calling thread. */
  @Override
  public void close() {
    GL.setCapabilities(null);
    Callbacks.glfwFreeCallbacks(window);
    glfwMakeContextCurrent(0);
    glfwDestroyWindow(window);
  }

  /** Destroys the hidden context's window and ends GLFW; after {@link #close} and after the device let go of it. */
  void terminate() {
    glfwDestroyWindow(hidden);
    glfwTerminate();
    glfwSetErrorCallback(null);
    errors.free();
  }
}
