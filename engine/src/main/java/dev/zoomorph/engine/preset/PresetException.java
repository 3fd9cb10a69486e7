package dev.zoomorph.engine.preset;

/** A preset that cannot be loaded; the message names the source, the field and the problem. */
public final class PresetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PresetException(String message, Throwable cause) {
    super(message, cause);
  }

  public PresetException(String message) {
    super(message);
  }
}
