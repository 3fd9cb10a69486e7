package dev.zoomorph.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for something that happens on another thread or across a socket (UDP, the OSC dispatch thread). */
final class Polling {

  private Polling() {}

  /** Polls {@code condition} until it holds; after {@code timeout} fails with {@code state} (evaluated then). */
  static void await(BooleanSupplier condition, Duration timeout, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + "; " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits for {@code latch} ignoring interrupts, as a stuck native call does (a hung generator in a fault test). */
  static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // a stuck native call does not answer interrupts either
      }
    }
  }
}
