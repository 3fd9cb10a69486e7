package dev.zoomorph.playlist;

/** A playlist that cannot be used; the message names the file, the entry and the field. */
public final class PlaylistException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public PlaylistException(String message) {
    super(message);
  }

  public PlaylistException(String message, Throwable cause) {
    super(message, cause);
  }
}
