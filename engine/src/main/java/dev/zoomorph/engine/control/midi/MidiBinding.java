package dev.zoomorph.engine.control.midi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.json.Required;
import org.jspecify.annotations.Nullable;

/**
 * Binds one MIDI control to one control address of the show; stored in presets.
 *
 * <p>The control's position is read as a fraction {@code x} in 0..1 and shaped by {@link #curve()} into
 * {@link #min()}..{@link #max()}; the binding then sends {@code target value}, e.g. {@code /zoomorph/latent/3 0.8}.
 * How {@code x} is read depends on the source:
 * <ul>
 *   <li>7-bit CC, absolute: value / 127. Relative ({@link Mode}): each tick moves {@code x} by delta / 127, so full
 *       travel takes 127 ticks; a relative binding starts in the middle of its range until {@link
 *       MidiMapper#sync(String, double)} tells it the parameter's current value.</li>
 *   <li>14-bit CC pair: (MSB × 128 + LSB) / 16383. As the MIDI spec says, a new MSB resets the LSB to 0.</li>
 *   <li>Pitch bend: 0 → 0, centre 8192 → exactly 0.5, 16383 → 1.</li>
 *   <li>Note: velocity / 127 on note-on, nothing on note-off. With {@code min == max} a note sends a fixed value:
 *       {@code {"source": {"type": "note", "channel": 10, "number": 36}, "target": "/zoomorph/keyframe", "min": 2,
 *       "max": 2}} morphs to keyframe 2.</li>
 * </ul>
 *
 * <p>JSON: {@code {"source": {...}, "mode": "absolute", "target": "/zoomorph/zoom", "min": 0.5, "max": 64,
 * "curve": "exponential"}}; mode (absolute), min (0), max (1) and curve (linear) may be left out.
 *
 * @param min the value sent at {@code x = 0}; may be greater than {@code max} to invert the control
 * @param max the value sent at {@code x = 1}
 */
public record MidiBinding(MidiSource source, Mode mode, String target, double min, double max, Curve curve) {

  /**
   * How a 7-bit CC reports movement. Relative encoders send a signed step per detent, encoded one of three common
   * ways (value 0 always means no movement):
   */
  public enum Mode {
    /** The CC value is the position. */
    @JsonProperty("absolute") ABSOLUTE,
    /** 1..63 step up, 127..64 step down by 128 − value (127 = −1); Ableton's "Two's Complement". */
    @JsonProperty("relative-twos-complement") RELATIVE_TWOS_COMPLEMENT,
    /** 64 is no step; 65 = +1, 63 = −1, i.e. step = value − 64; Ableton's "Binary Offset". */
    @JsonProperty("relative-binary-offset") RELATIVE_BINARY_OFFSET,
    /** Bit 6 (64) is the sign, the low six bits the size: 1 = +1, 65 = −1; Ableton's "Signed Bit". */
    @JsonProperty("relative-sign-magnitude") RELATIVE_SIGN_MAGNITUDE;

    /** The signed step encoded by a relative CC value. */
    int step(int value) {
      return switch (this) {
        case ABSOLUTE -> throw new IllegalStateException("absolute CCs have no step");
        case RELATIVE_TWOS_COMPLEMENT -> value < 64 ? value : value - 128;
        case RELATIVE_BINARY_OFFSET -> value - 64;
        case RELATIVE_SIGN_MAGNITUDE -> (value & 64) == 0 ? value & 63 : -(value & 63);
      };
    }
  }

  /** How the control's travel {@code x} in 0..1 is shaped into {@code min..max}; audio bindings use the same curves. */
  public enum Curve {
    /** {@code min + (max - min) x}. */
    @JsonProperty("linear") LINEAR,
    /**
     * {@code min (max / min)^x}: equal travel multiplies the value by equal ratios, the natural feel for zoom;
     * needs {@code min} and {@code max} non-zero with the same sign.
     */
    @JsonProperty("exponential") EXPONENTIAL,
    /** {@code min + (max - min) log10(1 + 9x)}: fine control of the top of the range, coarse at the bottom. */
    @JsonProperty("log") LOG;

