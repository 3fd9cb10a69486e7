package dev.zoomorph.web;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * JSON in and out of the HTTP API: request bodies read with a size limit and parsed strictly (unknown fields,
 * trailing content, missing or null {@link Required} fields, nulls in lists and fractions where whole numbers belong
 * are errors),
 * errors answered as {@code {"error": "..."}}.
 */
public final class JsonBodies {

  /** Control requests are a few hundred bytes; anything near this is not one. */
  public static final int MAX_BODY = 16 * 1024;

  /** Strict reading (see above); writing as Jackson does by default. */
  public static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      // A null in a list is refused where it is, as a null required field is (handlers never see either).
      .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBodies() {}

  /**
   * A request field that must be given, and not as {@code null}: Jackson's {@code required} alone lets an explicit
   * {@code null} through to the handler.
   */
  @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
  @Retention(RetentionPolicy.RUNTIME)
  @JacksonAnnotationsInside
  @JsonProperty(required = true)
  @JsonSetter(nulls = Nulls.FAIL)
  public @interface Required {}

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
   * The body parsed as {@code type}; fails with {@link BadRequest} (413 when too large, 400 when it is not that
   * JSON, naming the problem and where). An empty body parses as {@code {}} when {@code emptyAllowed}.
   */
  public static <T> Mono<T> read(HttpServerRequest request, Class<T> type, boolean emptyAllowed) {
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
    } catch (UnrecognizedPropertyException e) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "unknown field \"" + e.getPropertyName() + "\""
          + where(e.getLocation()) + "; known fields: " + e.getKnownPropertyIds().stream()
              .map(String::valueOf).sorted().collect(Collectors.joining(", ")));
    } catch (InvalidNullException e) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST,
          "null is not allowed (field " + path(e) + ")" + where(e.getLocation()));
    } catch (JsonProcessingException e) {
      String path = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
          ? " (field " + path(mapping) + ")" : "";
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST,
          "malformed JSON: " + firstLine(e.getOriginalMessage()) + path + where(e.getLocation()));
    } catch (IllegalArgumentException e) {
      // A request record refusing a value.
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "unreadable body: " + e.getMessage());
    }
    if (request == null) {
      throw new BadRequest(HttpResponseStatus.BAD_REQUEST, "the request body must be a JSON object, was null");
    }
    return request;
  }

  /** Where in the body the problem is, as a reader writes it: {@code messages[0][2]}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
      } else {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
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

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /** Sends {@code body} as JSON with {@code status}. */
  public static Publisher<Void> send(HttpServerResponse response, HttpResponseStatus status, Object body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response as JSON: " + e.getMessage(), e);
    }
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
}
