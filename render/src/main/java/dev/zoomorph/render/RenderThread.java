package dev.zoomorph.render;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns a GL context: a GL context is current on one thread at a time, so every GL call of a
 * renderer runs here and callers on other threads wait for the result.
 */
final class RenderThread implements AutoCloseable {
  private final ExecutorService executor;
  private final Thread thread;

  RenderThread(String name) {
    Thread[] made = new Thread[1];
    executor = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      made[0] = t;
      return t;
    });
    // Start the thread now so that isCurrent() has it to compare with.
    call(() -> null);
    thread = made[0];
  }

  /** Runs {@code task} on the render thread and returns its result; exceptions come back unchanged. */
  <T> T call(Callable<T> task) {
    return call(task, () -> { });
  }

  /**
   * Like {@link #call}, running {@code afterQueueing} on the calling thread once the task is queued: to wake a thread
   * that waits for events between its tasks (a window's).
   */
  <T> T call(Callable<T> task, Runnable afterQueueing) {
    if (Thread.currentThread() == thread) {
      return callHere(task);
    }
    Future<T> future = executor.submit(task);
    afterQueueing.run();
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the render thread", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Queues {@code task} on the render thread without waiting. */
  void execute(Runnable task) {
    executor.execute(task);
  }

  void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  private static <T> T callHere(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** False once {@link #close} was called. */
  boolean isOpen() {
    return !executor.isShutdown();
  }

  /** Stops taking tasks and interrupts the thread without waiting for it: for a thread that hung in a call. */
  void abandon() {
    executor.shutdownNow();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the render thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
