package dev.zoomorph.engine.control.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;

class MidiMapperTest {

  @Test
  void relativeEncodersStartMidRangeAndFollowSync() {
    MidiBinding zoom = new MidiBinding(MidiSource.cc(1, 16), MidiBinding.Mode.RELATIVE_BINARY_OFFSET,
        "/zoomorph/zoom", 0.5, 8, MidiBinding.Curve.EXPONENTIAL);
    MidiMapper mapper = new MidiMapper(List.of(zoom));
    assertThat(value(mapper, cc(0, 16, 64))).isCloseTo(2, within(1e-12)); // mid travel of 0.5..8 is 2
    mapper.sync("/zoomorph/zoom", 8);
    assertThat(value(mapper, cc(0, 16, 70))).isCloseTo(8, within(1e-12)); // clamped at the top
    value(mapper, cc(0, 16, 0)); // −64 per tick
    assertThat(value(mapper, cc(0, 16, 0))).isCloseTo(0.5, within(1e-12)); // clamped at the bottom
    mapper.sync("/zoomorph/zoom", 1);
    assertThat(value(mapper, cc(0, 16, 65))).isCloseTo(Math.pow(16, 0.25 + 1 / 127.0) * 0.5, within(1e-12));
  }

  @Test
  void fourteenBitPairsFollowTheMidiSpec() {
    MidiMapper mapper = new MidiMapper(List.of(MidiBinding.of(MidiSource.cc14(1, 7), "/zoomorph/speed", 0, 1)));
    assertThat(value(mapper, cc(0, 7, 127))).isCloseTo(127 * 128 / 16383.0, within(1e-12));
    assertThat(value(mapper, cc(0, 39, 127))).isEqualTo(1);
    assertThat(value(mapper, cc(0, 39, 0))).isCloseTo(127 * 128 / 16383.0, within(1e-12)); // fine step alone
    assertThat(value(mapper, cc(0, 7, 0))).isEqualTo(0); // new MSB resets the LSB
    assertThat(mapper.map(cc(1, 7, 5))).isEmpty(); // other channel
  }

  @Test
  void pitchBendCentreIsExactlyMidRange() {
    MidiMapper mapper = new MidiMapper(List.of(MidiBinding.of(MidiSource.pitchBend(16), "/zoomorph/speed", 1, 3)));
    assertThat(value(mapper, message(ShortMessage.PITCH_BEND, 15, 0, 64))).isEqualTo(2);
    assertThat(value(mapper, message(ShortMessage.PITCH_BEND, 15, 127, 127))).isEqualTo(3);
    assertThat(value(mapper, message(ShortMessage.PITCH_BEND, 15, 0, 0))).isEqualTo(1);
  }

  @Test
  void notesTriggerOnNoteOnOnly() {
    MidiMapper mapper = new MidiMapper(List.of(MidiBinding.keyframe(1, 60, 3),
        MidiBinding.of(MidiSource.note(1, 61), "/zoomorph/crossfade", 0, 1)));
    assertThat(mapper.map(message(ShortMessage.NOTE_ON, 0, 60, 1)))
        .containsExactly(ControlMessage.of("/zoomorph/keyframe", 3.0));
    assertThat(mapper.map(message(ShortMessage.NOTE_ON, 0, 60, 0))).isEmpty(); // note-off by velocity 0
    assertThat(mapper.map(message(ShortMessage.NOTE_OFF, 0, 60, 64))).isEmpty();
    assertThat(value(mapper, message(ShortMessage.NOTE_ON, 0, 61, 127))).isEqualTo(1); // velocity
  }

  @Test
  void bindingAControlAgainReplacesItsBinding() {
    MidiMapper mapper = new MidiMapper(List.of(
        MidiBinding.of(MidiSource.cc(1, 1), "/zoomorph/speed", 0, 1),
        MidiBinding.of(MidiSource.cc(1, 1), "/zoomorph/crossfade", 0, 1)));
    assertThat(mapper.map(cc(0, 1, 127))).extracting(ControlMessage::address)
        .containsExactly("/zoomorph/speed", "/zoomorph/crossfade");
    MidiBinding zoom = MidiBinding.of(MidiSource.cc(1, 1), "/zoomorph/zoom", 1, 2);
    mapper.bind(zoom);
    assertThat(mapper.bindings()).containsExactly(zoom);
    assertThat(mapper.unbind(MidiSource.cc(1, 1))).isTrue();
    assertThat(mapper.map(cc(0, 1, 127))).isEmpty();
  }

  /** A song of a set, as a preset with its bindings. */
  private record Song(String name, List<MidiBinding> midi) {}

  @Test
  void aMapperFollowingThePresetTakesEachNewOnesBindingsDroppingThoseLearned() {
    MidiBinding contrast = MidiBinding.of(MidiSource.cc(1, 40), "/zoomorph/post/contrast", 0, 4);
    MidiBinding zoom = MidiBinding.of(MidiSource.cc(1, 41), "/zoomorph/zoom", 1, 2);
    AtomicReference<Song> playing = new AtomicReference<>(new Song("one", List.of(contrast)));
    MidiMapper mapper = MidiMapper.following(playing::get, Song::midi);
    assertThat(value(mapper, cc(0, 40, 127))).isEqualTo(4);
    MidiBinding learned = MidiBinding.of(MidiSource.cc(1, 42), "/zoomorph/speed", 0, 1);
    mapper.bind(learned);
    assertThat(mapper.bindings()).containsExactly(contrast, learned);

    playing.set(new Song("two", List.of(zoom)));
    assertThat(mapper.map(cc(0, 40, 127))).isEmpty();
    assertThat(mapper.map(cc(0, 42, 127))).as("learned in song one").isEmpty();
    assertThat(value(mapper, cc(0, 41, 127))).isEqualTo(2);
    mapper.bind(learned);
    assertThat(mapper.bindings()).as("the same song on: learned ones stay").containsExactly(zoom, learned);

    playing.set(new Song("two", List.of(zoom)));
    assertThat(mapper.bindings()).as("song two loaded again, as its file has it").containsExactly(zoom);
  }

  @Test
  void aSwitchStartsRelativeEncodersMidRangeAgain() {
    MidiBinding speed = new MidiBinding(MidiSource.cc(1, 16), MidiBinding.Mode.RELATIVE_BINARY_OFFSET,
        "/zoomorph/speed", 0, 1, MidiBinding.Curve.LINEAR);
    AtomicReference<Song> playing = new AtomicReference<>(new Song("one", List.of(speed)));
    MidiMapper mapper = MidiMapper.following(playing::get, Song::midi);
    mapper.sync("/zoomorph/speed", 1);
    assertThat(value(mapper, cc(0, 16, 63))).isCloseTo(126 / 127.0, within(1e-12));
    playing.set(new Song("two", List.of(speed)));
    assertThat(value(mapper, cc(0, 16, 63))).as("the value the old song left is gone")
        .isCloseTo(0.5 - 1 / 127.0, within(1e-12));
  }

  private static double value(MidiMapper mapper, ShortMessage message) {
    List<ControlMessage> out = mapper.map(message);
    assertThat(out).hasSize(1);
    return out.get(0).number(0);
  }

  static ShortMessage cc(int channel, int controller, int value) {
    return message(ShortMessage.CONTROL_CHANGE, channel, controller, value);
  }

  static ShortMessage message(int command, int channel, int data1, int data2) {
    try {
      return new ShortMessage(command, channel, data1, data2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
