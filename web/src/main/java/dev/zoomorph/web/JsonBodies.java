package dev.zoomorph.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zoomorph.json.JsonProblem;
import dev.zoomorph.json.StrictJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * JSON in and out of the HTTP API: request bodies read with a size limit and parsed strictly ({@link StrictJson}:
 * unknown fields, trailing content, missing or null {@link dev.zoomorph.json.Required} fields, nulls in lists and
 * fractions where whole numbers belong are errors), errors answered as {@code {"error": "..."}} naming the field.
 */
public final class JsonBodies {

  /** Control requests are a few hundred bytes; anything near this is not one. */
  public static final int MAX_BODY = 16 * 1024;

  /** Strict reading ({@link StrictJson}); writing as Jackson does by default. */
  public static final ObjectMapper JSON = StrictJson.strict(JsonMapper.builder()).build();

  private JsonBodies() {}

  /** A request the client got wrong: answered with {@code status} and the message, and nothing changes. */
  public static final class BadRequest extends RuntimeException {
    /** The answer's status. */
    public final HttpResponseStatus status;

    /** Answered with {@code status} and {@code message}. */
    public BadRequest(HttpResponseStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /**
   * The body parsed as {@code type}; fails with {@link BadRequest} (413 when too large, 415 when compressed, 501
   * when sent in a transfer coding other than chunked, 400 when it is not that JSON, naming the problem and where).
   * An empty body parses as {@code {}} when {@code emptyAllowed}.
   */
  public static <T> Mono<T> read(HttpServerRequest request, Class<T> type, boolean emptyAllowed) {
    // A body of at most 16 KiB gains nothing from compression, and not decoding one is safer than inflating it.
    BadRequest coded = coding(request, "Content-Encoding", "identity",
        HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE);
    if (coded == null) {
      // Netty undoes only chunked; any other transfer coding would be read as the JSON itself.
      coded = coding(request, "Transfer-Encoding", "chunked", HttpResponseStatus.NOT_IMPLEMENTED);
    }
    if (coded != null) {
      return Mono.error(coded);
    }
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && parsesOver(length)) {
      return Mono.error(tooLarge());
    }
    // Copies each chunk out as it arrives (Netty releases the chunk), so nothing is left to release on an error.
    return request.receive().asByteArray()
        .reduce(new ByteArrayOutputStream(), (body, chunk) -> {
          if (body.size() + chunk.length > MAX_BODY) {
            throw tooLarge();
          }
          body.write(chunk, 0, chunk.length);
          return body;
        })
        .defaultIfEmpty(new ByteArrayOutputStream())
        .map(body -> parse(body.toByteArray(), type, emptyAllowed));
  }

  /** {@link #read}'s parsing of a whole body. */
  public static <T> T parse(byte[] body, Class<T> type, boolean emptyAllowed) {
    if (body.length == 0) {
      if (!emptyAllowed) {
        throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "the request needs a JSON body");
      }
      body = "{}".getBytes(StandardCharsets.UTF_8);
    }
    T request;
    try {
      request = JSON.readValue(body, type);
    } catch (JacksonException e) {
      JsonProblem problem = JsonProblem.of(e);
      String where = Stream.of(problem.field().isEmpty() ? "" : "field " + problem.field(), problem.position())
          .filter(part -> !part.isEmpty()).collect(Collectors.joining(", "));
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, (problem.syntax() ? "not valid JSON: " : "")
          + problem.message() + (where.isEmpty() ? "" : " (" + where + ")"));
    } catch (IOException e) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "unreadable body: " + e.getMessage());
    }
    if (request == null) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "the request body must be a JSON object, was null");
    }
    return request;
  }

  private static boolean parsesOver(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY;
    } catch (NumberFormatException e) {
      return false; // Netty's decoder has already refused a malformed length.
    }
  }

  private static BadRequest tooLarge() {
    return new BadRequest(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "the request body is larger than " + MAX_BODY + " bytes");
  }

  /** Sends {@code body} as JSON with {@code status}. */
  public static Publisher<Void> send(HttpServerResponse response, HttpResponseStatus status, Object body) {
    byte[] bytes = bytes(body);
    return WebAssets.secured(response)
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendByteArray(Mono.just(bytes));
  }

  /** Sends {@code {"error": message}} with {@code status}. */
  public static Publisher<Void> error(HttpServerResponse response, HttpResponseStatus status, String message) {
    return send(response, status, Map.of("error", message));
  }

  /**
   * The refusal, with {@code status}, of a body sent in a coding of {@code header} other than {@code allowed}; null
   * when it has none. Every coding of every such header is looked at: a second header, or a list in one, may name one
   * after the allowed one.
   */
  private static @Nullable BadRequest coding(HttpServerRequest request, String header, String allowed,
      HttpResponseStatus status) {
    for (String value : request.requestHeaders().getAll(header)) {
      for (String coding : value.split(",")) {
        if (!coding.isBlank() && !coding.trim().equalsIgnoreCase(allowed)) {
          return new BadRequest(status, "the request body must be sent uncompressed: its " + header + " '"
              + coding.trim() + "' is not read here");
        }
      }
    }
    return null;
  }

  /** {@code body} as a response's JSON. */
  static byte[] bytes(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response as JSON: " + e.getMessage(), e);
    }
  }
}
