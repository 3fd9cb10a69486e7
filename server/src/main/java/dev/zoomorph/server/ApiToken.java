package dev.zoomorph.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The secret that control requests must carry, as {@code Authorization: Bearer TOKEN} or {@code X-Zoomorph-Token:
 * TOKEN}. Compared in constant time (both sides hashed first, so not even the length leaks through timing).
 */
final class ApiToken {

  static final String HEADER = "X-Zoomorph-Token";
  /** Where serve reads its token when {@code --token} is not given: kept out of command lines and unit files. */
  static final String VARIABLE = "ZOOMORPH_TOKEN";
  private static final String BEARER = "Bearer ";
  private static final int RANDOM_BYTES = 24;

  private final String token;
  private final byte[] digest;

  ApiToken(String token) {
    if (token.isBlank() || !token.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException("the API token must be printable ASCII without spaces, and not empty");
    }
    this.token = token;
    this.digest = sha256(token);
  }

  /** A fresh unguessable token (192 random bits, URL-safe Base64). */
  static ApiToken random() {
    byte[] bytes = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new ApiToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The token itself, to print at start-up. */
  String value() {
    return token;
  }

  /** Whether {@code request} carries this token in either header. */
  boolean admits(HttpServerRequest request) {
    return matches(presented(request));
  }

  boolean matches(@Nullable String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  private static @Nullable String presented(HttpServerRequest request) {
    String header = request.requestHeaders().get(HEADER);
    if (header != null) {
      return header.trim();
    }
    String authorization = request.requestHeaders().get("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    return null;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
