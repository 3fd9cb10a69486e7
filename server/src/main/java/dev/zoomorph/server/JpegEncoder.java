package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Encodes the newest frame as JPEG on its own thread, once per frame whatever the number of viewers, and publishes
 * it to whoever is listening as a {@link SharedJpeg}, valid until the next one is published. While nobody listens,
 * frames are not encoded at all.
 */
final class JpegEncoder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JpegEncoder.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Scheduler thread = Schedulers.newSingle("zoomorph-jpeg", true);
  private final JpegCodec codec = new JpegCodec();
  private final JpegFeed encoded = new JpegFeed();
  private final Disposable subscription;

  /** Encodes {@code frames} at {@code output} size (upscaling smaller frames). */
  JpegEncoder(Flux<Frame> frames, FrameSize output) {
    this.subscription = frames
        .filter(frame -> encoded.subscribers() > 0)
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .<SharedJpeg>handle((frame, sink) -> {
          try {
            sink.next(new SharedJpeg(codec.encode(frame, output)));
          } catch (UncheckedIOException e) {
            log.warn("frame not encoded: {}", e.toString());
          }
        })
        .subscribe(encoded::publish, this::framesFailed, encoded::complete);
  }

  private void framesFailed(Throwable error) {
    log.error("the frame stream failed; encoding stops", error);
    encoded.complete();
  }

  /**
   * Each frame's JPEG from now on; completes when the frames do. Lagging subscribers miss frames, and a frame's
   * bytes may be released as soon as the next frame is published.
   */
  Flux<SharedJpeg> jpegs() {
    return encoded.jpegs();
  }

  /** Stops encoding and waits for the frame in progress; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
    thread.disposeGracefully().timeout(STOP_TIMEOUT).onErrorResume(e -> {
      thread.dispose();
      return Mono.empty();
    }).block();
    encoded.close();
    codec.close();
  }
}
