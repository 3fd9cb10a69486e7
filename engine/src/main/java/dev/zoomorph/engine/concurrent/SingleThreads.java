package dev.zoomorph.engine.concurrent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * Disposes of a one-thread scheduler ({@code Schedulers.newSingle}) once the tasks queued on it have run: a last task
 * queued behind them, which runs after them since one thread runs its tasks in order.
 *
 * <p>Why not Reactor's {@code disposeGracefully()}: it waits in a thread pool of Reactor's own whose thread is not a
 * daemon and lives on for 10 s after the wait, so a program that closed its show did not exit for 10 s.
 */
public final class SingleThreads {
  private SingleThreads() {}

  /**
   * Waits up to {@code timeout} for the tasks queued on {@code single} (the one running included), then disposes of
   * it whether they ran or not.
   *
   * @return whether they ran within the time (or the scheduler was disposed of already)
   */
  public static boolean disposeAfterQueued(Scheduler single, Duration timeout) {
    CountDownLatch ran = new CountDownLatch(1);
    try {
      single.schedule(ran::countDown);
      return ran.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return true; // disposed of already: nothing queued is left to run
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      single.dispose();
    }
  }

  /**
   * Disposes of {@code single} once the tasks queued on it now have run, without waiting: for a close that may be
   * called on that very thread, which could not wait for itself.
   */
  public static void disposeAfterQueued(Scheduler single) {
    try {
      single.schedule(single::dispose);
    } catch (RejectedExecutionException e) {
      // disposed of already
    }
  }
}
