package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.web.JpegFeed;
import dev.zoomorph.web.SharedJpeg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Encodes the newest frame as JPEG on its own thread, once per frame whatever the number of viewers, and publishes
 * it to whoever is listening as a {@link SharedJpeg}, valid until the next one is published. While nobody listens,
 * frames are not encoded at all.
 */
final class JpegEncoder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JpegEncoder.class);

  private final EncoderThread thread = new EncoderThread("zoomorph-jpeg");
  private final JpegCodec codec = new JpegCodec();
  private final JpegFeed encoded = new JpegFeed();
  private final Disposable subscription;

  /** Encodes {@code frames} at {@code output} size (upscaling smaller frames). */
  JpegEncoder(Flux<Frame> frames, FrameSize output) {
    this.subscription = thread
        .encodeNewest(frames, () -> encoded.subscribers() > 0, frame -> new SharedJpeg(codec.encode(frame, output)),
            log, "frame")
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
    thread.close();
    encoded.close();
    codec.close();
  }
}
