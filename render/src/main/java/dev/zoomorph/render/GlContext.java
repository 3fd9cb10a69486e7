package dev.zoomorph.render;

import static org.lwjgl.opengl.GL11C.*;

import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL45C;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.Configuration;
import org.tensorflow.TensorFlow;

/** An OpenGL context current on the render thread: headless ({@link EglContext}) or a window ({@link GlWindow}). */
interface GlContext extends AutoCloseable {
  /** Whether TensorFlow is on the class path (the GPU check's bundle leaves it out). */
  boolean TENSORFLOW_PRESENT = onClassPath("org.tensorflow.TensorFlow");


  /** Platform, GL version and renderer, for logs and the backend choice. */
  String description();

  /** Destroys the context; call on the render thread after every GL object is freed. */
  @Override
  void close();

  /**
   * True once the context is gone: no longer current on its thread (destroyed under it) or reset by the driver
   * (a GPU reset, which {@code glGetGraphicsResetStatus} reports on GL 4.5). Call on the context's thread.
   */
  boolean isLost();

  /**
   * Prepares the process for its first GL context; both the headless and the window contexts call it first.
   *
   * <p>TensorFlow's native libraries are loaded before any GL library: Mesa loads its driver with RTLD_GLOBAL, which
   * puts its libLLVM (15 on Debian 12) in the process's global symbol scope, and TensorFlow, loaded afterwards,
   * binds about two thousand of its own bundled LLVM's symbols (vtables, {@code cl::opt} methods,
   * {@code raw_ostream}) to that other LLVM version, which crashes now and then ({@code LD_DEBUG=bindings} shows the
   * bindings; STACK.md). Loaded first, TensorFlow binds to itself at once (its libraries are linked BIND_NOW) and
   * Mesa's LLVM to itself, so a show may fall back from GL to TensorFlow in one process. A process without
   * TensorFlow on its class path (the GPU check's bundle) has nothing to load first.
   *
   * <p>GL functions are then loaded through eglGetProcAddress: both kinds of context come from EGL, so one function
   * provider serves both. Must run before LWJGL's GL class initialises.
   */
  static void beforeFirstContext() {
    if (TENSORFLOW_PRESENT) {
      TensorFlow.version();
    }
    Configuration.OPENGL_CONTEXT_API.set("EGL");
  }

  /**
   * Whether the current context was reset by the driver. Only a context made with a reset notification strategy can
   * say (GL 4.5 or ARB_robustness, and EGL or GLFW asked for it: EglContext and GlWindow do where they can).
   */
  static boolean wasReset() {
    GLCapabilities caps = GL.getCapabilities();
    return caps.glGetGraphicsResetStatus != 0 && GL45C.glGetGraphicsResetStatus() != GL_NO_ERROR;
  }

  static String rendererString() {
    return glGetString(GL_RENDERER) + " (" + glGetString(GL_VENDOR) + ", " + glGetString(GL_VERSION) + ")";
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, GlContext.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
