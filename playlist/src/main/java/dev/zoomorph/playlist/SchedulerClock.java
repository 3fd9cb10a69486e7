package dev.zoomorph.playlist;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * A wall clock that runs on a Reactor {@link Scheduler}'s time from {@code origin}: with a virtual-time scheduler,
 * days of a schedule (daylight-saving changes included) pass in a test in milliseconds; the demo uses it to show a
 * day in a minute.
 */
public final class SchedulerClock extends Clock {
  private final Scheduler scheduler;
  private final Instant origin;
  private final long startNanos;
  private final ZoneId zone;

  /** A clock that reads {@code origin} now, in {@code zone}, and advances with {@code scheduler}. */
  public SchedulerClock(Scheduler scheduler, Instant origin, ZoneId zone) {
    this(scheduler, origin, scheduler.now(TimeUnit.NANOSECONDS), zone);
  }

  private SchedulerClock(Scheduler scheduler, Instant origin, long startNanos, ZoneId zone) {
    this.scheduler = scheduler;
    this.origin = origin;
    this.startNanos = startNanos;
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new SchedulerClock(scheduler, origin, startNanos, other);
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(scheduler.now(TimeUnit.NANOSECONDS) - startNanos);
  }
}
