package dev.zoomorph.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a show's frames travel on NATS: {@code nats://HOST[:PORT]/SUBJECT}, or {@code tls://…} for TLS, with
 * credentials either in the URL ({@code nats://TOKEN@HOST/SUBJECT}, {@code nats://USER:PASSWORD@HOST/SUBJECT}) or,
 * kept out of command lines, in {@value #TOKEN_VARIABLE} or {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}
 * (the URL's win). {@link #toString} and every error message leave the credentials out, so they are never logged.
 *
 * @param server the server to connect to, {@code nats://HOST:PORT} or {@code tls://HOST:PORT}, without credentials
 * @param subject the subject frames are published on
 * @param credentials how to log in, or null for a server without authentication
 */
public record NatsAddress(URI server, String subject, @Nullable Credentials credentials) {

  /** The environment variable a token may come from. */
  public static final String TOKEN_VARIABLE = "ZOOMORPH_NATS_TOKEN";
  /** The environment variable a user name may come from, with {@link #PASSWORD_VARIABLE}. */
  public static final String USER_VARIABLE = "ZOOMORPH_NATS_USER";
  /** The environment variable the password for {@link #USER_VARIABLE} comes from. */
  public static final String PASSWORD_VARIABLE = "ZOOMORPH_NATS_PASSWORD";
  /** The port when the URL names none, NATS's own. */
  public static final int DEFAULT_PORT = 4222;

  /** Dot-separated tokens of letters, digits, '-' and '_': a plain subject, no wildcards. */
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  /** A NATS login; {@link #toString} never shows the secret. */
  public sealed interface Credentials {
    /**
     * A token login.
     *
     * @param token the secret
     */
    record Token(String token) implements Credentials {
      @Override
      public String toString() {
        return "token";
      }
    }

    /**
     * A user and password login.
     *
     * @param user the user name
     * @param password the secret
     */
    record UserPassword(String user, String password) implements Credentials {
      @Override
      public String toString() {
        return "user " + user + " with a password";
      }
    }
  }

  /**
   * Parses {@code text}, taking credentials it lacks from {@code environment}.
   *
   * @throws IllegalArgumentException naming the problem, without the credentials
   */
  public static NatsAddress parse(String text, Map<String, String> environment) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + "); write nats://HOST:PORT/SUBJECT");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("nats") && !scheme.equals("tls")) {
      throw new IllegalArgumentException("the URL must start with nats:// or tls://, not '" + scheme
          + "'; write nats://HOST:PORT/SUBJECT");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("the URL names no host; write " + scheme + "://HOST:PORT/SUBJECT");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String path = uri.getPath() == null ? "" : uri.getPath();
    String subject = path.startsWith("/") ? path.substring(1) : path;
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("the URL names no subject; write " + scheme + "://" + host + ":" + port
          + "/SUBJECT, such as /zoomorph.show");
    }
    if (!SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException("subject '" + subject + "' must be dot-separated words of letters,"
          + " digits, '-' and '_' (no wildcards), such as zoomorph.show");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("the URL must end at the subject, with no ?query or #fragment");
    }
    URI server = URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    return new NatsAddress(server, subject, credentials(uri.getUserInfo(), environment));
  }

  private static @Nullable Credentials credentials(@Nullable String userInfo, Map<String, String> environment) {
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      return colon < 0 ? new Credentials.Token(userInfo)
          : new Credentials.UserPassword(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }
    String token = environment.get(TOKEN_VARIABLE);
    String user = environment.get(USER_VARIABLE);
    String password = environment.get(PASSWORD_VARIABLE);
    if (token != null && !token.isEmpty()) {
      if (user != null) {
        throw new IllegalArgumentException(TOKEN_VARIABLE + " and " + USER_VARIABLE + " are both set: NATS takes"
            + " a token or a user and password, not both");
      }
      return new Credentials.Token(token);
    }
    if (user != null && !user.isEmpty()) {
      if (password == null) {
        throw new IllegalArgumentException(USER_VARIABLE + " is set but " + PASSWORD_VARIABLE + " is not");
      }
      return new Credentials.UserPassword(user, password);
    }
    return null;
  }

  /** Whether the connection uses TLS ({@code tls://}). */
  public boolean tls() {
    return server.getScheme().equals("tls");
  }

  /** The URL without credentials, safe to print. */
  @Override
  public String toString() {
    return server + "/" + subject;
  }
}
