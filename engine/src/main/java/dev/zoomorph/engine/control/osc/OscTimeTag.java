package dev.zoomorph.engine.control.osc;

import java.time.Instant;

/**
 * An OSC time tag: a 64-bit NTP timestamp, seconds since 1900-01-01 UTC in the high 32 bits and a binary fraction of a
 * second in the low 32 bits. The raw value 1 means "immediately".
 *
 * <p>Seconds whose top bit is clear are read as NTP era 1 (from 2036-02-07), as RFC 4330 suggests, so every instant
 * from 1968 to 2104 round-trips.
 *
 * @param ntpTime the raw 64-bit value as sent on the wire
 */
public record OscTimeTag(long ntpTime) {
  /** The special time tag "execute immediately". */
  public static final OscTimeTag IMMEDIATE = new OscTimeTag(1L);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** 1900-01-01T00:00:00Z, the start of NTP era 0, in Unix seconds. */
  private static final long ERA0_UNIX_SECONDS = -2_208_988_800L;
  private static final long ERA_SECONDS = 1L << 32;

  /** The time tag for {@code instant}, which must lie between 1968-01-20 and 2104-02-26. */
  public static OscTimeTag of(Instant instant) {
    long ntpSeconds = instant.getEpochSecond() - ERA0_UNIX_SECONDS;
    long lowestEra0 = ERA_SECONDS >>> 1;
    if (ntpSeconds < lowestEra0 || ntpSeconds >= ERA_SECONDS + lowestEra0) {
      throw new IllegalArgumentException("instant " + instant + " is outside the OSC time tag range 1968..2104");
    }
    // Round the fraction up so that toInstant() (which rounds down) gives back the same nanosecond.
    long fraction = ((long) instant.getNano() * ERA_SECONDS + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    return new OscTimeTag(((ntpSeconds & 0xFFFF_FFFFL) << 32) | fraction);
  }

  /** Whether this is {@link #IMMEDIATE}. */
  public boolean isImmediate() {
    return ntpTime == IMMEDIATE.ntpTime;
  }

  /** Whole seconds since the start of the NTP era (unsigned 32 bits). */
  public long seconds() {
    return ntpTime >>> 32;
  }

  /** The fraction of a second in units of 2<sup>-32</sup> s (unsigned 32 bits). */
  public long fraction() {
    return ntpTime & 0xFFFF_FFFFL;
  }

  /** This time tag as an instant, to the nanosecond below. */
  public Instant toInstant() {
    long seconds = seconds();
    if (seconds < (ERA_SECONDS >>> 1)) {
      seconds += ERA_SECONDS;
    }
    long nanos = (fraction() * NANOS_PER_SECOND) >>> 32;
    return Instant.ofEpochSecond(ERA0_UNIX_SECONDS + seconds, nanos);
  }

  @Override
  public String toString() {
    return isImmediate() ? "OscTimeTag[immediate]" : "OscTimeTag[" + toInstant() + "]";
  }
}
