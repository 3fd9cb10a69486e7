package dev.zoomorph.server;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** WebSocket viewers of a live server, for the broadcast benchmark and tests. */
final class FrameClients {

  private static final WebsocketClientSpec SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build();

  private FrameClients() {}

  static String framesUri(LiveServer live) {
    return "ws://127.0.0.1:" + live.port() + "/ws/frames";
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

  /** Arrival times (nanoTime) of the frames a fresh viewer receives within {@code duration} of subscribing. */
  static Mono<List<Long>> arrivals(String uri, Duration duration) {
    return HttpClient.create()
        .websocket(SPEC)
        .uri(uri)
        .handle((in, out) -> in.receive().map(frame -> System.nanoTime()))
        .take(duration)
        .collectList();
  }

  /** Frames within {@code window} of the first one. */
  static long countWithin(List<Long> arrivals, Duration window) {
    if (arrivals.isEmpty()) {
      return 0;
    }
    long first = arrivals.get(0);
    return arrivals.stream().filter(t -> t - first < window.toNanos()).count();
  }

  /** {@code count} viewers that each count the frames they receive. */
  static Flux<Long> counting(String uri, int count, Duration duration) {
    return Flux.range(0, count).flatMap(i -> arrivals(uri, duration).map(List::size).map(Integer::longValue));
  }
}
