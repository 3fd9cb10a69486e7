package dev.zoomorph.server;

import dev.zoomorph.web.ViewerServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** WebSocket viewers of a live server, for the broadcast benchmark and tests. */
final class FrameClients {

  private static final WebsocketClientSpec SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build();

  /** How long after its window a viewer waits for a late start or a stalled show. */
  static final Duration LATE = Duration.ofSeconds(60);

  private FrameClients() {}

  static String framesUri(LiveServer live) {
    return "ws://127.0.0.1:" + live.port() + ViewerServer.FRAMES;
  }

  /** The first {@code count} frames a fresh viewer receives. */
  static List<byte[]> receive(LiveServer live, int count, Duration timeout) {
    return HttpClient.create()
        .websocket(SPEC)
        .uri(framesUri(live))
        .handle((in, out) -> in.receive().asByteArray().take(count))
        .collectList()
        .block(timeout);
  }

  /**
   * Arrival times (nanoTime) of the frames a fresh viewer receives in {@code window} from its first frame; the
   * viewer hangs up at the first frame after the window, or {@link #LATE} after the window if frames stop.
   */
  static Mono<List<Long>> arrivals(String uri, Duration window) {
    return HttpClient.create()
        .websocket(SPEC)
        .uri(uri)
        .handle((in, out) -> Flux.defer(() -> {
          long[] first = {Long.MIN_VALUE};
          return in.receive().map(frame -> System.nanoTime()).takeWhile(arrival -> {
            if (first[0] == Long.MIN_VALUE) {
              first[0] = arrival;
            }
            return arrival - first[0] < window.toNanos();
          });
        }))
        .take(window.plus(LATE))
        .collectList();
  }

  /** A viewer that counts the frames it receives into {@code delivered} until it is cancelled. */
  static Mono<Void> counting(String uri, AtomicLong delivered) {
    return HttpClient.create()
        .websocket(SPEC)
        .uri(uri)
        .handle((in, out) -> in.receive().doOnNext(frame -> delivered.incrementAndGet()).then())
        .then();
  }
}
