package dev.zoomorph.render;

/**
 * No OpenGL context could be made (no EGL, no display, too old a GL). The message lists what was tried; callers
 * can fall back to the TensorFlow path, as {@link RenderBackends} does for {@link Backend#AUTO}.
 */
public final class GlUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public GlUnavailableException(String message) {
    super(message);
  }

  public GlUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
