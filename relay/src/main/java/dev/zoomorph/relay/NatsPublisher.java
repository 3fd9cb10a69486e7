package dev.zoomorph.relay;

import dev.zoomorph.web.SharedJpeg;
import dev.zoomorph.web.StateFrame;
import dev.zoomorph.web.StateSource;
import io.nats.client.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code serve --publish}: sends each encoded frame to NATS as a {@link FrameEnvelope}, and with a {@link StateSource}
 * each frame's state too, from its own thread, so the render loop and the encoders never wait for the network. Only
 * the newest frame of each stream waits for that thread; frames that arrive while NATS is slow or down are dropped,
 * never queued, and the show runs on while the connection comes back by itself. A payload larger than the NATS
 * server's {@code max_payload} (a wide CPPN's model, a detailed frame at 4K or above) goes in parts, which relays
 * join.
 *
 * <p>Relays may start at any time, so the state's palettes and the models the frames draw with are published again
 * every 2 s ({@code ANNOUNCE_EVERY_NANOS}) while they are in use, and a model at once when a frame first draws with it.
 */
public final class NatsPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NatsPublisher.class);
  /** How long a relay that starts late waits at most for the palettes and models. */
  static final long ANNOUNCE_EVERY_NANOS = 2_000_000_000L;

  private final NatsAddress address;
  private final NatsConnector connector;
  private final Scheduler thread = Schedulers.newSingle("zoomorph-nats-publish", true);
  private final int stream = new SecureRandom().nextInt();
  private final long startNanos = System.nanoTime();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Disposable.Composite subscriptions = Disposables.composite();
  // Touched only on the publishing thread: when each part of the state was last published (System.nanoTime()).
  private final Map<Integer, Long> modelAnnounced = new HashMap<>();
  private long palettesAnnounced;
  private boolean palettesSent;

  private record Stamped(SharedJpeg jpeg, long frame, long showMicros) {}

  /** Publishes {@code jpegs} to {@code address} from now on; returns at once, whether or not NATS is up. */
  public NatsPublisher(NatsAddress address, Flux<SharedJpeg> jpegs) {
    this(address, jpegs, null);
  }

  /**
   * Publishes {@code jpegs}, and the frames of {@code state} unless it is null, to {@code address} from now on;
   * returns at once, whether or not NATS is up.
   */
  public NatsPublisher(NatsAddress address, Flux<SharedJpeg> jpegs, @Nullable StateSource state) {
    this.address = address;
    this.connector = new NatsConnector(address, "zoomorph-serve", connection -> {});
    AtomicLong frames = new AtomicLong();
    subscriptions.add(jpegs
        // Numbered where every encoded frame passes, so a gap in the numbers is a frame dropped here.
        .map(jpeg -> new Stamped(jpeg, frames.getAndIncrement(), showMicros()))
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .subscribe(this::send, error -> log.error("the frame stream failed; publishing stops", error)));
    if (state != null) {
      subscriptions.add(state.frames()
          .onBackpressureLatest()
          .publishOn(thread, 1)
          .subscribe(frame -> send(state, frame),
              error -> log.error("the state stream failed; publishing it stops", error)));
    }
  }

  private long showMicros() {
    return (System.nanoTime() - startNanos) / 1000;
  }

  /** Runs on the publishing thread. */
  private void send(Stamped stamped) {
    ByteBuf jpeg = stamped.jpeg().retainedDuplicate();
    if (jpeg == null) {
      dropped.incrementAndGet(); // already replaced by a newer frame, which comes next
      return;
    }
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(jpeg);
    } finally {
      jpeg.release();
    }
    publish(FrameEnvelope.KIND_JPEG, stamped.frame(), stamped.showMicros(), bytes);
  }

  /** Runs on the publishing thread: the palettes and models that are due, then the frame's state. */
  private void send(StateSource state, StateFrame frame) {
    long now = System.nanoTime();
    byte[] palettes = state.palettes();
    if (palettes != null && (!palettesSent || now - palettesAnnounced >= ANNOUNCE_EVERY_NANOS)) {
      palettesSent = publish(FrameEnvelope.KIND_PALETTES, frame.frame(), showMicros(), palettes);
      palettesAnnounced = now;
    }
    for (int id : frame.models()) {
      Long announced = modelAnnounced.get(id);
      if (announced == null || now - announced >= ANNOUNCE_EVERY_NANOS) {
        byte[] model = state.model(id);
        if (model == null) {
          return; // dropped out already: its frames cannot be drawn
        }
        byte[] payload = ByteBuffer.allocate(4 + model.length).putInt(id).put(model).array();
        if (!publish(FrameEnvelope.KIND_MODEL, frame.frame(), showMicros(), payload)) {
          return;
        }
        modelAnnounced.put(id, now);
      }
    }
    // Forget models no frame has drawn with for a while, so the map stays as small as the show's models.
    modelAnnounced.values().removeIf(announced -> now - announced > 4 * ANNOUNCE_EVERY_NANOS);
    int[] models = frame.models();
    byte[] body = frame.message();
    ByteBuffer payload = ByteBuffer.allocate(1 + 4 * models.length + body.length).put((byte) models.length);
    for (int id : models) {
      payload.putInt(id);
    }
    publish(FrameEnvelope.KIND_STATE, frame.frame(), showMicros(), payload.put(body).array());
  }

  /**
   * Publishing thread: hands {@code payload} to the client, in parts where it exceeds the server's
   * {@code max_payload}, or counts it dropped; whether it was handed over.
   */
  private boolean publish(int kind, long frame, long showMicros, byte[] payload) {
    Connection connection = connector.connection();
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      dropped.incrementAndGet();
      return false;
    }
    List<byte[]> messages = FrameEnvelope.messages(kind, stream, frame, showMicros, payload,
        (int) Math.min(Integer.MAX_VALUE, connection.getMaxPayload()));
    try {
      for (byte[] message : messages) {
        connection.publish(address.subject(), message);
      }
    } catch (IllegalStateException notSent) {
      // Closed, reconnecting with a full buffer, or the outgoing queue full for longer than the client waits; a
      // payload in parts is lost with any of its parts, and the relay drops what it has of it.
      dropped.incrementAndGet();
      return false;
    }
    published.incrementAndGet();
    return true;
  }

  /** Payloads handed to the NATS client, each in one message or in parts: frames, and the state's. */
  public long published() {
    return published.get();
  }

  /** Payloads not published: NATS down or slow. */
  public long dropped() {
    return dropped.get();
  }

  /** Stops publishing and closes the connection; idempotent. */
  @Override
  public void close() {
    subscriptions.dispose();
    thread.dispose();
    connector.close();
  }
}
