package dev.zoomorph.relay;

import dev.zoomorph.web.SharedJpeg;
import dev.zoomorph.web.StateFrame;
import dev.zoomorph.web.StateSource;
import io.nats.client.Connection;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
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
 * never queued, and the show runs on while the connection comes back by itself.
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
  private volatile boolean warnedTooLarge;
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
    try {
      int length = jpeg.readableBytes();
      ByteBuffer message = FrameEnvelope.header(FrameEnvelope.KIND_JPEG, stream, stamped.frame(),
          stamped.showMicros(), length);
      jpeg.getBytes(jpeg.readerIndex(), message.array(), FrameEnvelope.HEADER_LENGTH, length);
      publish(message);
    } finally {
      jpeg.release();
    }
  }

  /** Runs on the publishing thread: the palettes and models that are due, then the frame's state. */
  private void send(StateSource state, StateFrame frame) {
    long now = System.nanoTime();
    byte[] palettes = state.palettes();
    if (palettes != null && (!palettesSent || now - palettesAnnounced >= ANNOUNCE_EVERY_NANOS)) {
      ByteBuffer message = FrameEnvelope.header(FrameEnvelope.KIND_PALETTES, stream, frame.frame(), showMicros(),
          palettes.length);
      palettesSent = publish(message.put(palettes));
      palettesAnnounced = now;
    }
    for (int id : frame.models()) {
      Long announced = modelAnnounced.get(id);
      if (announced == null || now - announced >= ANNOUNCE_EVERY_NANOS) {
        byte[] model = state.model(id);
        if (model == null) {
          return; // dropped out already: its frames cannot be drawn
        }
        ByteBuffer message = FrameEnvelope.header(FrameEnvelope.KIND_MODEL, stream, frame.frame(), showMicros(),
            4 + model.length);
        if (!publish(message.putInt(id).put(model))) {
          return;
        }
        modelAnnounced.put(id, now);
      }
    }
    // Forget models no frame has drawn with for a while, so the map stays as small as the show's models.
    modelAnnounced.values().removeIf(announced -> now - announced > 4 * ANNOUNCE_EVERY_NANOS);
    int[] models = frame.models();
    byte[] body = frame.message();
    ByteBuffer message = FrameEnvelope.header(FrameEnvelope.KIND_STATE, stream, frame.frame(), showMicros(),
        1 + 4 * models.length + body.length);
    message.put((byte) models.length);
    for (int id : models) {
      message.putInt(id);
    }
    publish(message.put(body));
  }

  /** Publishing thread: hands a whole message to the client, or counts it dropped; whether it was handed over. */
  private boolean publish(ByteBuffer message) {
    Connection connection = connector.connection();
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      dropped.incrementAndGet();
      return false;
    }
    byte[] bytes = message.array();
    if (bytes.length > connection.getMaxPayload()) {
      dropped.incrementAndGet();
      if (!warnedTooLarge) {
        warnedTooLarge = true;
        log.warn("a {}-byte message exceeds the NATS server's max_payload of {} bytes; such messages are dropped"
            + " (raise max_payload in nats-server's configuration; a smaller --size makes frames smaller)",
            bytes.length, connection.getMaxPayload());
      }
      return false;
    }
    try {
      connection.publish(address.subject(), bytes);
      published.incrementAndGet();
      return true;
    } catch (IllegalStateException disconnected) {
      dropped.incrementAndGet(); // closed or reconnecting with a full buffer
      return false;
    }
  }

  /** Messages handed to the NATS client: frames, and the state's. */
  public long published() {
    return published.get();
  }

  /** Messages not published: NATS down or slow, or a message too large. */
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
