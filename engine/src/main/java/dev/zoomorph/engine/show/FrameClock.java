package dev.zoomorph.engine.show;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Where frames get their time. The same show composition ({@link LiveShow#scenes}) runs on either clock: live on a
 * scheduler's time for {@code serve}, frame-exact for {@code record} and tests, where frame k starts at exactly
 * {@code round(k · 10⁹ / fps)} ns whatever the machine's speed, so a recording repeats bit for bit.
 */
public final class FrameClock {
  private FrameClock() {}

  /**
   * One tick per frame interval on {@code scheduler}, the first one interval after subscribing, each with the
   * scheduler's time at the tick. A slow subscriber gets the newest tick, not a queue.
   *
   * @throws IllegalArgumentException unless {@code fps} is positive and finite
   */
  public static Flux<FrameTick> live(double fps, Scheduler scheduler) {
    return Flux.interval(period(fps), scheduler)
        .map(index -> new FrameTick(index, scheduler.now(TimeUnit.NANOSECONDS)))
        .onBackpressureLatest();
  }

  /** Frames 0, 1, 2, … at frame-exact times from 0, as fast as they are asked for; endless. */
  public static Flux<FrameTick> exact(double fps) {
    period(fps);
    return Flux.<FrameTick, Long>generate(() -> 0L, (index, sink) -> {
      sink.next(new FrameTick(index, nanosOf(index, fps)));
      return index + 1;
    });
  }

  /** When frame {@code index} starts on a frame-exact clock. */
  public static long nanosOf(long index, double fps) {
    return Math.round(index * 1e9 / fps);
  }

  private static Duration period(double fps) {
    if (!(fps > 0 && Double.isFinite(fps))) {
      throw new IllegalArgumentException("frame rate must be positive and finite, was " + fps);
    }
    Duration period = Duration.ofNanos(Math.round(1e9 / fps));
    if (period.isZero()) {
      throw new IllegalArgumentException(fps + " frames per second is faster than the clock's nanoseconds");
    }
    return period;
  }
}
