package dev.zoomorph.engine.control.midi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.json.Required;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;

/**
 * One physical control on a MIDI channel.
 *
 * <p>JSON: {@code {"type": "cc", "channel": 1, "number": 21}}; {@code number} is left out for pitch bend.
 *
 * @param channel MIDI channel as musicians count them, 1..16
 * @param number the controller (0..127) for {@link Type#CC}; the MSB controller n (0..31, its LSB is n + 32) for
 *     {@link Type#CC14}; the note (0..127) for {@link Type#NOTE}; 0 for {@link Type#PITCH_BEND}
 */
public record MidiSource(Type type, int channel, int number) {

  /** What kind of control. */
  public enum Type {
    /** A 7-bit control change. */
    @JsonProperty("cc") CC,
    /** A 14-bit control change: MSB on controller n, LSB on controller n + 32. */
    @JsonProperty("cc14") CC14,
    /** A note: note-on triggers the binding, note-off is ignored. */
    @JsonProperty("note") NOTE,
    /** The 14-bit pitch-bend wheel, centre 8192. */
    @JsonProperty("pitch-bend") PITCH_BEND
  }

  /** @throws IllegalArgumentException naming the field and value out of range */
  public MidiSource {
    if (type == null) {
      throw new IllegalArgumentException("MIDI source type is required (cc, cc14, note or pitch-bend)");
    }
    if (channel < 1 || channel > 16) {
      throw new IllegalArgumentException("MIDI channel must be 1..16, was " + channel);
    }
    int maxNumber = switch (type) {
      case CC, NOTE -> 127;
      case CC14 -> 31;
      case PITCH_BEND -> 0;
    };
    if (number < 0 || number > maxNumber) {
      throw new IllegalArgumentException(switch (type) {
        case CC -> "controller number must be 0..127, was " + number;
        case CC14 -> "14-bit controller must be the MSB controller 0..31 (its LSB is number + 32), was " + number;
        case NOTE -> "note number must be 0..127, was " + number;
        case PITCH_BEND -> "pitch bend has no number, was " + number;
      });
    }
  }

  /** A 7-bit control change. */
  public static MidiSource cc(int channel, int controller) {
    return new MidiSource(Type.CC, channel, controller);
  }

  /** A 14-bit control change pair: MSB on {@code msbController}, LSB on {@code msbController + 32}. */
  public static MidiSource cc14(int channel, int msbController) {
    return new MidiSource(Type.CC14, channel, msbController);
  }

  /** A note (note-on triggers). */
  public static MidiSource note(int channel, int note) {
    return new MidiSource(Type.NOTE, channel, note);
  }

  /** The pitch-bend wheel. */
  public static MidiSource pitchBend(int channel) {
    return new MidiSource(Type.PITCH_BEND, channel, 0);
  }

  @JsonCreator
  static MidiSource fromJson(
      @Required @JsonProperty("type") Type type,
      @Required @JsonProperty("channel") int channel,
      @JsonProperty("number") @Nullable Integer number) {
    if (number == null && type != Type.PITCH_BEND) {
      throw new IllegalArgumentException("number is required for a " + type.name().toLowerCase() + " source");
    }
    return new MidiSource(type, channel, number == null ? 0 : number);
  }

  /** Whether a CC message on {@code controller} belongs to this source (for 14-bit pairs: MSB or LSB). */
  boolean takesController(int midiChannel, int controller) {
    if (midiChannel != channel) {
      return false;
    }
    return switch (type) {
      case CC -> controller == number;
      case CC14 -> controller == number || controller == number + 32;
      default -> false;
    };
  }

  /** The source of a channel message, as MIDI-learn sees it; null when it is not a control. */
  static @Nullable MidiSource of(ShortMessage message) {
    int channel = message.getChannel() + 1;
    return switch (message.getCommand()) {
      case ShortMessage.CONTROL_CHANGE -> cc(channel, message.getData1());
      case ShortMessage.NOTE_ON -> message.getData2() > 0 ? note(channel, message.getData1()) : null;
      case ShortMessage.PITCH_BEND -> pitchBend(channel);
      default -> null;
    };
  }

  @Override
  public String toString() {
    return switch (type) {
      case CC -> "CC " + number + " ch " + channel;
      case CC14 -> "CC " + number + "/" + (number + 32) + " (14-bit) ch " + channel;
      case NOTE -> "note " + number + " ch " + channel;
      case PITCH_BEND -> "pitch bend ch " + channel;
    };
  }
}
