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
    assertThat(meter.fps(10 * MS + FpsMeter.WINDOW_NANOS + 1)).isZero();
    assertThat(meter.newestNanos()).isEqualTo(10 * MS);
  }
}
