package dev.zoomorph.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A real reactor-netty HTTP client for the control API on 127.0.0.1. */
final class ApiClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  record Response(int status, String body, io.netty.handler.codec.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  private final HttpClient client;

  ApiClient(int port) {
    this.client = HttpClient.create().baseUrl("http://127.0.0.1:" + port);
  }

  /** A client whose connections come from {@code localAddress} (e.g. 127.0.0.2: another client to the server). */
  ApiClient(int port, String localAddress) {
    this.client = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
        .bindAddress(() -> new InetSocketAddress(localAddress, 0));
  }

  Response get(String path) {
    return get(path, Map.of());
  }

  /** GETs {@code path} with these extra headers (e.g. the token). */
  Response get(String path, Map<String, String> headers) {
    return client.headers(h -> headers.forEach(h::set)).get().uri(path)
        .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
            .map(text -> new Response(response.status().code(), text, response.responseHeaders())))
        .block(TIMEOUT);
  }

  /** POSTs {@code body} with these extra headers (e.g. the token). */
  Response post(String path, String body, Map<String, String> headers) {
    return client
        .headers(h -> {
          h.set("Content-Type", "application/json");
          headers.forEach(h::set);
        })
        .post().uri(path)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
            .map(text -> new Response(response.status().code(), text, response.responseHeaders())))
        .block(TIMEOUT);
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
