package dev.zoomorph.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.web.ViewerServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zoomorph health}: asks a running show's {@code /health} whether it renders frames; exit status 0 when it
 * does. The systemd unit of {@code zoomorph service} runs it after start; monitoring can run it too.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
        "Asks a running show whether it renders frames (GET /health).",
        "Prints the answer and exits 0 when it is up, 1 when it is down or does not answer. --wait keeps asking, once"
            + " a second, until it is up or the time is out."})
final class HealthCommand implements Callable<Integer> {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  private CommandSpec spec;

  @Option(names = "--url",
      defaultValue = "http://" + ShowBuilder.DEFAULT_HOST + ":" + ShowBuilder.DEFAULT_HTTP_PORT + ViewerServer.HEALTH,
      description = "The show's health address (default: ${DEFAULT-VALUE}).")
  private String url;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "Keep asking until the show is up, at most this long (default: ${DEFAULT-VALUE}: ask once).")
  private double waitSeconds;

  @Override
  public Integer call() throws InterruptedException {
    URI address;
    try {
      address = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url: " + e.getMessage(), e);
    }
    if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
      throw new ParameterException(spec.commandLine(), "--url must be an http:// or https:// address, was " + url);
    }
    if (!(waitSeconds >= 0 && waitSeconds <= 86_400)) {
      throw new ParameterException(spec.commandLine(), "--wait must be between 0 and 86400 seconds, was "
          + waitSeconds);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(address).timeout(REQUEST_TIMEOUT).GET().build();
    long deadline = System.nanoTime() + Math.round(waitSeconds * 1e9);
    String last;
    while (true) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        boolean up = saysUp(response.body());
        if (response.statusCode() == 200 && up) {
          PrintWriter out = spec.commandLine().getOut();
          out.println(response.body());
          out.flush();
          return 0;
        }
        // Any page answers 200: a --url that misses /health must not pass for a show that renders.
        last = response.statusCode() == 200 ? "HTTP 200 but not a show's {\"status\": \"up\"} (is --url its "
            + ViewerServer.HEALTH + "?): " + abbreviated(response.body())
            : "HTTP " + response.statusCode() + " " + abbreviated(response.body());
      } catch (IOException e) {
        last = "no answer (" + why(e) + ")";
      }
      if (System.nanoTime() + POLL.toNanos() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("zoomorph health: " + url + " is down: " + last);
    err.flush();
    return 1;
  }

  /** Whether {@code body} is a show's health answer saying it is up. */
  private static boolean saysUp(String body) {
    try {
      return "up".equals(JSON.readTree(body).path("status").asText());
    } catch (JacksonException e) {
      return false;
    }
  }

  private static String abbreviated(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

  /** Why no answer came, in words: the HTTP client's connection errors often say no more than their type. */
  static String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + REQUEST_TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
    }
    Throwable cause = e.getCause();
    if (e instanceof UnknownHostException || cause instanceof UnknownHostException
        || cause instanceof UnresolvedAddressException) {
      return "the host name does not resolve";
    }
    if (e instanceof NoRouteToHostException || cause instanceof NoRouteToHostException) {
      return "no route to the host";
    }
    if (e instanceof ConnectException || cause instanceof ConnectException) {
      return "connection refused: nothing listens there";
    }
    if (e instanceof SSLException) {
      return "the TLS handshake failed" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return e.getMessage() == null ? "the connection failed" : e.getMessage();
  }
}
