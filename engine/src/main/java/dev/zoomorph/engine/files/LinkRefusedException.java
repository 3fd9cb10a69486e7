package dev.zoomorph.engine.files;

/**
 * A file would have been written through a symbolic link, which may lead out of the folder it is meant to be written
 * in: refused before anything was written there. The message names the link.
 */
public final class LinkRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LinkRefusedException(String message) {
    super(message);
  }
}
