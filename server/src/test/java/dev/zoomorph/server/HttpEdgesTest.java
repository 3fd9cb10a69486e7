package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.web.WebAssets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edges of a show with controls, over real sockets on 127.0.0.1: HEAD wherever GET (a monitor's {@code curl
 * -I /health}), 405 with {@code Allow} for a known path asked with another method (a CORS preflight included), 404 for
 * an unknown one, each with a JSON error and the security headers docs/http-api.md promises on every response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpEdgesTest {

  @TempDir
  static Path temp;

  private LiveServer live;
  // HTTP/1.1 only: Java's client would otherwise ask to upgrade to h2c, and an upgrade header on a WebSocket's path is
  // taken as a (failed) WebSocket handshake.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start() throws Exception {
    Show show = TestShows.cppn(32, 32, 10);
    Path presets = Files.createDirectories(temp.resolve("presets"));
    live = LiveServer.start(show, show.controls(), "127.0.0.1", 0,
        new ControlOptions(new ApiToken("edge-token-7f3a"), OptionalInt.of(0), null, ShowBuilder.saver(show, presets),
            presets, null, null));
    FrameClients.receive(live, 2, java.time.Duration.ofSeconds(60)); // /health is up once frames come
  }

  @AfterAll
  void stop() {
    if (live != null) {
      live.close();
    }
  }

  @Test
  void headIsAnsweredWhereverGetIsWithTheHeadersAndNoBody() throws Exception {
    for (String path : List.of("/health", "/", "/control", "/assets/control.js", "/api/state", "/osc")) {
      HttpResponse<String> get = send("GET", path);
      HttpResponse<String> head = send("HEAD", path);
      assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
      assertThat(head.body()).as("HEAD %s", path).isEmpty();
      assertThat(head.headers().firstValue("content-type")).as("HEAD %s", path)
          .isEqualTo(get.headers().firstValue("content-type"));
      assertSecured(head);
    }
    // On the wire: the headers, then nothing (a body would be read as the next response on a kept-alive connection).
    String raw = raw("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void aKnownPathAskedWithAnotherMethodIs405WithAllowAndAJsonError() throws Exception {
    HttpResponse<String> get = send("GET", "/api/control");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).hasValue("POST");
    assertThat(get.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(error(get)).isEqualTo("GET is not allowed on /api/control; it takes POST");
    assertSecured(get);

    HttpResponse<String> post = send("POST", "/health");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(error(post)).isEqualTo("POST is not allowed on /health; it takes GET, HEAD");
    assertSecured(post);
  }

  @Test
  void aCorsPreflightIsRefusedAsAMethodNoRouteTakes() throws Exception {
    HttpRequest preflight = HttpRequest.newBuilder(uri("/api/control"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://elsewhere.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-zoomorph-token")
        .build();
    HttpResponse<String> response = http.send(preflight, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("POST");
    assertThat(response.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
    assertThat(error(response)).isEqualTo("OPTIONS is not allowed on /api/control; it takes POST");
    assertSecured(response);
  }

  @Test
  void anUnknownPathIs404WithAJsonErrorAndTheSecurityHeaders() throws Exception {
    for (String method : List.of("GET", "POST", "OPTIONS")) {
      HttpResponse<String> response = send(method, "/no/such/page?x=1");
      assertThat(response.statusCode()).as(method).isEqualTo(404);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(error(response)).isEqualTo("nothing is served at /no/such/page");
      assertSecured(response);
    }
    HttpResponse<String> head = send("HEAD", "/no/such/page");
    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
    assertSecured(head);
    // A WebSocket's path asked without the upgrade: Reactor Netty's own 404, with the headers all the same.
    assertSecured(send("GET", "/ws/frames"));
  }

  /**
   * What Netty's codec cannot read — a request line or headers over their limits, a request line or a header that is
   * not HTTP — is answered with its status, a JSON error naming the problem and the security headers, and the
   * connection is closed; the server answers the next client as before.
   */
  @Test
  void requestsThatAreNotHttpAreAnsweredWithAJsonErrorAndTheSecurityHeaders() throws Exception {
    record Bad(String request, int status, String error) {}
    for (Bad bad : List.of(
        new Bad("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
            "the request line (method, URI and version) is over 4096 bytes"),
        new Bad("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n", 431,
            "the request's headers are over 8192 bytes"),
        new Bad("BLAH\r\n\r\n", 400, "the request is not HTTP/1.1 that can be read: "),
        new Bad("GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400,
            "the request is not HTTP/1.1 that can be read: "))) {
      String raw = raw(bad.request());
      String what = bad.request().substring(0, Math.min(40, bad.request().length()));
      assertThat(raw).as(what).startsWith("HTTP/1.1 " + bad.status() + " ");
      int split = raw.indexOf("\r\n\r\n");
      String head = raw.substring(0, split).toLowerCase(java.util.Locale.ROOT);
      assertThat(head).as(what).contains("content-type: application/json", "connection: close",
          "content-security-policy: " + WebAssets.CONTENT_SECURITY_POLICY.toLowerCase(java.util.Locale.ROOT),
          "x-content-type-options: nosniff", "referrer-policy: no-referrer");
      assertThat(new ObjectMapper().readTree(raw.substring(split + 4)).get("error").asText()).as(what)
          .startsWith(bad.error());
    }
    assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
  }

  /**
   * A WebSocket upgrade without its key, or for a version other than 13, is a 400 naming what is missing, and logs
   * nothing (Reactor Netty's failed handshake logged an ERROR with a stack trace for each: anyone could fill the log).
   */
  @Test
  void aWebSocketUpgradeWithoutItsKeyIs400AndLogsNothing() throws Exception {
    try (dev.zoomorph.testing.LogLines log = new dev.zoomorph.testing.LogLines(
        "reactor.netty.http.server.HttpServerOperations", "reactor.netty.channel.ChannelOperations",
        "reactor.netty.channel.ChannelOperationsHandler", "reactor.netty.transport.ServerTransport")) {
      for (String path : List.of("/ws/frames", "/ws/show", "/ws/controls")) {
        for (String headers : List.of("", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n")) {
          String raw = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\n" + headers + "Connection: close\r\n\r\n");
          assertThat(raw).as("%s %s", path, headers).startsWith("HTTP/1.1 400 ");
          assertThat(new ObjectMapper().readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("error").asText())
              .isEqualTo("a WebSocket handshake needs the headers Sec-WebSocket-Key and Sec-WebSocket-Version: 13");
        }
      }
      assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
      Thread.sleep(500); // what the server logs of the last ones, it logs within this
      assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN") || line.startsWith("ERROR")).isEmpty();
    }
  }

  /** What the pages load is served, their icon included, and a browser's own {@code /favicon.ico} finds it too. */
  @Test
  void everythingThePagesLinkIsServedAndTheIconIsThereWhereBrowsersLook() throws Exception {
    for (String page : List.of("/", "/control")) {
      String html = send("GET", page).body();
      assertThat(html).as(page).contains("rel=\"icon\" href=\"/assets/icon.svg\"");
      Matcher linked = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"").matcher(html);
      while (linked.find()) {
        assertThat(send("GET", linked.group(1)).statusCode()).as("%s links %s", page, linked.group(1)).isEqualTo(200);
      }
    }
    for (String icon : List.of("/assets/icon.svg", "/favicon.ico")) {
      HttpResponse<String> response = send("GET", icon);
      assertThat(response.statusCode()).as(icon).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).as(icon).hasValue("image/svg+xml");
      assertThat(response.body()).as(icon).startsWith("<svg ");
      assertSecured(response);
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest.BodyPublisher body = method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
        : HttpRequest.BodyPublishers.noBody();
    return http.send(HttpRequest.newBuilder(uri(path)).method(method, body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + live.port() + path);
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", live.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return new ObjectMapper().readTree(response.body()).get("error").asText();
  }

  private static void assertSecured(HttpResponse<String> response) {
    String what = response.request().method() + " " + response.uri().getPath() + " (" + response.statusCode() + ")";
    assertThat(response.headers().firstValue("content-security-policy")).as(what)
        .hasValue(WebAssets.CONTENT_SECURITY_POLICY);
    assertThat(response.headers().firstValue("x-content-type-options")).as(what).hasValue("nosniff");
    assertThat(response.headers().firstValue("referrer-policy")).as(what).hasValue("no-referrer");
    assertThat(response.headers().firstValue("access-control-allow-origin")).as(what).isEmpty();
  }
}
