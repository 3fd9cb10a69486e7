package dev.zoomorph.engine.control.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Beats, tempo changes, taps and quantization on virtual time. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TempoClockTest {
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final TempoClock clock = new TempoClock(() -> time.now(TimeUnit.NANOSECONDS), 120, 4);

  private void at(long millis) {
    time.advanceTimeTo(java.time.Instant.ofEpochMilli(millis));
  }

  @Test
  void theBeatAdvancesAtTheTempo() {
    clock.start();
    assertThat(clock.position()).isZero();
    at(499);
    assertThat(clock.position()).isCloseTo(0.998, within(1e-9));
    at(2250);
    assertThat(clock.position()).isCloseTo(4.5, within(1e-9));
    assertThat(clock.beatsPerBar()).isEqualTo(4);
  }

  @Test
  void changingTheTempoKeepsThePhase() {
    clock.start();
    at(1250);
    assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
    clock.setBpm(60);
    assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
    assertThat(clock.bpm()).isEqualTo(60);
    at(1750); // half a beat at 60 bpm
    assertThat(clock.position()).isCloseTo(3.0, within(1e-9));
    clock.setBpm(240);
    at(2000); // one beat at 240 bpm
    assertThat(clock.position()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void nextBeatAndNextBarQuantizeAChange() {
    clock.start();
    time.advanceTimeBy(Duration.ofMillis(600)); // beat 1.2 at 120 bpm
    assertThat(clock.nextBeat()).isEqualTo(2.0);
    assertThat(clock.nextBar()).isEqualTo(4.0);
    time.advanceTimeBy(Duration.ofMillis(400)); // on beat 2
    assertThat(clock.nextBeat()).isEqualTo(2.0);
    time.advanceTimeBy(Duration.ofMillis(1000)); // on beat 4, the start of bar 1
    assertThat(clock.nextBar()).isEqualTo(4.0);
    time.advanceTimeBy(Duration.ofMillis(100));
    assertThat(clock.nextBeat()).isEqualTo(5.0);
    assertThat(clock.nextBar()).isEqualTo(8.0);

    // Stopped, a change lands at once: where the beat stands.
    clock.stop();
    time.advanceTimeBy(Duration.ofMillis(700));
    assertThat(clock.nextBeat()).isEqualTo(clock.position()).isCloseTo(4.2, within(1e-9));
    assertThat(clock.nextBar()).isEqualTo(clock.position());
  }

  @Test
  void tapsSetTheTempoAndPutTheBeatOnTheTap() {
    clock.start();
    clock.tap(); // one tap alone changes nothing
    assertThat(clock.bpm()).isEqualTo(120);
    at(400);
    clock.tap();
    assertThat(clock.bpm()).isCloseTo(150, within(1e-9)); // 150 bpm, and beat 1 moved onto the tap
    assertThat(clock.position()).isCloseTo(1.0, within(1e-9));
    at(700);
    clock.tap(); // intervals 0.4 s and 0.3 s: mean 0.35 s
    assertThat(clock.bpm()).isCloseTo(60 / 0.35, within(1e-9));
    assertThat(clock.position()).isCloseTo(2.0, within(1e-9)); // 1.75 rounds to beat 2, which is now
    at(1050);
    assertThat(clock.position()).isCloseTo(3.0, within(1e-9));
    time.advanceTimeBy(Duration.ofSeconds(3)); // a long pause: the next taps start over
    clock.tap();
    assertThat(clock.bpm()).isCloseTo(60 / 0.35, within(1e-9));
    time.advanceTimeBy(Duration.ofMillis(500));
    clock.tap();
    assertThat(clock.bpm()).isCloseTo(120, within(1e-9));
    time.advanceTimeBy(Duration.ofSeconds(3));
    clock.tap();
    time.advanceTimeBy(Duration.ofMillis(100));
    clock.tap(); // 600 bpm is no tempo: ignored
    assertThat(clock.bpm()).isCloseTo(120, within(1e-9));
  }

  @Test
  void stopHoldsThePhaseAndResumeGoesOn() {
    clock.start();
    at(1250);
    clock.stop();
    at(11_250);
    assertThat(clock.running()).isFalse();
    assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
    clock.resume();
    at(11_500);
    assertThat(clock.position()).isCloseTo(3.0, within(1e-9));
    clock.start(); // MIDI Start: from the top
    assertThat(clock.position()).isZero();
  }

  @Test
  void refusesTemposOutOfRange() {
    assertThatThrownBy(() -> clock.setBpm(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bpm must be 20.0..400.0, was 0.0");
    assertThatThrownBy(() -> clock.setBpm(Double.NaN)).hasMessageContaining("was NaN");
    assertThat(clock.bpm()).isEqualTo(120);
    assertThatThrownBy(() -> new TempoClock(() -> 0, 120, 0)).hasMessage("beats per bar must be 1..64, was 0");
  }

  @Test
  void settingThePhaseShiftsTheBeatsByLessThanHalfABeatAndKeepsTheTempo() {
    at(1100); // beat 2.2
    clock.setPhase(0.1);
    assertThat(clock.position()).isCloseTo(2.1, within(1e-9));
    clock.setPhase(0.9);
    assertThat(clock.position()).isCloseTo(1.9, within(1e-9));
    clock.setPhase(0.3);
    assertThat(clock.position()).isCloseTo(2.3, within(1e-9));
    at(1600);
    assertThat(clock.position()).isCloseTo(3.3, within(1e-9));
    assertThat(clock.bpm()).isEqualTo(120);
    clock.stop();
    clock.setPhase(0.5);
    assertThat(clock.position()).isCloseTo(3.3, within(1e-9));
    assertThatThrownBy(() -> clock.setPhase(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
