package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.render.record.FrameFile;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A running show's frames written to a file as they are shown ({@link ShowBuilder#recordTo}), on a thread of its
 * own so the render loop never waits for the encoder or the disk. A recording wants every frame, so up to
 * {@value #BUFFER} frames wait while the writer catches up; past that the oldest are dropped and counted rather than
 * holding the show up.
 */
final class LiveRecording implements AutoCloseable {
  static final int BUFFER = 64;

  private static final Logger log = LoggerFactory.getLogger(LiveRecording.class);
  private static final long FINISH_SECONDS = 30;

  private final FrameFile file;
  private final Scheduler thread = Schedulers.newSingle("zoomorph-live-record", true);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicLong dropped = new AtomicLong();
  private final Disposable subscription;
  private volatile @Nullable RuntimeException failure;

  LiveRecording(Flux<Frame> frames, FrameFile file) {
    this.file = file;
    this.subscription = frames
        .onBackpressureBuffer(BUFFER, frame -> dropped.incrementAndGet(), BufferOverflowStrategy.DROP_OLDEST)
        .publishOn(thread, 1)
        .doFinally(signal -> {
          try {
            file.close();
          } catch (RuntimeException e) {
            log.error("the live recording could not be finished: {}", e.getMessage());
          } finally {
            finished.countDown();
          }
        })
        .subscribe(file::write, this::stopped);
  }

  /** Writing failed (a full disk, the folder gone): the recording stops, the show plays on. */
  private void stopped(Throwable error) {
    failure = error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    log.error("the live recording stopped: {}; the {} frames written before are kept, the show plays on",
        error.getMessage(), file.written());
  }

  /** Why the recording stopped before the show did, or null. */
  @Nullable RuntimeException failure() {
    return failure;
  }

  /** Frames written so far. */
  int written() {
    return file.written();
  }

  /**
   * Finishes the file once the frames have ended (the render loop stopped): what is buffered is written, then the
   * file is finalised. Call after the render loop has stopped; idempotent.
   */
  @Override
  public void close() {
    try {
      if (!finished.await(FINISH_SECONDS, TimeUnit.SECONDS)) {
        log.warn("the live recording did not finish within {} s; it is cut off", FINISH_SECONDS);
        subscription.dispose();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      subscription.dispose();
    }
    thread.dispose();
    if (file.skipped() > 0 || dropped.get() > 0) {
      log.info("live recording: {} frames written, {} of another size skipped, {} dropped", file.written(),
          file.skipped(), dropped.get());
    }
  }
}
