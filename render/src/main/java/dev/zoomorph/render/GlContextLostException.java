package dev.zoomorph.render;

/**
 * The GL device's context is gone: reset by the driver (a GPU reset), destroyed under it, or abandoned because a GL
 * call hung. Everything made on it is gone with it; a show rebuilds its generators, on TensorFlow first (see
 * {@link FrameRenderer}).
 */
public final class GlContextLostException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public GlContextLostException(String message) {
    super(message);
  }
}
