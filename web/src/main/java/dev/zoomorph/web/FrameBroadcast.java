package dev.zoomorph.web;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /ws/frames} handler: sends every viewer the newest JPEG as one binary message, with exactly one write
 * in flight per viewer. A viewer that reads slowly keeps only the newest frame waiting (older ones are dropped), so
 * it never holds up the encoder, the render loop or the other viewers.
 *
 * <p>Each write takes its own reference to the frame's shared buffer ({@link SharedJpeg#retainedDuplicate}), which
 * Netty releases when the write ends; frames dropped before their write take no reference, so nothing is left to
 * release.
 */
public final class FrameBroadcast implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> {

  private final Flux<SharedJpeg> jpegs;
  private final AtomicInteger viewers = new AtomicInteger();

  /** Sends each viewer the newest of {@code jpegs}, e.g. a {@link JpegFeed}'s. */
  public FrameBroadcast(Flux<SharedJpeg> jpegs) {
    this.jpegs = jpegs;
  }

  /** Viewers connected now. */
  public int viewers() {
    return viewers.get();
  }

  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    Mono<Void> sending = jpegs
        .onBackpressureLatest()
        // Prefetch 0: the next frame is taken only when the previous write has completed. (sendObject(Publisher)
        // would prefetch up to 128 frames per viewer and queue stale frames behind a slow socket.)
        .concatMap(jpeg -> send(out, jpeg), 0)
        .then();
    // Viewers are read-only: whatever they send is read and dropped; their close ends the session.
    return ReadOnlySockets.session(sending, in, out)
        .doFirst(viewers::incrementAndGet)
        .doFinally(signal -> viewers.decrementAndGet());
  }

  /** Completes when the write completes; skips a frame the encoder has already replaced and released. */
  private static Mono<Void> send(WebsocketOutbound out, SharedJpeg jpeg) {
    return Mono.defer(() -> {
      ByteBuf bytes = jpeg.retainedDuplicate();
      return bytes == null ? Mono.empty() : out.sendObject(new BinaryWebSocketFrame(bytes)).then();
    });
  }
}
