package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OscTimeTagTest {
  /** 1970-01-01 in NTP seconds (RFC 868's 2208988800, liblo's JAN_1970). */
  private static final long UNIX_EPOCH_NTP_SECONDS = 0x83AA_7E80L;

  @Test
  void followsTheNtpEpochOf1900() {
    assertThat(OscTimeTag.of(Instant.EPOCH)).isEqualTo(new OscTimeTag(UNIX_EPOCH_NTP_SECONDS << 32));
    assertThat(new OscTimeTag(UNIX_EPOCH_NTP_SECONDS << 32 | 0x8000_0000L).toInstant())
        .isEqualTo(Instant.parse("1970-01-01T00:00:00.5Z"));
  }

  @Test
  void readsSecondsWithTheTopBitClearAsEraOneFrom2036() {
    assertThat(new OscTimeTag(0).toInstant()).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
    assertThat(OscTimeTag.of(Instant.parse("2036-02-07T06:28:17Z")).seconds()).isEqualTo(1);
    assertThat(OscTimeTag.of(Instant.parse("2100-01-01T00:00:00Z")).toInstant())
        .isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
  }

  @Test
  void roundTripsInstantsToTheNanosecond() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(-60_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
      assertThat(OscTimeTag.of(instant).toInstant()).isEqualTo(instant);
    }
  }

  @Test
  void refusesInstantsOutsideTheTwoEras() {
    assertThatThrownBy(() -> OscTimeTag.of(Instant.parse("1900-01-01T00:00:00Z")))
        .hasMessageContaining("outside the OSC time tag range");
    assertThatThrownBy(() -> OscTimeTag.of(Instant.parse("2200-01-01T00:00:00Z")))
        .hasMessageContaining("outside the OSC time tag range");
  }

  @Test
  void immediateIsTheRawValueOne() {
    assertThat(OscTimeTag.IMMEDIATE.ntpTime()).isEqualTo(1);
    assertThat(OscTimeTag.IMMEDIATE.isImmediate()).isTrue();
    assertThat(OscTimeTag.of(Instant.EPOCH).isImmediate()).isFalse();
  }
}
