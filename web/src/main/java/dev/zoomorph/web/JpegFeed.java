package dev.zoomorph.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The newest {@link SharedJpeg} handed to whoever listens now, each valid until the next one is published: the feed
 * owns one reference, to the current frame, and releases it when the next frame replaces it or the feed closes.
 * Fed by the show's JPEG encoder and by NATS on a relay; {@link FrameBroadcast} sends it to viewers.
 */
public final class JpegFeed implements AutoCloseable {

  private final Sinks.Many<SharedJpeg> sink = Sinks.many().multicast().directBestEffort();
  // Written by the one publishing thread, released by close() once that thread has stopped.
  private volatile @Nullable SharedJpeg current;

  /** Hands {@code jpeg} out, then releases the frame it replaces; from one thread at a time. */
  public void publish(SharedJpeg jpeg) {
    SharedJpeg previous = current;
    current = jpeg;
    sink.tryEmitNext(jpeg);
    if (previous != null) {
      previous.release();
    }
  }

  /**
   * Each frame published from now on; completes when the feed does. Lagging subscribers miss frames, and a frame's
   * bytes may be released as soon as the next frame is published.
   */
  public Flux<SharedJpeg> jpegs() {
    return sink.asFlux();
  }

  /** Listeners subscribed now. */
  public int subscribers() {
    return sink.currentSubscriberCount();
  }

  /** Ends every listener's stream; idempotent. */
  public void complete() {
    sink.tryEmitComplete();
  }

  /** Completes the feed and releases the current frame; call once nothing publishes any more. Idempotent. */
  @Override
  public void close() {
    complete();
    SharedJpeg last = current;
    current = null;
    if (last != null) {
      last.release();
    }
  }
}
