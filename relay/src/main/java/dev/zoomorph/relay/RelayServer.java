package dev.zoomorph.relay;

import dev.zoomorph.web.FpsMeter;
import dev.zoomorph.web.FrameBroadcast;
import dev.zoomorph.web.HttpLimits;
import dev.zoomorph.web.JpegFeed;
import dev.zoomorph.web.JsonBodies;
import dev.zoomorph.web.SharedJpeg;
import dev.zoomorph.web.StateBroadcast;
import dev.zoomorph.web.ViewerServer;
import dev.zoomorph.web.WebAssets;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code zoomorph relay}: serves a show it receives from NATS to its own viewers, with serve's viewer page
 * ({@code /}), frame WebSocket ({@code /ws/frames}, the same {@link FrameBroadcast}: newest frame wins per viewer),
 * state stream ({@code /ws/show}, the same {@link StateBroadcast}, when the show publishes it) and {@code /health};
 * read-only, no control API. Messages arrive on the NATS client's dispatcher thread and go, in order (a late or
 * repeated frame of the same stream is skipped, for {@link #RESYNC_AFTER} at most), into a {@link JpegFeed} and a
 * {@link RelayState}, which viewers take them from, so viewers never slow the subscription and a relay's viewers never
 * reach the render node.
 */
public final class RelayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
  /**
   * Messages the subscription may hold while this relay is busy; the client drops what arrives beyond that. Two
   * seconds of frames, and room for the parts of a large payload, which come all at once.
   */
  private static final long PENDING_MESSAGES = 64;
  private static final long PENDING_BYTES = 64L << 20;
  /** The largest payload joined from parts: above a 16 MiB model message, below what the subscription may hold. */
  private static final int MAX_PAYLOAD_BYTES = 32 << 20;
  /**
   * How long frames of the stream may keep coming behind the newest one taken before they are followed again: one
   * message numbered far ahead (sent by another publisher on the subject, or a mistake) would otherwise stop the
   * relay until the show restarts.
   */
  public static final Duration RESYNC_AFTER = Duration.ofSeconds(2);
  /** Unreadable messages are said at most this often. */
  private static final Duration WARN_EVERY = Duration.ofMinutes(1);

  private final NatsAddress from;
  private final JpegFeed feed = new JpegFeed();
  private final FrameBroadcast broadcast = new FrameBroadcast(feed.jpegs());
  private final RelayState state = new RelayState();
  private final PartJoiner parts = new PartJoiner(MAX_PAYLOAD_BYTES);
  private final StateBroadcast stateBroadcast = new StateBroadcast(state);
  private final FpsMeter meter = new FpsMeter();
  private final NatsConnector connector;
  private final DisposableServer server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Touched only on the dispatcher thread.
  private int stream;
  private final InOrder jpegs = new InOrder("JPEG frames");
  private final InOrder states = new InOrder("state frames");
  private long unreadable;
  private long nextUnreadableWarning = System.nanoTime();

  private RelayServer(NatsAddress from, String host, int port) {
    this.from = from;
    try {
      this.server = ViewerServer.bind(host, port, HttpLimits.DEFAULT, WebAssets.viewer(), this::health, broadcast, stateBroadcast,
          routes -> {});
    } catch (RuntimeException e) {
      stateBroadcast.close();
      state.close();
      feed.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    this.connector = new NatsConnector(from, "zoomorph-relay", this::subscribe);
  }

  /** Listens on {@code host:port} (0: any free port) and relays the show NATS carries at {@code from}. */
  public static RelayServer start(NatsAddress from, String host, int port) {
    return new RelayServer(from, host, port);
  }

  private void subscribe(Connection connection) {
    Dispatcher dispatcher = connection.createDispatcher(this::receive);
    dispatcher.subscribe(from.subject());
    dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
  }

  /** Runs on the dispatcher thread, one message at a time. */
  private void receive(Message message) {
    try {
      FrameEnvelope envelope = FrameEnvelope.read(message.getData());
      if (envelope.stream() != stream) {
        // A show (re)started: its frame and model numbers start again, so the state viewers start afresh too.
        stream = envelope.stream();
        jpegs.restart();
        states.restart();
        state.restart();
        stateBroadcast.disconnectAll();
      }
      PartJoiner.Payload payload = parts.add(envelope, message.getData());
      if (payload != null) {
        relay(payload);
      }
    } catch (FrameEnvelope.UnreadableException e) {
      warnUnreadable(e);
    }
  }

  /** Dispatcher thread: a whole payload of the current stream. */
  private void relay(PartJoiner.Payload payload) throws FrameEnvelope.UnreadableException {
    long frame = payload.envelope().frame();
    switch (payload.envelope().kind()) {
      case FrameEnvelope.KIND_JPEG -> relayJpeg(frame, payload);
      case FrameEnvelope.KIND_STATE -> {
        if (states.takes(frame)) {
          state.frame(frame, payload.data(), payload.offset(), payload.length());
        }
      }
      case FrameEnvelope.KIND_PALETTES -> state.palettes(payload.data(), payload.offset(), payload.length());
      case FrameEnvelope.KIND_MODEL -> state.model(payload.data(), payload.offset(), payload.length());
      default -> { } // a kind of a later version
    }
  }

  /** Dispatcher thread: says that messages are skipped at once, then at most once a minute, not for each one. */
  private void warnUnreadable(FrameEnvelope.UnreadableException e) {
    unreadable++;
    long now = System.nanoTime();
    if (now - nextUnreadableWarning >= 0) {
      nextUnreadableWarning = now + WARN_EVERY.toNanos();
      log.warn("skipping messages on {} that cannot be read: {} ({} so far; said at most once a minute)", from,
          e.getMessage(), unreadable);
    }
  }

  /** Dispatcher thread. */
  private void relayJpeg(long frame, PartJoiner.Payload jpeg) {
    if (!jpegs.takes(frame)) {
      return;
    }
    feed.publish(new SharedJpeg(jpeg.data(), jpeg.offset(), jpeg.length()));
    meter.record(System.nanoTime());
  }

  /** The address it listens on. */
  public String host() {
    return server.host();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Viewers connected now: of the JPEG frames and of the state stream. */
  public int viewers() {
    return broadcast.viewers() + stateBroadcast.viewers();
  }

  private Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
    boolean fresh = meter.isFresh(System.nanoTime());
    Health health = new Health(fresh ? "up" : "down", Math.round(meter.fps(System.nanoTime()) * 10) / 10.0,
        meter.total(), viewers(), connector.connected() ? "connected" : "disconnected", from.toString());
    return JsonBodies.send(response, fresh ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, health);
  }

  /**
   * The {@code /health} body: as serve's, plus the NATS connection and where it relays from.
   *
   * @param status "up" while frames come, else "down" (503)
   * @param fps frames received per second, recently
   * @param frames frames received since the start
   * @param viewers viewers connected now
   * @param nats "connected" or "disconnected"
   * @param from the subject relayed, without credentials
   */
  public record Health(String status, double fps, long frames, int viewers, String nats, String from) {}

  /** Returns once {@link #close} has run. */
  public void awaitClose() throws InterruptedException {
    stopped.await();
  }

  /** Unsubscribes, ends every viewer's stream with a WebSocket close, then closes the server; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      connector.close();
      feed.close();
      stateBroadcast.close();
      state.close();
      server.disposeNow(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("the relay did not close cleanly: {}", e.toString());
    } finally {
      stopped.countDown();
    }
  }

  /**
   * The frames of one kind taken in order: a frame numbered after the newest taken is taken, a late or repeated one is
   * skipped; but once frames have come only behind the newest for {@link #RESYNC_AFTER}, the newest was not the
   * show's (a message numbered far ahead), and they are taken again from there. Dispatcher thread only.
   */
  private final class InOrder {
    private final String what;
    private long newest = -1;
    private long behindSince = Long.MIN_VALUE;

    InOrder(String what) {
      this.what = what;
    }

    /** A new stream: its numbers start again. */
    void restart() {
      newest = -1;
      behindSince = Long.MIN_VALUE;
    }

    boolean takes(long frame) {
      if (frame > newest) {
        newest = frame;
        behindSince = Long.MIN_VALUE;
        return true;
      }
      long now = System.nanoTime();
      if (behindSince == Long.MIN_VALUE) {
        behindSince = now;
        return false;
      }
      if (now - behindSince < RESYNC_AFTER.toNanos()) {
        return false;
      }
      log.warn("{} on {} came for {} s only behind frame {}, which the show has not reached; following them again"
          + " from frame {}", what, from, RESYNC_AFTER.toSeconds(), newest, frame);
      newest = frame;
      behindSince = Long.MIN_VALUE;
      return true;
    }
  }
}
