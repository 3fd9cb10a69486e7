package dev.zoomorph.render;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL33C.*;

import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GLFW window whose EGL context the render thread owns. Frames are blitted from the output target, flipped
 * (targets keep the image's top row at row 0, the window's origin is bottom-left) and letterboxed.
 */
final class GlWindow implements GlContext {
  private static final Logger LOG = LoggerFactory.getLogger(GlWindow.class);

  private final long window;
  private final WindowOptions options;
  private final String description;
  private final GLFWErrorCallback errors;
  private volatile boolean closeRequested;
  private int windowedX;
  private int windowedY;

  private GlWindow(long window, WindowOptions options, String description, GLFWErrorCallback errors) {
    this.window = window;
    this.options = options;
    this.description = description;
    this.errors = errors;
  }

  static GlWindow open(WindowOptions options) {
    GlContext.useEglFunctionLoading();
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
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    long window = 0;
    String version = "";
    for (int[] v : new int[][] {{4, 5}, {3, 3}}) {
      glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, v[0]);
      glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, v[1]);
      long monitor = options.fullscreen() ? monitor(options.monitor()) : 0;
      int w = options.width();
      int h = options.height();
      if (monitor != 0) {
        var mode = glfwGetVideoMode(monitor);
        w = mode.width();
        h = mode.height();
      }
      window = glfwCreateWindow(w, h, options.title(), monitor, 0);
      if (window != 0) {
        version = v[0] + "." + v[1];
        break;
      }
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
    GlWindow made = new GlWindow(window, options, description, errors);
    glfwSetKeyCallback(window, (win, key, scancode, action, mods) -> made.onKey(key, action));
    LOG.info("OpenGL context: {}", description);
    return made;
  }

  @Override
  public String description() {
    return description;
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

  /** Shows {@code output} letterboxed and flipped upright, swaps (vsync) and handles window events. */
  void present(Target output) {
    drawToBackBuffer(output);
    glfwSwapBuffers(window);
    pollEvents();
  }

  /** Handles window events (keys, resizing, the close button). */
  void pollEvents() {
    glfwPollEvents();
    if (glfwWindowShouldClose(window)) {
      closeRequested = true;
    }
  }

  /** What the window manager's close button does; for tests. */
  void requestClose() {
    glfwSetWindowShouldClose(window, true);
  }

  /** Draws {@code output} into the window's back buffer, as {@link #present} shows it. */
  void drawToBackBuffer(Target output) {
    int[] size = framebufferSize();
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glViewport(0, 0, size[0], size[1]);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    if (size[0] > 0 && size[1] > 0) {
      double scale = Math.min((double) size[0] / output.width, (double) size[1] / output.height);
      int w = (int) Math.round(output.width * scale);
      int h = (int) Math.round(output.height * scale);
      int x = (size[0] - w) / 2;
      int y = (size[1] - h) / 2;
      glBindFramebuffer(GL_READ_FRAMEBUFFER, output.framebuffer);
      glBlitFramebuffer(0, 0, output.width, output.height, x, y + h, x + w, y, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    }
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

  @Override
  public void close() {
    GL.setCapabilities(null);
    Callbacks.glfwFreeCallbacks(window);
    glfwMakeContextCurrent(0);
    glfwDestroyWindow(window);
    glfwTerminate();
    glfwSetErrorCallback(null);
    errors.free();
  }
}
