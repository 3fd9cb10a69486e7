package dev.zoomorph.web;

import java.time.Duration;

/**
 * Frames per second over the last {@link #WINDOW_NANOS} (or the last two frames, for generators slower than the
 * window): recorded from one thread, read from any. A sliding window, rather than an average since the start, lets
 * the number follow load changes.
 */
public final class FpsMeter {

  /** A frame source whose newest frame is older than this is down: its {@code /health} answers 503. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(5);

  /** How far back the rate looks. */
  public static final long WINDOW_NANOS = 5_000_000_000L;

  private final long[] stamps = new long[1024];
  private int newest = -1;
  private int size;
  private long total;

  /** Records a frame at {@code nanos} ({@link System#nanoTime}). */
  public synchronized void record(long nanos) {
    newest = (newest + 1) % stamps.length;
    stamps[newest] = nanos;
    size = Math.min(size + 1, stamps.length);
    total++;
  }

  /** Frames recorded so far. */
  public synchronized long total() {
    return total;
  }

  /** Time of the newest frame, or {@code Long.MIN_VALUE} before the first. */
  public synchronized long newestNanos() {
    return size == 0 ? Long.MIN_VALUE : stamps[newest];
  }

  /** Frame rate at {@code now}: 0 before two frames or when the newest is older than the window. */
  public synchronized double fps(long now) {
    if (size < 2 || now - stamps[newest] > WINDOW_NANOS) {
      return 0;
    }
    int counted = 2;
    while (counted < size && now - stamps[Math.floorMod(newest - counted, stamps.length)] <= WINDOW_NANOS) {
      counted++;
    }
    long oldest = stamps[Math.floorMod(newest - counted + 1, stamps.length)];
    long span = stamps[newest] - oldest;
    return span <= 0 ? 0 : (counted - 1) * 1e9 / span;
  }
}
