package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.io.UncheckedIOException;
import java.time.Duration;
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
 * the bytes to whoever is listening. While nobody listens, frames are not encoded at all.
 */
final class JpegEncoder implements AutoCloseable {

  static final float QUALITY = 0.85f;

  private static final Logger log = LoggerFactory.getLogger(JpegEncoder.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Scheduler thread = Schedulers.newSingle("zoomorph-jpeg", true);
  private final JpegCodec codec = new JpegCodec(QUALITY);
  private final Sinks.Many<byte[]> encoded = Sinks.many().multicast().directBestEffort();
  private final Disposable subscription;

  JpegEncoder(Flux<Frame> frames) {
    this.subscription = frames
        .filter(frame -> encoded.currentSubscriberCount() > 0)
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .<byte[]>handle((frame, sink) -> {
          try {
            sink.next(codec.encode(frame));
          } catch (UncheckedIOException e) {
            log.warn("frame not encoded: {}", e.toString());
          }
        })
        .subscribe(encoded::tryEmitNext, this::framesFailed, encoded::tryEmitComplete);
  }

  private void framesFailed(Throwable error) {
    log.error("the frame stream failed; encoding stops", error);
    encoded.tryEmitComplete();
  }

  /** JPEG bytes of each frame from now on; completes when the frames do. Lagging subscribers miss frames. */
  Flux<byte[]> jpegs() {
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
    codec.close();
  }
}
