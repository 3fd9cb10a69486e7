package dev.zoomorph.relay;

import dev.zoomorph.web.SharedJpeg;
import io.nats.client.Connection;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code serve --publish}: sends each encoded frame to NATS as a {@link FrameEnvelope}, from its own thread, so the
 * render loop and the encoder never wait for the network. Only the newest frame waits for that thread; frames that
 * arrive while NATS is slow or down are dropped, never queued, and the show runs on while the connection comes back
 * by itself.
 */
public final class NatsPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NatsPublisher.class);

  private final NatsAddress address;
  private final NatsConnector connector;
  private final Scheduler thread = Schedulers.newSingle("zoomorph-nats-publish", true);
  private final int stream = new SecureRandom().nextInt();
  private final long startNanos = System.nanoTime();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Disposable subscription;
  private volatile boolean warnedTooLarge;

  private record Stamped(SharedJpeg jpeg, long frame, long showMicros) {}

  /** Publishes {@code jpegs} to {@code address} from now on; returns at once, whether or not NATS is up. */
  public NatsPublisher(NatsAddress address, Flux<SharedJpeg> jpegs) {
    this.address = address;
    this.connector = new NatsConnector(address, "zoomorph-serve", connection -> {});
    AtomicLong frames = new AtomicLong();
    this.subscription = jpegs
        // Numbered where every encoded frame passes, so a gap in the numbers is a frame dropped here.
        .map(jpeg -> new Stamped(jpeg, frames.getAndIncrement(), (System.nanoTime() - startNanos) / 1000))
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .subscribe(this::send, error -> log.error("the frame stream failed; publishing stops", error));
  }

  /** Runs on the publishing thread. */
  private void send(Stamped stamped) {
    Connection connection = connector.connection();
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      dropped.incrementAndGet();
      return;
    }
    ByteBuf jpeg = stamped.jpeg().retainedDuplicate();
    if (jpeg == null) {
      dropped.incrementAndGet(); // already replaced by a newer frame, which comes next
      return;
    }
    try {
      int length = jpeg.readableBytes();
      if (FrameEnvelope.HEADER_LENGTH + length > connection.getMaxPayload()) {
        dropped.incrementAndGet();
        if (!warnedTooLarge) {
          warnedTooLarge = true;
          log.warn("a {}-byte frame exceeds the NATS server's max_payload of {} bytes; such frames are dropped"
              + " (raise max_payload in nats-server's configuration, or serve a smaller --size)",
              length, connection.getMaxPayload());
        }
        return;
      }
      ByteBuffer message = FrameEnvelope.header(FrameEnvelope.KIND_JPEG, stream, stamped.frame(),
          stamped.showMicros(), length);
      jpeg.getBytes(jpeg.readerIndex(), message.array(), FrameEnvelope.HEADER_LENGTH, length);
      connection.publish(address.subject(), message.array());
      published.incrementAndGet();
    } catch (IllegalStateException disconnected) {
      dropped.incrementAndGet(); // closed or reconnecting with a full buffer
    } finally {
      jpeg.release();
    }
  }

  /** Frames handed to the NATS client. */
  public long published() {
    return published.get();
  }

  /** Frames not published: NATS down or slow, or a frame too large. */
  public long dropped() {
    return dropped.get();
  }

  /** Stops publishing and closes the connection; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
    thread.dispose();
    connector.close();
  }
}
