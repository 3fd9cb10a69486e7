package dev.zoomorph.render;

import static org.lwjgl.opengl.GL11C.*;

import org.lwjgl.system.Configuration;

/** An OpenGL context current on the render thread: headless ({@link EglContext}) or a window ({@link GlWindow}). */
interface GlContext extends AutoCloseable {

  /** Platform, GL version and renderer, for logs and the backend choice. */
  String description();

  /** Destroys the context; call on the render thread after every GL object is freed. */
  @Override
  void close();

  /**
   * Loads GL functions through eglGetProcAddress: both the headless and the window contexts come from EGL, so one
   * function provider serves both. Must run before LWJGL's GL class initialises.
   */
  static void useEglFunctionLoading() {
    Configuration.OPENGL_CONTEXT_API.set("EGL");
  }

  static String rendererString() {
    return glGetString(GL_RENDERER) + " (" + glGetString(GL_VENDOR) + ", " + glGetString(GL_VERSION) + ")";
  }
}
