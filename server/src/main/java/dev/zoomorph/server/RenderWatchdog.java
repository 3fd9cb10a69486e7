package dev.zoomorph.server;

import dev.zoomorph.web.FpsMeter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a render loop that stalled: a thread of its own looks at the loop a few times per {@code stallAfter}, and
 * when one frame has been in progress that long (a generator or the GL driver hung) it gives up on the generators
 * ({@code abandonGenerators}, they are rebuilt) and restarts the loop ({@link RenderLoop#restart}); when the loop
 * stopped or took no tick for that long it restarts it too. For shows whose frames take longer the limit is three
 * times the slowest recent gap between frames, and the first frame of a model (at the start, after a restart, after
 * a switch to another model: it builds its generators and cannot know how slow its frames are) may take
 * {@link #FIRST_FRAME_GRACE}. A loop that takes its ticks but skips frames (a generator being
 * rebuilt) is left to the generator supervisor. {@code /health} reports unhealthy until the loop produces again.
 *
 * <p>After {@value #MAX_RESTARTS} restarts in a row that brought no frame back it calls {@code giveUp} once: {@code
 * zoomorph serve} exits then, so that its service manager (systemd's {@code Restart=always}, see docs/gallery.md)
 * starts a fresh process.
 */
final class RenderWatchdog implements AutoCloseable {
  static final Duration DEFAULT_STALL = Duration.ofSeconds(10);
  static final int MAX_RESTARTS = 3;
  /** A model's first frame may take longer: model files load, native libraries initialise, shaders compile. */
  static final Duration FIRST_FRAME_GRACE = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(RenderWatchdog.class);

  private final RenderLoop loop;
  private final Duration stallAfter;
  private final Duration firstFrameGrace;
  private final Runnable abandonGenerators;
  private final Runnable giveUp;
  private final LongSupplier nanoClock;
  private final long startedNanos;
  private final ScheduledExecutorService checker;
  // Checker thread.
  private long restartedNanos = Long.MIN_VALUE;
  private int restartsWithoutFrame;
  private boolean gaveUp;

  /**
   * Watches {@code loop} on {@code nanoClock} (the loop's clock); a model's first frame hangs after {@code
   * firstFrameGrace} (the show's {@link #FIRST_FRAME_GRACE}) or the limit, whichever is longer.
   *
   * @throws IllegalArgumentException if {@code stallAfter} is not positive
   */
  RenderWatchdog(RenderLoop loop, Duration stallAfter, Duration firstFrameGrace, Runnable abandonGenerators,
      Runnable giveUp, LongSupplier nanoClock) {
    if (stallAfter.isZero() || stallAfter.isNegative()) {
      throw new IllegalArgumentException("the stall limit must be positive, was " + stallAfter);
    }
    this.loop = loop;
    this.stallAfter = stallAfter;
    this.firstFrameGrace = firstFrameGrace;
    this.abandonGenerators = abandonGenerators;
    this.giveUp = giveUp;
    this.nanoClock = nanoClock;
    this.startedNanos = nanoClock.getAsLong();
    this.checker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "zoomorph-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(50, stallAfter.toMillis() / 5);
    checker.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Checker thread: one look at the loop. */
  private void check() {
    try {
      long now = nanoClock.getAsLong();
      long newest = loop.newestFrameNanos();
      if (restartsWithoutFrame > 0 && newest != Long.MIN_VALUE && newest >= restartedNanos) {
        log.info("the render loop produces frames again after {} restart(s)", restartsWithoutFrame);
        restartsWithoutFrame = 0;
      }
      if (gaveUp) {
        return;
      }
      // A show of slow frames (8K) is not a stalled one: it has as long as /health gives it.
      long limit =
          Math.max(stallAfter.toNanos(), (long) (FpsMeter.SLOW_FRAME_FACTOR * loop.slowestRecentGapNanos()));
      long frameStarted = loop.frameStartedNanos();
      long hungAfter = loop.drawsAnew() ? Math.max(limit, firstFrameGrace.toNanos()) : limit;
      boolean hung = frameStarted != RenderLoop.NO_FRAME && now - frameStarted >= hungAfter;
      long lastSign = Math.max(Math.max(loop.lastAttemptNanos(), restartedNanos), startedNanos);
      boolean dead = !loop.isRunning() || frameStarted == RenderLoop.NO_FRAME && now - lastSign >= limit;
      // A loop that takes its ticks but skips frames (a generator being rebuilt or failing) is not restarted:
      // that is the generator supervisor's to mend, and /health says so meanwhile.
      if (!hung && !dead) {
        return;
      }
      if (restartsWithoutFrame >= MAX_RESTARTS) {
        gaveUp = true;
        log.error("the render loop produced no frame after {} restarts in a row; giving up", MAX_RESTARTS);
        giveUp.run();
        return;
      }
      log.error("restarting the render loop: {}", hung
          ? "a frame hung for " + (now - frameStarted) / 1_000_000 + " ms (its generators are rebuilt)"
          : loop.isRunning() ? "it took no tick for " + (now - lastSign) / 1_000_000 + " ms" : "it stopped");
      if (hung) {
        abandonGenerators.run();
      }
      loop.restart();
      restartedNanos = nanoClock.getAsLong();
      restartsWithoutFrame++;
    } catch (RuntimeException e) {
      log.error("the render watchdog's check failed", e); // and it checks again next time
    }
  }

  /** Stops watching; idempotent. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
