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
  // publish and close exclude each other, so the feed's one reference is released exactly once even when a publisher
  // outlives the close (an encode that took longer than its owner waited): what comes after the close is released.
  private @Nullable SharedJpeg current;
  private boolean closed;

  /** Hands {@code jpeg} out, then releases the frame it replaces; once the feed is closed, releases {@code jpeg}. */
  public synchronized void publish(SharedJpeg jpeg) {
    if (closed) {
      jpeg.release();
      return;
    }
    SharedJpeg previous = current;
    current = jpeg;
    try {
      sink.tryEmitNext(jpeg);
    } finally {
      if (previous != null) {
        previous.release();
      }
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

  /** Completes the feed and releases the current frame; later frames are released as they come. Idempotent. */
  @Override
  public void close() {
    complete();
    SharedJpeg last;
    synchronized (this) {
      closed = true;
      last = current;
      current = null;
    }
    if (last != null) {
      last.release();
    }
  }
}
