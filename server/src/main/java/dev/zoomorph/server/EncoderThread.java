package dev.zoomorph.server;

import dev.zoomorph.engine.concurrent.SingleThreads;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A thread of its own on which what the render loop makes is encoded for viewers (the JPEG frames, the state
 * stream's messages), so that the render loop never waits for an encoder.
 */
final class EncoderThread implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Scheduler thread;

  EncoderThread(String name) {
    thread = Schedulers.newSingle(name, true);
  }

  /**
   * {@code items} encoded on this thread, the newest only: items that come while one encodes replace each other, so a
   * slow encoder skips items and never holds up their producer. Nothing is encoded while {@code wanted} says nobody
   * listens. An item whose encoding fails is skipped with a warning naming {@code what} it was; the items after it
   * are encoded as before.
   */
  <T, R> Flux<R> encodeNewest(Flux<T> items, BooleanSupplier wanted, Function<T, R> encode, Logger log,
      String what) {
    return items
        .filter(item -> wanted.getAsBoolean())
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .handle((item, sink) -> {
          R encoded;
          try {
            encoded = encode.apply(item);
          } catch (RuntimeException e) {
            log.warn("{} not encoded: {}", what, e.toString());
            return;
          }
          sink.next(encoded);
        });
  }

  /** Stops the thread, waiting up to 10 s for the item being encoded; idempotent. */
  @Override
  public void close() {
    SingleThreads.disposeAfterQueued(thread, STOP_TIMEOUT);
  }
}
