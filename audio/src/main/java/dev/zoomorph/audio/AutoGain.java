package dev.zoomorph.audio;

/**
 * Automatic gain of one feature, for live sound: a running reference level in dB that jumps up to anything louder
 * and falls slowly (20 dB over the gain time) when the sound gets quieter, never below {@link #FLOOR_DB} or the
 * minimum it is given. A quiet room and a loud one give the same values. Not thread-safe.
 */
final class AutoGain implements Gain {
  private final double fallPerStep;
  private double referenceDb = FLOOR_DB;

  /** Stepped every {@code stepSeconds}; the reference falls 20 dB in {@code gainSeconds}. */
  AutoGain(double gainSeconds, double stepSeconds) {
    this.fallPerStep = 20 * stepSeconds / gainSeconds;
  }

  @Override
  public double apply(double db, double minimumDb) {
    referenceDb = Math.max(Math.max(db, referenceDb - fallPerStep), Math.max(FLOOR_DB, minimumDb));
    return Gain.relative(db, referenceDb);
  }

  @Override
  public double referenceDb() {
    return referenceDb;
  }
}
