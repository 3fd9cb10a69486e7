package dev.zoomorph.audio;

/**
 * Automatic gain of one feature: a running reference level in dB that jumps up to anything louder and falls slowly
 * (20 dB over the gain time) when the sound gets quieter, never below {@link #FLOOR_DB} or {@code below} of another
 * reference. The feature reads as its amplitude relative to the reference, 0 … 1, so a quiet room and a loud one give
 * the same values. Not thread-safe.
 */
final class AutoGain {
  /** Sound this far below full scale (and digital silence) stays at rest whatever the gain. */
  static final double FLOOR_DB = -90;

  private final double fallPerStep;
  private double referenceDb = FLOOR_DB;

  /** Stepped every {@code stepSeconds}; the reference falls 20 dB in {@code gainSeconds}. */
  AutoGain(double gainSeconds, double stepSeconds) {
    this.fallPerStep = 20 * stepSeconds / gainSeconds;
  }

  /**
   * The amplitude of {@code db} relative to the reference after this step, 0 … 1; the reference stays at or above
   * {@code minimumDb} (another feature's reference less a margin, so an empty band does not amplify leakage).
   */
  double apply(double db, double minimumDb) {
    referenceDb = Math.max(Math.max(db, referenceDb - fallPerStep), Math.max(FLOOR_DB, minimumDb));
    return db <= FLOOR_DB ? 0 : Math.min(1, Math.pow(10, (db - referenceDb) / 20));
  }

  /** The reference now, in dB. */
  double referenceDb() {
    return referenceDb;
  }

  /** dB of a power (mean square; 1 is full scale); digital silence gives far below the floor. */
  static double decibels(double power) {
    return 10 * Math.log10(power + 1e-30);
  }
}
