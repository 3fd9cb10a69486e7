package dev.zoomorph.render;

/** A shader this module carries did not compile or link on this GL; the message holds the driver's log. */
final class ShaderBuildException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ShaderBuildException(String message) {
    super(message);
  }
}
