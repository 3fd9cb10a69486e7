package dev.zoomorph.trainer;

/**
 * A training that cannot start as asked, found before its first step: an output that cannot be written, data that
 * cannot be trained on, a work folder holding an earlier run's checkpoint, a checkpoint made with other options. The message names the option and says
 * what to do; the {@code train} command reports it as a usage error.
 */
public final class TrainRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TrainRefusedException(String message) {
    super(message);
  }
}
