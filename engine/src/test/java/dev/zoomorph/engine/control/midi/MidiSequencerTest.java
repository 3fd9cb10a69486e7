package dev.zoomorph.engine.control.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The JDK's real-time Sequencer plays MIDI into a {@link MidiInput} opened on it, in real time. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MidiSequencerTest {
  @TempDir Path dir;

  private Sequencer sequencer;
  private Scheduler scheduler;
  private MidiInput input;

  @BeforeEach
  void openSequencerAsInput() throws Exception {
    sequencer = MidiSystem.getSequencer(false);
    scheduler = Schedulers.newSingle("midi-test-poll");
    DeviceProvider justTheSequencer = new DeviceProvider() {
      @Override
      public List<MidiDevice.Info> infos() {
        return List.of(sequencer.getDeviceInfo());
      }

      @Override
      public MidiDevice device(MidiDevice.Info info) {
        return sequencer;
      }
    };
    input = new MidiInput("real time seq", justTheSequencer, scheduler, false, System::nanoTime);
  }

  @AfterEach
  void close() {
    input.close();
    scheduler.dispose();
    assertThat(sequencer.isOpen()).isFalse();
  }

  @Test
  void controlsFromAMidiFileMoveTheirParameters() throws Exception {
    MidiMapper mapper = new MidiMapper(List.of(
        MidiBinding.of(MidiSource.cc(1, 20), "/zoomorph/latent/3", -2, 2),
        new MidiBinding(MidiSource.cc(1, 21), MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT, "/zoomorph/speed", 0, 4,
            MidiBinding.Curve.LINEAR),
        MidiBinding.of(MidiSource.cc14(1, 1), "/zoomorph/crossfade", 0, 1),
        new MidiBinding(MidiSource.cc(2, 22), MidiBinding.Mode.ABSOLUTE, "/zoomorph/zoom", 0.5, 8,
            MidiBinding.Curve.EXPONENTIAL),
        MidiBinding.of(MidiSource.pitchBend(1), "/zoomorph/post/hue", -1, 1),
        MidiBinding.keyframe(10, 36, 2)));
    Sequence sequence = new Sequence(Sequence.PPQ, 96);
    Track track = sequence.createTrack();
    int[][] events = {
        {ShortMessage.CONTROL_CHANGE, 0, 20, 0}, {ShortMessage.CONTROL_CHANGE, 0, 20, 127},
        {ShortMessage.CONTROL_CHANGE, 0, 20, 64},
        {ShortMessage.CONTROL_CHANGE, 0, 21, 1}, {ShortMessage.CONTROL_CHANGE, 0, 21, 127},
        {ShortMessage.CONTROL_CHANGE, 0, 21, 125},
        {ShortMessage.CONTROL_CHANGE, 0, 1, 64}, {ShortMessage.CONTROL_CHANGE, 0, 33, 10},
        {ShortMessage.CONTROL_CHANGE, 1, 22, 0}, {ShortMessage.CONTROL_CHANGE, 1, 22, 127},
        {ShortMessage.CONTROL_CHANGE, 1, 22, 64},
        {ShortMessage.CONTROL_CHANGE, 2, 20, 127}, // another channel: unbound
        {ShortMessage.PITCH_BEND, 0, 0, 64}, {ShortMessage.PITCH_BEND, 0, 0, 0},
        {ShortMessage.PITCH_BEND, 0, 127, 127},
        {ShortMessage.NOTE_OFF, 9, 36, 0},
        {ShortMessage.NOTE_ON, 9, 36, 100},
    };
    for (int i = 0; i < events.length; i++) {
      int[] e = events[i];
      track.add(new MidiEvent(new ShortMessage(e[0], e[1], e[2], e[3]), 4L * i));
    }
    Sequence fromFile = writeAndRead(sequence);

    CompletableFuture<List<ControlMessage>> received = input.controls(new MidiLearn(mapper))
        .takeUntil(m -> m.address().equals("/zoomorph/keyframe"))
        .collectList().toFuture();
    play(fromFile);
    List<ControlMessage> messages = received.get(10, TimeUnit.SECONDS);

    assertThat(messages).extracting(ControlMessage::address).containsExactly(
        "/zoomorph/latent/3", "/zoomorph/latent/3", "/zoomorph/latent/3",
        "/zoomorph/speed", "/zoomorph/speed", "/zoomorph/speed",
        "/zoomorph/crossfade", "/zoomorph/crossfade",
        "/zoomorph/zoom", "/zoomorph/zoom", "/zoomorph/zoom",
        "/zoomorph/post/hue", "/zoomorph/post/hue", "/zoomorph/post/hue",
        "/zoomorph/keyframe");
    double[] expected = {
        -2, 2, -2 + 4 * 64 / 127.0,
        4 * (0.5 + 1 / 127.0), 2, 4 * (0.5 - 3 / 127.0),
        64 * 128 / 16383.0, (64 * 128 + 10) / 16383.0,
        0.5, 8, 0.5 * Math.pow(16, 64 / 127.0),
        0, -1, 1,
        2};
    for (int i = 0; i < expected.length; i++) {
      assertThat(messages.get(i).number(0)).as("message %d: %s", i, messages.get(i)).isCloseTo(expected[i],
          within(1e-9));
    }
  }

  @Test
  void learnBindsTheNextControlMoved() throws Exception {
    MidiMapper mapper = new MidiMapper(List.of());
    MidiLearn learn = new MidiLearn(mapper);
    CompletableFuture<MidiBinding> learned =
        learn.arm("/zoomorph/latent/5", -1, 1, MidiBinding.Curve.LINEAR, MidiBinding.Mode.ABSOLUTE).toFuture();
    Sequence sequence = new Sequence(Sequence.PPQ, 96);
    Track track = sequence.createTrack();
    track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 40, 127), 0));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 40, 0), 4));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 41, 0), 8)); // not learned
    track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 40, 127), 12));

    CompletableFuture<List<ControlMessage>> received = input.controls(learn).take(3).collectList().toFuture();
    play(writeAndRead(sequence));

    MidiBinding binding = learned.get(10, TimeUnit.SECONDS);
    assertThat(binding).isEqualTo(MidiBinding.of(MidiSource.cc(3, 40), "/zoomorph/latent/5", -1, 1));
    assertThat(mapper.bindings()).containsExactly(binding);
    assertThat(learn.armed()).isFalse();
    assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly(
        ControlMessage.of("/zoomorph/latent/5", 1.0),
        ControlMessage.of("/zoomorph/latent/5", -1.0),
        ControlMessage.of("/zoomorph/latent/5", 1.0));
  }

  @Test
  void midiClockGivesTheTempoAndTransport() throws Exception {
    double bpm = 132;
    // A standard MIDI file cannot hold clock or transport messages (the JDK's writer drops them, as the format
    // says), so this sequence is played from memory.
    Sequence sequence = new Sequence(Sequence.PPQ, MidiClock.TICKS_PER_BEAT);
    Track track = sequence.createTrack();
    int microsPerBeat = (int) Math.round(60e6 / bpm);
    track.add(new MidiEvent(new MetaMessage(0x51,
        new byte[] {(byte) (microsPerBeat >> 16), (byte) (microsPerBeat >> 8), (byte) microsPerBeat}, 3), 0));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.START), 0));
    for (int tick = 0; tick < 60; tick++) {
      track.add(new MidiEvent(new ShortMessage(ShortMessage.TIMING_CLOCK), tick));
    }
    track.add(new MidiEvent(new ShortMessage(ShortMessage.STOP), 60));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTINUE), 61));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.TIMING_CLOCK), 61));

    CompletableFuture<List<ClockEvent>> received = input.clock()
        .takeUntil(e -> e.kind() == ClockEvent.Kind.CONTINUE).collectList().toFuture();
    play(sequence);
    List<ClockEvent> events = received.get(10, TimeUnit.SECONDS);

    assertThat(events.get(0)).isEqualTo(new ClockEvent(ClockEvent.Kind.START, 0, true));
    List<ClockEvent> tempos = events.subList(1, events.size() - 2);
    assertThat(tempos).isNotEmpty().allSatisfy(e -> {
      assertThat(e.kind()).isEqualTo(ClockEvent.Kind.TEMPO);
      assertThat(e.running()).isTrue();
    });
    double measured = tempos.get(tempos.size() - 1).bpm();
    assertThat(measured).isCloseTo(bpm, within(bpm * 0.01));
    assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
        new ClockEvent(ClockEvent.Kind.STOP, measured, false),
        new ClockEvent(ClockEvent.Kind.CONTINUE, measured, true));
  }

  private Sequence writeAndRead(Sequence sequence) throws Exception {
    File file = dir.resolve("test.mid").toFile();
    MidiSystem.write(sequence, 1, file);
    return MidiSystem.getSequence(file);
  }

  /** Plays to the end of the track. */
  private void play(Sequence sequence) throws InvalidMidiDataException, InterruptedException {
    CompletableFuture<MidiMessage> ended = new CompletableFuture<>();
    sequencer.addMetaEventListener(meta -> {
      if (meta.getType() == 0x2F) {
        ended.complete(meta);
      }
    });
    sequencer.setSequence(sequence);
    sequencer.start();
    try {
      ended.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the sequence did not play to its end", e);
    }
  }
}
