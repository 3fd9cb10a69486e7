package dev.zoomorph.audio;

/**
 * How one feature's loudness in dB reads as 0 … 1: as its amplitude relative to a reference. Live the reference
 * runs with the sound ({@link AutoGain}); from a whole track it is the track's own, fixed ({@link TrackGains}).
 */
interface Gain {
  /** Sound this far below full scale (and digital silence) stays at rest whatever the gain. */
  double FLOOR_DB = -90;

  /**
   * The amplitude of {@code db} relative to the reference after this step, 0 … 1; the reference is at least
   * {@code minimumDb} (another feature's reference less a margin, so an empty band does not amplify leakage).
   */
  double apply(double db, double minimumDb);

  /** The reference now, in dB. */
  double referenceDb();

  /** The amplitude of {@code db} against {@code referenceDb}, at most 1; at rest at or under the floor. */
  static double relative(double db, double referenceDb) {
    return db <= FLOOR_DB ? 0 : Math.min(1, Math.pow(10, (db - referenceDb) / 20));
  }

  /** dB of a power (mean square; 1 is full scale); digital silence gives far below the floor. */
  static double decibels(double power) {
    return 10 * Math.log10(power + 1e-30);
  }
}
