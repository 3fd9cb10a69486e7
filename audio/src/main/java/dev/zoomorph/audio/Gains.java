package dev.zoomorph.audio;

/**
 * Where an analysis's gains come from, one {@link Gain} per feature: each its own running automatic gain for live
 * sound ({@link #running}), or the whole track's references for a file ({@link TrackGains}).
 */
@FunctionalInterface
interface Gains {
  /** The slots, one per feature: the spectrum's peak (the reference of onsets' log compression), the level… */
  int SPECTRUM = 0;
  int LEVEL = 1;
  /** …then the spec's bands in order. */
  int FIRST_BAND = 2;

  /** The gain of {@code slot} for an analysis stepped every {@code stepSeconds}. */
  Gain gain(int slot, double stepSeconds);

  /** Live: each feature's own {@link AutoGain}, whose reference falls 20 dB in {@code gainSeconds}. */
  static Gains running(double gainSeconds) {
    return (slot, stepSeconds) -> new AutoGain(gainSeconds, stepSeconds);
  }
}
