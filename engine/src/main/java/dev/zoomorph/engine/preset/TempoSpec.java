package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.engine.control.tempo.TempoClock;
import org.jspecify.annotations.Nullable;

/**
 * A preset's musical time.
 *
 * <p>JSON: {@code {"bpm": 120, "beatsPerBar": 4, "beatsPerKeyframe": 4, "quantize": "bar", "source": "audio"}}, every
 * field optional.
 *
 * @param bpm the starting tempo, {@link TempoClock#MIN_BPM}..{@link TempoClock#MAX_BPM}; MIDI clock,
 *     {@code /zoomorph/bpm} and tap tempo change it live
 * @param beatsPerBar the meter, 1..64
 * @param beatsPerKeyframe 0: a morph runs on its own {@code secondsPerSegment}; N &gt; 0: a morph reaches the next
 *     keyframe every N beats, following the tempo (and only a morph: other trajectories ignore it)
 * @param quantize when a {@code /zoomorph/keyframe} request takes effect
 * @param source what else sets the tempo besides {@code /zoomorph/bpm}, tap tempo and MIDI clock
 */
public record TempoSpec(double bpm, int beatsPerBar, int beatsPerKeyframe, Quantize quantize, Source source) {

  /** 120 bpm in 4/4, free-running morphs, keyframe requests at once, no beat tracking. */
  public static final TempoSpec DEFAULT = new TempoSpec(120, 4, 0, Quantize.NONE, Source.INTERNAL);

  /** Where the tempo comes from. */
  public enum Source {
    /** The preset's bpm, changed by {@code /zoomorph/bpm}, tap tempo and MIDI clock. */
    @JsonProperty("internal") INTERNAL,
    /**
     * As {@link #INTERNAL}, and the audio input's beat tracking: its tempo and beat phase, sent as
     * {@code /zoomorph/bpm} and {@code /zoomorph/phase}, so beat-locked morphs follow the music.
     */
    @JsonProperty("audio") AUDIO
  }

  /** When a keyframe request lands. */
  public enum Quantize {
    /** At once. */
    @JsonProperty("none") NONE,
    /** On the next beat. */
    @JsonProperty("beat") BEAT,
    /** On the next bar's first beat. */
    @JsonProperty("bar") BAR
  }

  public TempoSpec {
    if (!(bpm >= TempoClock.MIN_BPM && bpm <= TempoClock.MAX_BPM)) {
      throw new IllegalArgumentException(
          "bpm must be in " + TempoClock.MIN_BPM + ".." + TempoClock.MAX_BPM + ", was " + bpm);
    }
    if (beatsPerBar < 1 || beatsPerBar > 64) {
      throw new IllegalArgumentException("beatsPerBar must be in 1..64, was " + beatsPerBar);
    }
    if (beatsPerKeyframe < 0 || beatsPerKeyframe > 1024) {
      throw new IllegalArgumentException("beatsPerKeyframe must be in 0..1024, was " + beatsPerKeyframe);
    }
    if (quantize == null) {
      throw new IllegalArgumentException("quantize must be \"none\", \"beat\" or \"bar\"");
    }
    if (source == null) {
      throw new IllegalArgumentException("source must be \"internal\" or \"audio\"");
    }
  }

  /** Tempo from the preset (and live inputs) only. */
  public TempoSpec(double bpm, int beatsPerBar, int beatsPerKeyframe, Quantize quantize) {
    this(bpm, beatsPerBar, beatsPerKeyframe, quantize, Source.INTERNAL);
  }

  /** The JSON form, where every field is optional. */
  @JsonCreator
  static TempoSpec fromJson(
      @JsonProperty("bpm") @Nullable Double bpm,
      @JsonProperty("beatsPerBar") @Nullable Integer beatsPerBar,
      @JsonProperty("beatsPerKeyframe") @Nullable Integer beatsPerKeyframe,
      @JsonProperty("quantize") @Nullable Quantize quantize,
      @JsonProperty("source") @Nullable Source source) {
    return new TempoSpec(bpm == null ? DEFAULT.bpm : bpm,
        beatsPerBar == null ? DEFAULT.beatsPerBar : beatsPerBar,
        beatsPerKeyframe == null ? DEFAULT.beatsPerKeyframe : beatsPerKeyframe,
        quantize == null ? DEFAULT.quantize : quantize,
        source == null ? DEFAULT.source : source);
  }
}
