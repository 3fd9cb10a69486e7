package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.control.midi.MidiBinding.Curve;
import dev.zoomorph.json.Required;
import org.jspecify.annotations.Nullable;

/**
 * Binds one audio feature to one control address, the way a MIDI binding binds a knob.
 *
 * <p>A continuous feature (a band's energy, {@code level}) is a travel {@code x} in 0 … 1, shaped by {@link #curve}
 * into {@link #min} … {@link #max} and sent as {@code target value} whenever it changes. A trigger ({@code onset},
 * {@code BAND/onset}, {@code beat}, {@code bar}) sends {@code target max} when it fires: with the default max of 1
 * that presses a button such as {@code /zoomorph/keyframe/next}. {@link AudioSpec#features} lists the features.
 *
 * <p>JSON: {@code {"feature": "bass", "target": "/zoomorph/zoom", "min": 1, "max": 1.4, "curve": "linear"}}; min (0),
 * max (1) and curve (linear) may be left out.
 *
 * @param target a control address of the show (docs/control.md); checked against the control table when the preset
 *     is played
 */
public record AudioBinding(String feature, String target, double min, double max, Curve curve) {

  /** @throws IllegalArgumentException naming the feature, the field and the problem */
  public AudioBinding {
    if (feature == null || feature.isBlank()) {
      throw new IllegalArgumentException("an audio binding needs a feature");
    }
    if (!ShowAddresses.isWellFormed(target)) {
      throw new IllegalArgumentException(
          "audio binding of " + feature + ": target must be a /zoomorph/... control address, was '" + target + "'");
    }
    if (curve == null) {
      throw new IllegalArgumentException("audio binding of " + feature + ": curve must be linear, exponential or log");
    }
    String range = curve.rangeProblem(min, max);
    if (range != null) {
      throw new IllegalArgumentException("audio binding of " + feature + ": " + range);
    }
  }

  /** A linear binding. */
  public static AudioBinding of(String feature, String target, double min, double max) {
    return new AudioBinding(feature, target, min, max, Curve.LINEAR);
  }

  /** The value sent at travel {@code x} in 0 … 1. */
  public double valueAt(double x) {
    return curve.apply(x, min, max);
  }

  @JsonCreator
  static AudioBinding fromJson(@Required @JsonProperty("feature") String feature,
      @Required @JsonProperty("target") String target,
      @JsonProperty("min") @Nullable Double min,
      @JsonProperty("max") @Nullable Double max,
      @JsonProperty("curve") @Nullable Curve curve) {
    return new AudioBinding(feature, target, min == null ? 0 : min, max == null ? 1 : max,
        curve == null ? Curve.LINEAR : curve);
  }
}
