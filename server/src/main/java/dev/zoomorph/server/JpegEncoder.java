package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Encodes the newest frame as JPEG on its own thread, once per frame whatever the number of viewers, and publishes
 * it to whoever is listening as a {@link SharedJpeg}, valid until the next one is published. While nobody listens,
 * frames are not encoded at all.
 */
final class JpegEncoder implements AutoCloseable {

  static final float QUALITY = 0.85f;

  private static final Logger log = LoggerFactory.getLogger(JpegEncoder.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Scheduler thread = Schedulers.newSingle("zoomorph-jpeg", true);
  private final JpegCodec codec = new JpegCodec(QUALITY);
  private final Sinks.Many<SharedJpeg> encoded = Sinks.many().multicast().directBestEffort();
  private final Disposable subscription;
  // Written on the encoder thread, released by close() once that thread has stopped.
  private volatile @Nullable SharedJpeg current;

  /** Encodes {@code frames} at {@code output} size (upscaling smaller frames). */
  JpegEncoder(Flux<Frame> frames, FrameSize output) {
    this.subscription = frames
        .filter(frame -> encoded.currentSubscriberCount() > 0)
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .<SharedJpeg>handle((frame, sink) -> {
          try {
            sink.next(new SharedJpeg(codec.encode(frame, output)));
          } catch (UncheckedIOException e) {
            log.warn("frame not encoded: {}", e.toString());
          }
        })
        .subscribe(this::publish, this::framesFailed, encoded::tryEmitComplete);
  }

  /** Runs on the encoder thread: the previous frame is released once the new one has been handed out. */
  private void publish(SharedJpeg jpeg) {
    SharedJpeg previous = current;
    current = jpeg;
    encoded.tryEmitNext(jpeg);
    if (previous != null) {
      previous.release();
    }
  }

  private void framesFailed(Throwable error) {
    log.error("the frame stream failed; encoding stops", error);
    encoded.tryEmitComplete();
  }

  /**
   * Each frame's JPEG from now on; completes when the frames do. Lagging subscribers miss frames, and a frame's
   * bytes may be released as soon as the next frame is published.
   */
  Flux<SharedJpeg> jpegs() {
    return encoded.asFlux();
  }

  /** Stops encoding and waits for the frame in progress; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
    thread.disposeGracefully().timeout(STOP_TIMEOUT).onErrorResume(e -> {
      thread.dispose();
      return Mono.empty();
    }).block();
    encoded.tryEmitComplete();
    if (current != null) {
      current.release();
      current = null;
    }
    codec.close();
  }
}
