package dev.zoomorph.web;

import java.time.Duration;

/**
 * Frames per second over the last {@link #WINDOW_NANOS} (or the last two frames, for generators slower than the
 * window): recorded from one thread, read from any. A sliding window, rather than an average since the start, lets
 * the number follow load changes.
 */
public final class FpsMeter {

  /**
   * A frame source whose newest frame is older than this, or than {@value #SLOW_FRAME_FACTOR} times its slowest
   * recent gap between frames when that is longer, is down: its {@code /health} answers 503.
   */
  public static final Duration STALE_AFTER = Duration.ofSeconds(5);

  /**
   * How many of its slowest recent gaps a source may go without a frame and still be up: a show of slow frames (8K
   * on a CPU) is not a stopped one.
   */
  public static final double SLOW_FRAME_FACTOR = 3;

  /** The gaps between frames that "recent" looks at. */
  static final int RECENT_GAPS = 8;

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

  /** The longest of the last {@value #RECENT_GAPS} gaps between frames; 0 before two frames. */
  public synchronized long slowestRecentGapNanos() {
    long slowest = 0;
    for (int gap = 1; gap <= RECENT_GAPS && gap < size; gap++) {
      slowest = Math.max(slowest, stamps[Math.floorMod(newest - gap + 1, stamps.length)]
          - stamps[Math.floorMod(newest - gap, stamps.length)]);
    }
    return slowest;
  }

  /**
   * Whether frames come at {@code now}: the newest is younger than {@link #STALE_AFTER} or {@value
   * #SLOW_FRAME_FACTOR} times the slowest recent gap, whichever is longer.
   */
  public synchronized boolean isFresh(long now) {
    return size > 0 && now - stamps[newest]
        <= Math.max(STALE_AFTER.toNanos(), (long) (SLOW_FRAME_FACTOR * slowestRecentGapNanos()));
  }

  /** Frame rate at {@code now}: 0 before two frames or once they are no longer {@linkplain #isFresh fresh}. */
  public synchronized double fps(long now) {
    if (size < 2 || !isFresh(now)) {
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
