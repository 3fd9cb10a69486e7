package dev.zoomorph.engine.show;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the audio input heard up to one moment: the features its analysis gives, which bindings turn into control
 * messages and {@code /zoomorph/audio/...} reads.
 *
 * @param nanos the moment, on the audio's own timeline (nanoseconds of sound since the input started)
 * @param level loudness (RMS) after automatic gain and the envelope follower, 0 … 1
 * @param bands each band's energy after automatic gain and the envelope follower, 0 … 1, in the preset's band order
 * @param onset whether an onset (anywhere in the spectrum) fell since the previous features
 * @param bandOnsets whether an onset fell in each band since the previous features
 * @param onsets onsets counted since the input started
 * @param bpm the tracked tempo, 0 until the beat tracker has one
 * @param beat the tracked beat position: beats since tracking began, with the fraction of the current one
 * @param onBeat whether a tracked beat fell since the previous features
 */
public record AudioFeatures(long nanos, double level, double[] bands, boolean onset, boolean[] bandOnsets,
    long onsets, double bpm, double beat, boolean onBeat) {

  /** Nothing heard yet. */
  public static AudioFeatures silence(int bands) {
    return new AudioFeatures(0, 0, new double[bands], false, new boolean[bands], 0, 0, 0, false);
  }

  public AudioFeatures {
    if (bands.length != bandOnsets.length) {
      throw new IllegalArgumentException(bands.length + " band energies but " + bandOnsets.length + " band onsets");
    }
    bands = bands.clone();
    bandOnsets = bandOnsets.clone();
  }

  /** Number of bands. */
  public int bandCount() {
    return bands.length;
  }

  /** Band {@code i}'s energy. */
  public double band(int i) {
    return bands[i];
  }

  /** Whether an onset fell in band {@code i}. */
  public boolean bandOnset(int i) {
    return bandOnsets[i];
  }

  @Override
  public double[] bands() {
    return bands.clone();
  }

  @Override
  public boolean[] bandOnsets() {
    return bandOnsets.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AudioFeatures f && nanos == f.nanos && level == f.level && Arrays.equals(bands, f.bands)
        && onset == f.onset && Arrays.equals(bandOnsets, f.bandOnsets) && onsets == f.onsets && bpm == f.bpm
        && beat == f.beat && onBeat == f.onBeat;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanos) * 31 + Arrays.hashCode(bands);
  }

  @Override
  public String toString() {
    return String.format("AudioFeatures[%.3f s, level %.3f, bands %s, onset %b, onsets %d, %.2f bpm, beat %.3f%s]",
        nanos / 1e9, level, Arrays.toString(bands), onset, onsets, bpm, beat, onBeat ? " (on beat)" : "");
  }
}
