package dev.zoomorph.engine.control.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;

/** MIDI clock on made-up timestamps: jitter, tempo changes, pauses and transport. */
class MidiClockTest {
  private final MidiClock clock = new MidiClock();
  private final List<ClockEvent> events = new ArrayList<>();

  @Test
  void jitteryTicksGiveASteadyTempo() {
    Random random = new Random(42);
    long nanosPerTick = Math.round(60e9 / 128 / 24);
    long t = 0;
    for (int tick = 0; tick < 24 * 8; tick++) {
      // ±2 ms of jitter per tick, as from a busy USB host.
      send(ShortMessage.TIMING_CLOCK, t + random.nextInt(4_000_001) - 2_000_000);
      t += nanosPerTick;
    }
    ClockEvent last = events.get(events.size() - 1);
    assertThat(last.kind()).isEqualTo(ClockEvent.Kind.TEMPO);
    assertThat(last.bpm()).isCloseTo(128, within(128 * 0.01));
    // Once the window is full, the published tempo stays put.
    assertThat(events.subList(events.size() / 2, events.size())).allSatisfy(e ->
        assertThat(e.bpm()).isCloseTo(128, within(128 * 0.01)));
  }

  @Test
  void stallsAndBurstsDoNotMoveTheTempo() {
    long nanosPerTick = Math.round(60e9 / 132 / 24);
    for (int tick = 0; tick < 24 * 4; tick++) {
      // A starved host: of every 16 ticks, 11 are held up and arrive in a burst with the 12th, as seen from the
      // JDK's Sequencer on a machine with a load of 30 on 2 cores.
      int inBlock = tick % 16;
      long arrival = inBlock >= 1 && inBlock <= 11 ? (tick - inBlock + 12) * nanosPerTick : tick * nanosPerTick;
      send(ShortMessage.TIMING_CLOCK, arrival);
    }
    assertThat(events).last().satisfies(e -> assertThat(e.bpm()).isCloseTo(132, within(132 * 0.002)));
  }

  @Test
  void followsATempoChangeAndStartsOverAfterAPause() {
    long t = ticks(0, 24 * 4, 90);
    assertThat(events.get(events.size() - 1).bpm()).isCloseTo(90, within(0.01));
    t = ticks(t, 24 * 4, 140);
    assertThat(events.get(events.size() - 1).bpm()).isCloseTo(140, within(0.01));
    events.clear();
    ticks(t + 2_000_000_000L, MidiClock.MIN_INTERVALS + 6, 60);
    // Measured afresh after the pause: no blend of the old tempo and the gap.
    assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.bpm()).isCloseTo(60, within(0.01)));
  }

  @Test
  void transportIsAnnouncedOnTheTickAfterIt() {
    long t = ticks(0, 48, 120);
    events.clear();
    send(ShortMessage.STOP, t);
    assertThat(events).hasSize(1);
    assertEvent(events.get(0), ClockEvent.Kind.STOP, false);
    send(ShortMessage.START, t + 1000);
    assertThat(events).hasSize(1);
    send(ShortMessage.TIMING_CLOCK, t + 2000);
    assertEvent(events.get(events.size() - 1), ClockEvent.Kind.START, true);
    send(ShortMessage.STOP, t + 3000);
    send(ShortMessage.CONTINUE, t + 4000);
    send(ShortMessage.TIMING_CLOCK, t + 5000);
    assertEvent(events.get(events.size() - 1), ClockEvent.Kind.CONTINUE, true);
  }

  private static void assertEvent(ClockEvent event, ClockEvent.Kind kind, boolean running) {
    assertThat(event.kind()).isEqualTo(kind);
    assertThat(event.running()).isEqualTo(running);
    assertThat(event.bpm()).isCloseTo(120, within(1e-3));
  }

  @Test
  void eventsBecomeTheShowsTempoAndTransportControls() {
    assertThat(new ClockEvent(ClockEvent.Kind.TEMPO, 90, true).control())
        .isEqualTo(ControlMessage.of("/zoomorph/bpm", 90.0));
    assertThat(new ClockEvent(ClockEvent.Kind.TEMPO, 0, true).control()).as("no tempo measured yet").isNull();
    assertThat(new ClockEvent(ClockEvent.Kind.START, 90, true).control())
        .isEqualTo(ControlMessage.of("/zoomorph/restart"));
    assertThat(new ClockEvent(ClockEvent.Kind.CONTINUE, 90, true).control())
        .isEqualTo(ControlMessage.of("/zoomorph/playing", true));
    assertThat(new ClockEvent(ClockEvent.Kind.STOP, 90, false).control())
        .isEqualTo(ControlMessage.of("/zoomorph/playing", false));
  }

  private long ticks(long from, int count, double bpm) {
    double nanosPerTick = 60e9 / bpm / 24;
    for (int i = 0; i < count; i++) {
      send(ShortMessage.TIMING_CLOCK, from + Math.round(i * nanosPerTick));
    }
    return from + Math.round(count * nanosPerTick);
  }

  private void send(int status, long nanos) {
    try {
      clock.accept(new ShortMessage(status), nanos).ifPresent(events::add);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