    /** The value at travel {@code x} in 0..1. */
    public double apply(double x, double min, double max) {
      return switch (this) {
        case LINEAR -> min + (max - min) * x;
        case EXPONENTIAL -> min * Math.pow(max / min, x);
        case LOG -> min + (max - min) * Math.log10(1 + 9 * x);
      };
    }

    /** What is wrong with {@code min … max} as this curve's range, or null when it can be one. */
    public @Nullable String rangeProblem(double min, double max) {
      if (!Double.isFinite(min) || !Double.isFinite(max)) {
        return "min and max must be finite, were " + min + " and " + max;
      }
      if (this == EXPONENTIAL && !(min * max > 0)) {
        return "an exponential curve needs min and max non-zero with the same sign, were " + min + " and " + max;
      }
      return null;
    }

    /** The travel that gives {@code value}, clamped to 0..1. */
    double invert(double value, double min, double max) {
      if (min == max) {
        return 0.5;
      }
      double x = switch (this) {
        case LINEAR -> (value - min) / (max - min);
        case EXPONENTIAL -> value / min > 0 ? Math.log(value / min) / Math.log(max / min) : 0;
        case LOG -> (Math.pow(10, (value - min) / (max - min)) - 1) / 9;
      };
      return Double.isNaN(x) ? 0.5 : Math.max(0, Math.min(1, x));
    }
  }

  /** @throws IllegalArgumentException naming the source, the field and the problem */
  public MidiBinding {
    if (source == null) {
      throw new IllegalArgumentException("MIDI binding needs a source");
    }
    if (mode == null || curve == null) {
      throw new IllegalArgumentException("MIDI binding for " + source + " needs a mode and a curve");
    }
    if (!ShowAddresses.isWellFormed(target)) {
      throw new IllegalArgumentException(
          "MIDI binding for " + source + ": target must be a /zoomorph/... control address, was '" + target + "'");
    }
    if (mode != Mode.ABSOLUTE && source.type() != MidiSource.Type.CC) {
      throw new IllegalArgumentException("MIDI binding for " + source + ": mode " + mode
          + " is for 7-bit CC encoders only; a " + source.type() + " source must be absolute");
    }
    String range = curve.rangeProblem(min, max);
    if (range != null) {
      throw new IllegalArgumentException("MIDI binding for " + source + ": " + range);
    }
  }

  /** An absolute, linear binding. */
  public static MidiBinding of(MidiSource source, String target, double min, double max) {
    return new MidiBinding(source, Mode.ABSOLUTE, target, min, max, Curve.LINEAR);
  }

  /** A note that morphs to keyframe {@code keyframe}: sends {@code /zoomorph/keyframe keyframe} on note-on. */
  public static MidiBinding keyframe(int channel, int note, int keyframe) {
    if (keyframe < 0) {
      throw new IllegalArgumentException("keyframe index must be >= 0, was " + keyframe);
    }
    return of(MidiSource.note(channel, note), ShowAddresses.KEYFRAME, keyframe, keyframe);
  }

  /** The same binding for another source (used by MIDI-learn). */
  MidiBinding withSource(MidiSource newSource) {
    return new MidiBinding(newSource, newSource.type() == MidiSource.Type.CC ? mode : Mode.ABSOLUTE, target, min,
        max, curve);
  }

  /** The value at travel {@code x} in 0..1. */
  double valueAt(double x) {
    return curve.apply(x, min, max);
  }

  @JsonCreator
  static MidiBinding fromJson(
      @Required @JsonProperty("source") MidiSource source,
      @JsonProperty("mode") @Nullable Mode mode,
      @Required @JsonProperty("target") String target,
      @JsonProperty("min") @Nullable Double min,
      @JsonProperty("max") @Nullable Double max,
      @JsonProperty("curve") @Nullable Curve curve) {
    return new MidiBinding(source, mode == null ? Mode.ABSOLUTE : mode, target, min == null ? 0 : min,
        max == null ? 1 : max, curve == null ? Curve.LINEAR : curve);
  }
}
