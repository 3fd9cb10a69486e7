package dev.zoomorph.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /ws/show} handler: sends every viewer the palettes, then per frame the newest frame's state, each
 * preceded by the message of any model it draws with that this viewer has not had yet (so a model goes to a viewer
 * once per connection, and again after a reconnect). One write in flight per viewer: a slow viewer gets the newest
 * state and never holds up the encoder, the render loop or the other viewers. Messages are encoded once
 * ({@link StateStream}); each write wraps the same bytes.
 */
final class StateBroadcast implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> {

  private final StateStream stream;
  private final AtomicInteger viewers = new AtomicInteger();

  StateBroadcast(StateStream stream) {
    this.stream = stream;
  }

  /** Viewers connected now. */
  int viewers() {
    return viewers.get();
  }

  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    // Touched by this viewer's frames one at a time (concatMap), so a plain set.
    Set<Integer> sentModels = new HashSet<>();
    Mono<Void> sending = send(out, List.of(stream.palettes()))
        .thenMany(stream.frames()
            .onBackpressureLatest()
            // Prefetch 0: the next state is taken only when the previous write has completed.
            .concatMap(frame -> sendFrame(out, frame, sentModels), 0))
        .then();
    // Viewers are read-only: whatever they send is read and dropped; their close ends the session.
    Mono<Void> viewerGone = in.receiveFrames().then();
    return Mono.firstWithSignal(sending, viewerGone)
        .doFirst(viewers::incrementAndGet)
        .doFinally(signal -> viewers.decrementAndGet());
  }

  /** The frame, after the models this viewer lacks; skipped if one of them has already dropped out. */
  private Mono<Void> sendFrame(WebsocketOutbound out, StateStream.StateFrame frame, Set<Integer> sentModels) {
    List<byte[]> messages = new ArrayList<>(3);
    for (int model : frame.models()) {
      if (!sentModels.contains(model)) {
        byte[] message = stream.model(model);
        if (message == null) {
          return Mono.empty();
        }
        messages.add(message);
      }
    }
    for (int model : frame.models()) {
      sentModels.add(model);
    }
    messages.add(frame.message());
    return send(out, messages);
  }

  private static Mono<Void> send(WebsocketOutbound out, List<byte[]> messages) {
    return out.sendObject(Flux.fromIterable(messages)
        .map(message -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)))).then();
  }
}
