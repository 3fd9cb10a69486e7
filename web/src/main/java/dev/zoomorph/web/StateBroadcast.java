package dev.zoomorph.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /ws/show} handler: sends every viewer the palettes, then per frame the newest frame's state, each
 * preceded by the message of any model it draws with that this viewer has not had yet (so a model goes to a viewer
 * once per connection, and again after a reconnect). The messages come from a {@link StateSource}: a show's encoder,
 * or NATS on a relay. One write in flight per viewer: a slow viewer gets the newest state and never holds up the
 * source, the render loop or the other viewers.
 *
 * <p>A frame is encoded once and handed to each Netty event loop once, which writes it to all its viewers: a thousand
 * viewers cost a few tasks per frame and one socket write each, not a reactive pipeline and a cross-thread task per
 * viewer (see "The state stream" in BENCHMARKS.md). Each write wraps the same bytes.
 */
public final class StateBroadcast implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>>,
    AutoCloseable {

  private final StateSource source;
  /** The viewers, by the event loop their channel runs on; each set is only touched on its loop. */
  private final Map<EventLoop, Set<Viewer>> viewersByLoop = new ConcurrentHashMap<>();
  private final AtomicInteger viewers = new AtomicInteger();
  private final Sinks.Empty<Void> ended = Sinks.empty();
  private final Disposable subscription;

  /** Broadcasts the frames of {@code source} until they end or {@link #close}. */
  public StateBroadcast(StateSource source) {
    this.source = source;
    this.subscription = source.frames().subscribe(this::broadcast, error -> ended.tryEmitEmpty(),
        ended::tryEmitEmpty);
  }

  /** Whether there is a state stream to watch: its palettes are known. */
  public boolean isAvailable() {
    return source.palettes() != null;
  }

  /** Viewers connected now. */
  public int viewers() {
    return viewers.get();
  }

  /** The source's thread: one task per event loop with viewers. */
  private void broadcast(StateFrame frame) {
    viewersByLoop.forEach((loop, onLoop) -> {
      if (!onLoop.isEmpty()) {
        loop.execute(() -> onLoop.forEach(viewer -> viewer.offer(frame)));
      }
    });
  }

  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    // Reactor Netty calls this on the connection's event loop, which every write to the viewer then runs on.
    List<Viewer> joined = new ArrayList<>(1);
    out.withConnection(connection -> joined.add(new Viewer(connection.channel())));
    Viewer viewer = joined.get(0);
    Set<Viewer> onLoop =
        viewersByLoop.computeIfAbsent(viewer.channel.eventLoop(), loop -> ConcurrentHashMap.newKeySet());
    // Viewers are read-only: whatever they send is read and dropped; their close, or the show's end, ends the session.
    return ReadOnlySockets.session(ended.asMono(), in, out)
        .doFirst(() -> {
          viewers.incrementAndGet();
          viewer.start();
          onLoop.add(viewer);
        })
        .doFinally(signal -> {
          onLoop.remove(viewer);
          viewers.decrementAndGet();
        });
  }

  /**
   * Ends every viewer's session with a WebSocket close saying the service restarted (1012); their pages connect again
   * and get the palettes and models afresh. For when the source's model numbers start again (a relay whose show
   * restarted), which the viewers' caches would mistake.
   */
  public void disconnectAll() {
    viewersByLoop.forEach((loop, onLoop) -> loop.execute(() -> onLoop.forEach(viewer -> viewer.channel
        .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART))
        .addListener(ChannelFutureListener.CLOSE))));
  }

  /** Stops broadcasting and ends every viewer's session; idempotent. The source is its owner's to close. */
  @Override
  public void close() {
    subscription.dispose();
    ended.tryEmitEmpty();
  }

  /** One viewer's connection; touched only on its channel's event loop. */
  private final class Viewer {
    final Channel channel;
    private final Set<Integer> sentModels = new HashSet<>();
    private boolean sentPalettes;
    private boolean writing;
    private @Nullable StateFrame pending;

    Viewer(Channel channel) {
      this.channel = channel;
    }

    void start() {
      sendPalettes();
      channel.flush();
    }

    /** Writes the palettes unless they are not known yet; whether this viewer has them now. */
    private boolean sendPalettes() {
      if (!sentPalettes) {
        byte[] palettes = source.palettes();
        if (palettes != null) {
          channel.write(binary(palettes));
          sentPalettes = true;
        }
      }
      return sentPalettes;
    }

    /** Sends {@code frame} now, or after the write in flight, unless a newer frame comes first. */
    void offer(StateFrame frame) {
      if (writing) {
        pending = frame;
      } else {
        send(frame);
      }
    }

    /** The frame, after the palettes and models this viewer lacks; skipped if one of them is not known. */
    private void send(StateFrame frame) {
      if (!sendPalettes()) {
        return;
      }
      List<byte[]> models = new ArrayList<>(2);
      for (int model : frame.models()) {
        if (!sentModels.contains(model)) {
          byte[] message = source.model(model);
          if (message == null) {
            return;
          }
          models.add(message);
        }
      }
      for (int model : frame.models()) {
        sentModels.add(model);
      }
      models.forEach(message -> channel.write(binary(message)));
      writing = true;
      channel.writeAndFlush(binary(frame.message())).addListener(written -> {
        writing = false;
        StateFrame next = pending;
        pending = null;
        if (next != null && written.isSuccess()) {
          offer(next);
        }
      });
    }
  }

  private static BinaryWebSocketFrame binary(byte[] message) {
    return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message));
  }
}
