package dev.zoomorph.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /ws/show} handler: sends every viewer the palettes, then per frame the newest frame's state, each
 * preceded by the message of any model it draws with that this viewer has not had yet (so a model goes to a viewer
 * once per connection, and again after a reconnect). One write in flight per viewer: a slow viewer gets the newest
 * state and never holds up the encoder, the render loop or the other viewers.
 *
 * <p>A frame is encoded once ({@link StateStream}) and handed to each Netty event loop once, which writes it to all
 * its viewers: a thousand viewers cost a few tasks per frame and one socket write each, not a reactive pipeline and a
 * cross-thread task per viewer (see "The state stream" in BENCHMARKS.md). Each write wraps the same bytes.
 */
final class StateBroadcast implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>>,
    AutoCloseable {

  private final StateStream stream;
  /** The viewers, by the event loop their channel runs on; each set is only touched on its loop. */
  private final Map<EventLoop, Set<Viewer>> viewersByLoop = new ConcurrentHashMap<>();
  private final AtomicInteger viewers = new AtomicInteger();
  private final Sinks.Empty<Void> ended = Sinks.empty();
  private final Disposable subscription;

  /** Broadcasts the state of {@code scenes}, encoded off the render thread while anyone watches. */
  StateBroadcast(Flux<RenderedScene> scenes) {
    this.stream = new StateStream(scenes, () -> viewers.get() > 0);
    this.subscription = stream.frames().subscribe(this::broadcast, error -> ended.tryEmitEmpty(),
        ended::tryEmitEmpty);
  }

  /** Viewers connected now. */
  int viewers() {
    return viewers.get();
  }

  /** Encoder thread: one task per event loop with viewers. */
  private void broadcast(StateStream.StateFrame frame) {
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
    return Mono.firstWithSignal(in.receiveFrames().then(), ended.asMono())
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

  /** Stops encoding and ends every viewer's session; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
    stream.close();
    ended.tryEmitEmpty();
  }

  /** One viewer's connection; touched only on its channel's event loop. */
  private final class Viewer {
    final Channel channel;
    private final Set<Integer> sentModels = new HashSet<>();
    private boolean writing;
    private StateStream.@Nullable StateFrame pending;

    Viewer(Channel channel) {
      this.channel = channel;
    }

    void start() {
      channel.writeAndFlush(binary(stream.palettes()));
    }

    /** Sends {@code frame} now, or after the write in flight, unless a newer frame comes first. */
    void offer(StateStream.StateFrame frame) {
      if (writing) {
        pending = frame;
      } else {
        send(frame);
      }
    }

    /** The frame, after the models this viewer lacks; skipped if one of them has already dropped out. */
    private void send(StateStream.StateFrame frame) {
      List<byte[]> models = new ArrayList<>(2);
      for (int model : frame.models()) {
        if (!sentModels.contains(model)) {
          byte[] message = stream.model(model);
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
        StateStream.StateFrame next = pending;
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
