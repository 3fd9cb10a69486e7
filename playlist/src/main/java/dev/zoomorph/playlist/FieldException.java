package dev.zoomorph.playlist;

/**
 * A value refused at a field of the playlist, {@code seconds: must be more than 0}: typed, so that the reader can
 * put the entry in front ({@code entries[1].seconds}) without reading the message.
 */
final class FieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The field's path, {@code seconds} or {@code entries[1].seconds}. */
  final String field;
  /** What is wrong with it. */
  final String problem;

  FieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** {@code e} as a problem of the field {@code where}, or of its field under {@code where}. */
  static FieldException at(String where, IllegalArgumentException e) {
    FieldException placed = e instanceof FieldException inner
        ? new FieldException(where + "." + inner.field, inner.problem)
        : new FieldException(where, String.valueOf(e.getMessage()));
    placed.initCause(e);
    return placed;
  }
}
