package dev.zoomorph.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FpsMeterTest {

  private static final long MS = 1_000_000;

  @Test
  void measuresTheRateOfRecentFrames() {
    FpsMeter meter = new FpsMeter();
    for (int i = 0; i <= 90; i++) {
      meter.record(i * 33 * MS);
    }
    assertThat(meter.fps(90 * 33 * MS)).isCloseTo(1000.0 / 33, within(0.01));
    assertThat(meter.total()).isEqualTo(91);
  }

  @Test
  void followsAChangeOfPaceOnceTheWindowHasPassed() {
    FpsMeter meter = new FpsMeter();
    long t = 0;
    for (int i = 0; i < 300; i++) {
      meter.record(t += 10 * MS);
    }
    for (int i = 0; i < 300; i++) {
      meter.record(t += 50 * MS);
    }
    assertThat(meter.fps(t)).isCloseTo(20, within(0.01));
  }

  @Test
  void slowGeneratorsStillGetARateFromTheirLastTwoFrames() {
    FpsMeter meter = new FpsMeter();
    meter.record(0);
    meter.record(4000 * MS);
    assertThat(meter.fps(4500 * MS)).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void isZeroBeforeTwoFramesAndOnceFramesStop() {
    FpsMeter meter = new FpsMeter();
    assertThat(meter.fps(0)).isZero();
    meter.record(0);
    assertThat(meter.fps(10 * MS)).isZero();
    meter.record(10 * MS);
    assertThat(meter.fps(10 * MS)).isEqualTo(100);
    assertThat(meter.fps(10 * MS + FpsMeter.STALE_AFTER.toNanos() + 1)).isZero();
    assertThat(meter.newestNanos()).isEqualTo(10 * MS);
  }

  @Test
  void aSourceIsFreshForFiveSecondsAfterItsNewestFrame() {
    FpsMeter meter = new FpsMeter();
    assertThat(meter.isFresh(0)).isFalse();
    long t = 0;
    for (int i = 0; i < 100; i++) {
      meter.record(t += 33 * MS);
    }
    assertThat(meter.isFresh(t + 5000 * MS)).isTrue();
    assertThat(meter.isFresh(t + 5001 * MS)).isFalse();
  }

  /** 8 s a frame (8K on a CPU): up between frames, down once three of them have passed with none. */
  @Test
  void aSourceOfSlowFramesIsFreshForThreeOfItsSlowestRecentGaps() {
    FpsMeter meter = new FpsMeter();
    long t = 0;
    for (int i = 0; i < 100; i++) {
      meter.record(t += 33 * MS);
    }
    for (int i = 0; i < 3; i++) {
      meter.record(t += 8000 * MS);
    }
    assertThat(meter.slowestRecentGapNanos()).isEqualTo(8000 * MS);
    assertThat(meter.isFresh(t + 7000 * MS)).isTrue();
    assertThat(meter.fps(t + 7000 * MS)).isCloseTo(0.125, within(1e-9));
    assertThat(meter.isFresh(t + 24_000 * MS)).isTrue();
    assertThat(meter.isFresh(t + 24_001 * MS)).isFalse();
    // Once the slow frames are more than eight gaps back, five seconds again.
    for (int i = 0; i < 8; i++) {
      meter.record(t += 33 * MS);
    }
    assertThat(meter.slowestRecentGapNanos()).isEqualTo(33 * MS);
    assertThat(meter.isFresh(t + 5001 * MS)).isFalse();
  }
}
