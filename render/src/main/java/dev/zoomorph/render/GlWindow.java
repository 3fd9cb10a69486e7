package dev.zoomorph.render;

import static org.lwjgl.egl.EGL14.eglGetCurrentContext;
import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.glfw.GLFWNativeEGL.glfwGetEGLContext;

import org.lwjgl.PointerBuffer;
import org.lwjgl.glfw.Callbacks;
import org.jspecify.annotations.Nullable;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWMonitorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GLFW window (vsync on, resizable) and, hidden, a second context that shares its objects: the GL device's
 * ({@link #deviceContext}), so the window can draw the device's textures without copying them through the CPU.
 * GLFW's calls run on the window's thread; the hidden context is made current on the device's thread.
 *
 * <p>Fullscreen is a borderless window covering the monitor at the monitor's own video mode, never GLFW's exclusive
 * fullscreen: that one changes the mode through RandR and restores it when the monitor goes away, and restoring it
 * on an output that is already off is an X error that ends the process (seen with xrandr on Xorg's dummy driver).
 * Started fullscreen it is a kiosk: no decorations, no cursor over it, and it follows its monitor: when the monitor
 * that it covers (found again by name, else whichever is at the index asked for) comes back after being unplugged,
 * the window covers it again.
 *
 * <p>A window whose context was lost (a GPU reset, a driver crash) is opened again by {@link #reopen}, in the same
 * size mode and with the same keys.
 */
final class GlWindow implements GlContext {
  private static final Logger LOG = LoggerFactory.getLogger(GlWindow.class);

  private long window;
  private final long hidden;
  private final WindowOptions options;
  private final String description;
  private final GLFWErrorCallback errors;
  /** What GLFW reported, for the exceptions. */
  private final StringBuilder glfwErrors;
  /** The context version and reset notification the window was made with, to make it again the same. */
  private final int[] contextVersion;
  private final boolean resetAware;
  private volatile boolean closeRequested;
  private int windowedX;
  private int windowedY;
  /** Whether the viewer wants it fullscreen (F11 turns it off): the window goes back to its monitor when it returns. */
  private boolean wantsFullscreen;
  /** The name of the monitor it is fullscreen on, to find it again after an unplug; null until it has one. */
  private @Nullable String monitorName;
  private @Nullable GLFWMonitorCallback monitorCallback;
  /** The title bar's text now: the options' title, then what plays; a window opened again gets it too. */
  private String title;

  private GlWindow(long window, long hidden, WindowOptions options, String description, GLFWErrorCallback errors,
      StringBuilder glfwErrors, int[] contextVersion, boolean resetAware) {
    this.window = window;
    this.hidden = hidden;
    this.options = options;
    this.title = options.title();
    this.description = description;
    this.errors = errors;
    this.glfwErrors = glfwErrors;
    this.contextVersion = contextVersion;
    this.resetAware = resetAware;
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
    int[] version = {0, 0};
    boolean resetAware = false;
    // Contexts told of GPU resets (glGetGraphicsResetStatus) where the driver can make them, as EglContext's.
    for (int attempt = 0; attempt < 4; attempt++) {
      version = attempt < 2 ? new int[] {4, 5} : new int[] {3, 3};
      resetAware = attempt % 2 == 0;
      hintContext(version, resetAware);
      glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
      glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
      hidden = glfwCreateWindow(1, 1, "zoomorph GL device", 0, 0);
      if (hidden == 0) {
        continue;
      }
      window = createVisible(options, options.title(), hidden);
      if (window != 0) {
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
    String description = "GLFW window, GL " + version[0] + "." + version[1]
        + (resetAware ? " core told of GPU resets" : " core") + ": " + GlContext.rendererString();
    GlWindow made = new GlWindow(window, hidden, options, description, errors, glfwErrors, version, resetAware);
    made.wantsFullscreen = options.fullscreen();
    made.prepareVisible();
    made.monitorCallback = GLFWMonitorCallback.create(made::onMonitor);
    glfwSetMonitorCallback(made.monitorCallback);
    LOG.info("OpenGL context: {}", description);
    return made;
  }

  private static void hintContext(int[] version, boolean resetAware) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, version[0]);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, version[1]);
    glfwWindowHint(GLFW_CONTEXT_ROBUSTNESS, resetAware ? GLFW_LOSE_CONTEXT_ON_RESET : GLFW_NO_ROBUSTNESS);
  }

  /**
   * The visible window titled {@code title}, its context sharing objects with {@code share} (0: none); 0 when GLFW
   * cannot make it.
   */
  private static long createVisible(WindowOptions options, String title, long share) {
    glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    // A kiosk has no title bar or border, also while its monitor is gone and it waits windowed.
    glfwWindowHint(GLFW_DECORATED, options.fullscreen() ? GLFW_FALSE : GLFW_TRUE);
    return glfwCreateWindow(options.width(), options.height(), title, 0, share);
  }

  /** Names {@code preset} in the title bar, after the options' title ("zoomorph: drift"). Window thread. */
  void playing(String preset) {
    title = options.title() + ": " + preset;
    glfwSetWindowTitle(window, title);
  }

  /** The title bar's text, as GLFW has it; for tests. Window thread. */
  @Nullable String title() {
    return glfwGetWindowTitle(window);
  }

  /**
   * Makes the visible window's context current on the calling thread and sets the window up: vsync, keys, and
   * fullscreen when it is wanted (a kiosk hides the cursor).
   */
  private void prepareVisible() {
    glfwMakeContextCurrent(window);
    GL.createCapabilities();
    glfwSwapInterval(1);
    glfwSetKeyCallback(window, (win, key, scancode, action, mods) -> onKey(key, action));
    if (options.fullscreen()) {
      glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    }
    if (wantsFullscreen) {
      long monitor = monitorNamed(monitorName);
      if (monitor == 0) {
        monitor = monitor(options.monitor());
      }
      if (monitor != 0) {
        cover(monitor);
      }
    }
  }

  /**
   * Replaces the visible window, whose context was lost, with a new one of the same options, size mode and keys; its
   * context is current on the calling thread afterwards. The new context shares no objects with the device's hidden
   * one, which a GPU reset takes too.
   *
   * @throws GlUnavailableException naming GLFW's complaint when it cannot make the window (the caller tries later)
   */
  void reopen() {
    if (window != 0) {
      Callbacks.glfwFreeCallbacks(window);
      glfwMakeContextCurrent(0);
      glfwDestroyWindow(window);
      window = 0;
    }
    GL.setCapabilities(null);
    glfwErrors.setLength(0);
    hintContext(contextVersion, resetAware);
    long made = createVisible(options, title, 0);
    if (made == 0) {
      throw new GlUnavailableException("cannot open the window again: " + glfwErrors);
    }
    window = made;
    prepareVisible();
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
          return contextLost(hidden);
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
    return window == 0 || contextLost(window);
  }

  /**
   * Whether {@code glfwWindow}'s context is no longer current on this thread (destroyed under it: GLFW's own record
   * still names it, EGL's does not) or was reset.
   */
  private static boolean contextLost(long glfwWindow) {
    return glfwGetCurrentContext() != glfwWindow || eglGetCurrentContext() != glfwGetEGLContext(glfwWindow)
        || GlContext.wasReset();
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
    if (window != 0 && glfwWindowShouldClose(window)) {
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
    if (wantsFullscreen) {
      wantsFullscreen = false;
      glfwSetWindowAttrib(window, GLFW_DECORATED, GLFW_TRUE);
      glfwSetWindowMonitor(window, 0, windowedX, windowedY, options.width(), options.height(), GLFW_DONT_CARE);
      return;
    }
    wantsFullscreen = true;
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
    wantsFullscreen = true;
    cover(monitor);
  }

  /** Makes the window a borderless one exactly over {@code monitor}, at the monitor's own video mode. */
  private void cover(long monitor) {
    var mode = glfwGetVideoMode(monitor);
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var x = stack.mallocInt(1);
      var y = stack.mallocInt(1);
      glfwGetMonitorPos(monitor, x, y);
      glfwSetWindowAttrib(window, GLFW_DECORATED, GLFW_FALSE);
      glfwSetWindowMonitor(window, 0, x.get(0), y.get(0), mode.width(), mode.height(), GLFW_DONT_CARE);
    }
    monitorName = glfwGetMonitorName(monitor);
  }

  /**
   * A monitor was connected or disconnected (window thread, while it waits for events). The window stays where it
   * was when its monitor goes; when the monitor comes back, the window covers it again.
   */
  private void onMonitor(long monitor, int event) {
    if (window == 0) {
      return; // lost, and not open again yet: it covers its monitor when it opens
    }
    String name = glfwGetMonitorName(monitor);
    if (event == GLFW_DISCONNECTED) {
      LOG.warn("monitor '{}' disconnected{}", name, wantsFullscreen && name != null && name.equals(monitorName)
          ? "; the window covers it again when it is back" : "");
      return;
    }
    if (!wantsFullscreen || fullscreenMonitor() != null) {
      return;
    }
    long target = 0;
    if (monitorName != null && monitorName.equals(name)) {
      target = monitor;
    } else if (monitorName == null) {
      PointerBuffer monitors = glfwGetMonitors();
      target = monitors != null && options.monitor() < monitors.remaining() ? monitors.get(options.monitor()) : 0;
    }
    if (target != 0) {
      LOG.info("monitor '{}' connected: the window covers it again", name);
      cover(target);
    }
  }

  /** The name of the connected monitor whose area the window covers exactly, or null; window thread. */
  @Nullable String fullscreenMonitor() {
    PointerBuffer monitors = glfwGetMonitors();
    if (monitors == null) {
      return null;
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var x = stack.mallocInt(1);
      var y = stack.mallocInt(1);
      var w = stack.mallocInt(1);
      var h = stack.mallocInt(1);
      glfwGetWindowPos(window, x, y);
      glfwGetWindowSize(window, w, h);
      for (int i = 0; i < monitors.remaining(); i++) {
        long monitor = monitors.get(i);
        var mx = stack.mallocInt(1);
        var my = stack.mallocInt(1);
        glfwGetMonitorPos(monitor, mx, my);
        var mode = glfwGetVideoMode(monitor);
        if (mx.get(0) == x.get(0) && my.get(0) == y.get(0) && mode.width() == w.get(0)
            && mode.height() == h.get(0)) {
          return glfwGetMonitorName(monitor);
        }
      }
    }
    return null;
  }

  /** Whether the cursor is hidden over the window; for tests. */
  boolean cursorHidden() {
    return glfwGetInputMode(window, GLFW_CURSOR) == GLFW_CURSOR_HIDDEN;
  }

  /** Whether the window has a title bar and border; for tests. */
  boolean decorated() {
    return glfwGetWindowAttrib(window, GLFW_DECORATED) == GLFW_TRUE;
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

  /** The connected monitor called {@code name}; 0 when none is (or the name is null). */
  private static long monitorNamed(@Nullable String name) {
    PointerBuffer monitors = glfwGetMonitors();
    if (name == null || monitors == null) {
      return 0;
    }
    for (int i = 0; i < monitors.remaining(); i++) {
      if (name.equals(glfwGetMonitorName(monitors.get(i)))) {
        return monitors.get(i);
      }
    }
    return 0;
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

  /** Destroys the visible window (if it has one: it may have failed to open again); call on its thread. */
  @Override
  public void close() {
    GL.setCapabilities(null);
    if (window != 0) {
      Callbacks.glfwFreeCallbacks(window);
      glfwMakeContextCurrent(0);
      glfwDestroyWindow(window);
      window = 0;
    }
  }

  /** Destroys the hidden context's window and ends GLFW; after {@link #close} and after the device let go of it. */
  void terminate() {
    glfwSetMonitorCallback(null);
    if (monitorCallback != null) {
      monitorCallback.free();
    }
    glfwDestroyWindow(hidden);
    glfwTerminate();
    glfwSetErrorCallback(null);
    errors.free();
  }
}
