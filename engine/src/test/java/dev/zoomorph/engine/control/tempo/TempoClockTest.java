package dev.zoomorph.engine.control.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Beats, tempo changes, taps and quantization on virtual time. */
class TempoClockTest {
  private static final long MS = 1_000_000L;

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final TempoClock clock = new TempoClock(time, 120, 4);

  @AfterEach
  void close() {
    clock.close();
    time.dispose();
  }

  @Test
  void beatsFallAtTheTempoAndCountBars() {
    StepVerifier.withVirtualTime(() -> clock.beats().take(6), () -> time, Long.MAX_VALUE)
        .then(clock::start)
        .expectNext(new Beat(0, 4, 0))
        .expectNoEvent(Duration.ofMillis(499))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new Beat(1, 4, 500 * MS))
        .thenAwait(Duration.ofMillis(1500))
        .expectNext(new Beat(2, 4, 1000 * MS), new Beat(3, 4, 1500 * MS))
        .assertNext(beat -> {
          assertThat(beat).isEqualTo(new Beat(4, 4, 2000 * MS));
          assertThat(beat.bar()).isEqualTo(1);
          assertThat(beat.downbeat()).isTrue();
        })
        .thenAwait(Duration.ofMillis(500))
        .assertNext(beat -> assertThat(beat.beatInBar()).isEqualTo(1))
        .verifyComplete();
  }

  @Test
  void changingTheTempoKeepsThePhase() {
    StepVerifier.withVirtualTime(() -> clock.beats().skip(3).take(3), () -> time, Long.MAX_VALUE)
        .then(clock::start)
        .thenAwait(Duration.ofMillis(1250))
        .then(() -> {
          assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
          clock.setBpm(60);
          assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
          assertThat(clock.bpm()).isEqualTo(60);
        })
        .expectNoEvent(Duration.ofMillis(499))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new Beat(3, 4, 1750 * MS))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(new Beat(4, 4, 2750 * MS))
        .then(() -> clock.setBpm(240))
        .thenAwait(Duration.ofMillis(250))
        .expectNext(new Beat(5, 4, 3000 * MS))
        .verifyComplete();
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
  void aKeyframeEveryTwoBeats() {
    StepVerifier.withVirtualTime(
            () -> clock.beats().filter(beat -> beat.index() % 2 == 0).map(Beat::nanos).take(3),
            () -> time, Long.MAX_VALUE)
        .then(clock::start)
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(2))
        .expectNext(1000 * MS, 2000 * MS)
        .verifyComplete();
  }

  @Test
  void tapsSetTheTempoAndPutTheBeatOnTheTap() {
    StepVerifier.withVirtualTime(() -> clock.beats().map(Beat::nanos).take(4), () -> time, Long.MAX_VALUE)
        .then(clock::start)
        .then(clock::tap) // one tap alone changes nothing
        .expectNext(0L)
        .thenAwait(Duration.ofMillis(400))
        .then(clock::tap)
        .expectNext(400 * MS) // 150 bpm, and beat 1 moved onto the tap
        .then(() -> assertThat(clock.bpm()).isCloseTo(150, within(1e-9)))
        .thenAwait(Duration.ofMillis(300))
        .then(clock::tap) // intervals 0.4 s and 0.3 s: mean 0.35 s
        .then(() -> assertThat(clock.bpm()).isCloseTo(60 / 0.35, within(1e-9)))
        .expectNext(700 * MS) // position 1.75 rounds to beat 2, which lands now
        .thenAwait(Duration.ofMillis(350))
        .expectNext(1050 * MS)
        .verifyComplete();
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
    StepVerifier.withVirtualTime(() -> clock.beats().skip(3).take(2), () -> time, Long.MAX_VALUE)
        .then(clock::start)
        .thenAwait(Duration.ofMillis(1250))
        .then(clock::stop)
        .expectNoEvent(Duration.ofSeconds(10))
        .then(() -> {
          assertThat(clock.running()).isFalse();
          assertThat(clock.position()).isCloseTo(2.5, within(1e-9));
          clock.resume();
        })
        .thenAwait(Duration.ofMillis(250))
        .expectNext(new Beat(3, 4, 11_500 * MS))
        .then(clock::start) // MIDI Start: from the top
        .expectNext(new Beat(0, 4, 11_500 * MS))
        .verifyComplete();
  }

  @Test
  void refusesTemposOutOfRange() {
    assertThatThrownBy(() -> clock.setBpm(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bpm must be 20.0..400.0, was 0.0");
    assertThatThrownBy(() -> clock.setBpm(Double.NaN)).hasMessageContaining("was NaN");
    assertThat(clock.bpm()).isEqualTo(120);
    assertThatThrownBy(() -> new TempoClock(time, 120, 0)).hasMessage("beats per bar must be 1..64, was 0");
  }
}
