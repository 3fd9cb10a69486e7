package dev.zoomorph.trainer.data;

/**
 * A data source whose contents cannot be trained on: a folder with no readable picture, a file that is not the IDX,
 * digit sheet or emoji package it looks like, a truncated or corrupt one. The message names the source; a command
 * reports it as a problem with the option that named the source.
 */
public final class DataSourceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DataSourceException(String message) {
    super(message);
  }

  public DataSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
