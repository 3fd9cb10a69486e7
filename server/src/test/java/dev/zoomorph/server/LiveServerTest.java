package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.web.WebAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live server over real sockets on 127.0.0.1. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LiveServerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void viewersReceiveChangingJpegsAtTheShowSize() throws IOException {
    try (LiveServer live = LiveServer.start(TestShows.cppn(160, 96, 30), "127.0.0.1", 0)) {
      List<byte[]> jpegs = FrameClients.receive(live, 12, TIMEOUT);

      assertThat(jpegs).hasSize(12);
      BufferedImage first = ImageIO.read(new ByteArrayInputStream(jpegs.get(0)));
      BufferedImage last = ImageIO.read(new ByteArrayInputStream(jpegs.get(jpegs.size() - 1)));
      assertThat(first).as("first message decodes as an image").isNotNull();
      assertThat(last).as("last message decodes as an image").isNotNull();
      assertThat(first.getWidth()).isEqualTo(160);
      assertThat(first.getHeight()).isEqualTo(96);
      assertThat(PixelStats.meanAbsoluteDifference(first, last)).as("frames change over time").isGreaterThan(2);
      assertThat(PixelStats.standardDeviation(first)).as("a frame is a picture, not a flat colour").isGreaterThan(5);
    }
  }

  @Test
  void aViewerThatNeverReadsDoesNotSlowTheOthers() throws IOException {
    Duration window = Duration.ofSeconds(3);
    try (LiveServer live = LiveServer.start(TestShows.noise(256, 256, 30), "127.0.0.1", 0)) {
      String uri = FrameClients.framesUri(live);
      long alone = FrameClients.arrivals(uri, window).block(TIMEOUT).size();

      try (Socket stalled = StalledViewer.connect(live)) {
        // Give the stalled viewer time to fill its socket buffers, so the measurement below sees it stuck.
        FrameClients.arrivals(uri, Duration.ofMillis(1500)).block(TIMEOUT);
        assertThat(live.viewers()).as("the stalled viewer is still connected").isGreaterThanOrEqualTo(1);
        long withStalled = FrameClients.arrivals(uri, window).block(TIMEOUT).size();

        assertThat(alone).as("frames to a lone viewer in %s", window).isGreaterThan(30);
        assertThat(withStalled).as("frames with a stalled viewer vs %d alone", alone)
            .isGreaterThanOrEqualTo(Math.round(0.9 * alone));
      }
    }
  }

  @Test
  void healthIsUpWhileFramesFlowAndDownOnceTheLoopStops() throws Exception {
    try (LiveServer live = LiveServer.start(TestShows.cppn(64, 64, 30), "127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      URI health = URI.create("http://127.0.0.1:" + live.port() + "/health");
      FrameClients.receive(live, 2, TIMEOUT);

      HttpResponse<String> up = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(up.body());
      assertThat(body.get("status").asText()).isEqualTo("up");
      assertThat(body.get("frames").asLong()).isPositive();

      live.renderLoop().close();
      HttpResponse<String> down =
          http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(down.body()).get("status").asText()).isEqualTo("down");
    }
  }

  @Test
  void theViewerPageItsScriptsAndTheGlBackendsShadersAreServedWithAContentSecurityPolicy() throws Exception {
    try (LiveServer live = LiveServer.start(TestShows.cppn(32, 32, 10), "127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + live.port();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(page.headers().firstValue("content-security-policy")).hasValue(WebAssets.CONTENT_SECURITY_POLICY);
      assertThat(page.headers().firstValue("access-control-allow-origin")).isEmpty();
      assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/viewer-page.js\">")
          .doesNotContain("<script>").doesNotContain("style=");

      HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + "/assets/viewer.js")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
      assertThat(script.body()).contains("/ws/show").contains("/ws/frames");

      // The page draws with the GL backend's own shader files.
      HttpResponse<String> shader = http.send(HttpRequest.newBuilder(URI.create(base + "/glsl/cppn.frag")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(shader.body()).isEqualTo(Files.readString(
          Path.of("../shaders/src/main/resources/dev/zoomorph/shaders/cppn.frag"), StandardCharsets.UTF_8));
      assertThat(shader.body()).doesNotContain("#version");
      HttpResponse<String> control = http.send(HttpRequest.newBuilder(URI.create(base + "/control")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(control.statusCode()).as("a show without controls has no control page").isEqualTo(404);
    }
  }

  @Test
  void viewersAreReadOnlyTheirSmallMessagesAreDroppedAndAnythingOverOneKibibyteClosesTheirSocket() throws Exception {
    try (LiveServer live = LiveServer.start(TestShows.cppn(32, 32, 30), "127.0.0.1", 0)) {
      for (String path : List.of("/ws/frames", "/ws/show")) {
        Viewer viewer = Viewer.connect(URI.create("ws://127.0.0.1:" + live.port() + path));
        viewer.socket.sendText("hello", true).get(30, TimeUnit.SECONDS);
        viewer.socket.sendBinary(ByteBuffer.wrap(new byte[1024]), true).get(30, TimeUnit.SECONDS);
        viewer.messages.clear();
        assertThat(viewer.messages.poll(90, TimeUnit.SECONDS)).as("%s: messages of up to 1 KiB are dropped; the "
            + "viewer gets its frames as before", path).isNotNull();
        assertThat(viewer.closed).as("%s: still open", path).isNotDone();

        viewer.socket.sendBinary(ByteBuffer.wrap(new byte[1025]), true).get(30, TimeUnit.SECONDS);
        assertThat(viewer.closed.get(90, TimeUnit.SECONDS)).as("%s: closed as 'message too big'", path)
            .isEqualTo(1009);

        // A message in fragments counts whole: 2 × 512 bytes is dropped, 3 × 1000 closes the socket.
        Viewer fragmenting = Viewer.connect(URI.create("ws://127.0.0.1:" + live.port() + path));
        fragmenting.socket.sendBinary(ByteBuffer.wrap(new byte[512]), false).get(30, TimeUnit.SECONDS);
        fragmenting.socket.sendBinary(ByteBuffer.wrap(new byte[512]), true).get(30, TimeUnit.SECONDS);
        fragmenting.messages.clear();
        assertThat(fragmenting.messages.poll(90, TimeUnit.SECONDS)).as("%s: after 1 KiB in fragments", path)
            .isNotNull();
        assertThat(fragmenting.closed).as("%s: still open", path).isNotDone();
        for (int i = 0; i < 3; i++) {
          fragmenting.socket.sendBinary(ByteBuffer.wrap(new byte[1000]), i == 2).get(30, TimeUnit.SECONDS);
        }
        assertThat(fragmenting.closed.get(90, TimeUnit.SECONDS)).as("%s: 3000 bytes in fragments", path)
            .isEqualTo(1009);
      }
      assertThat(FrameClients.receive(live, 2, TIMEOUT)).as("the show goes on for other viewers").hasSize(2);
    }
  }

  /**
   * The show's end closes every viewer's socket with 1001 "going away", and logs nothing (one socket in a few was
   * cut without a close frame, Netty warning that its close frame had been released twice).
   */
  @Test
  void theShowsEndClosesEveryViewerWithGoingAway() throws Exception {
    List<Viewer> viewers = new java.util.ArrayList<>();
    try (dev.zoomorph.testing.LogLines log = new dev.zoomorph.testing.LogLines("io.netty.util.ReferenceCountUtil",
        "io.netty.util.concurrent.AbstractEventExecutor", "reactor.netty.http.server.HttpServerOperations")) {
      try (LiveServer live = LiveServer.start(TestShows.cppn(32, 32, 30), "127.0.0.1", 0)) {
        for (String path : List.of("/ws/frames", "/ws/frames", "/ws/frames", "/ws/show", "/ws/show")) {
          Viewer viewer = Viewer.connect(URI.create("ws://127.0.0.1:" + live.port() + path));
          viewers.add(viewer);
          assertThat(viewer.messages.poll(90, TimeUnit.SECONDS)).as("%s: a first message", path).isNotNull();
        }
      }
      for (Viewer viewer : viewers) {
        assertThat(viewer.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
      }
      Thread.sleep(500); // what the server logs of the close, it logs within this
      assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN") || line.startsWith("ERROR")).isEmpty();
    }
  }

  @Test
  void pingsAreAnsweredWhileTheViewerReadsAndDroppedWhileItDoesNot() throws Exception {
    int pings = 100_000;
    // One frame a second: the pongs are most of what comes back.
    try (LiveServer live = LiveServer.start(TestShows.cppn(16, 16, 1), "127.0.0.1", 0);
        Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096); // the viewer that does not read holds little
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", live.port()), 30_000);
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
      out.write(("GET /ws/frames HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      // Masked pings of 125 bytes (a client's frames are masked; the mask 0 leaves the payload as it is).
      byte[] ping = new byte[2 + 4 + 125];
      ping[0] = (byte) 0x89;
      ping[1] = (byte) (0x80 | 125);
      for (int i = 0; i < pings; i++) {
        out.write(ping);
      }
      out.flush();
      // Only now does the viewer read: the pongs it gets are those the server queued for it meanwhile.
      int pongs = 0;
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
        if (in.available() == 0) {
          Thread.sleep(10);
          continue;
        }
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        in.skipNBytes(length);
        if (opcode == 0xA) {
          pongs++;
          quietSince = System.nanoTime(); // until the pongs stop: the frames go on, one a second
        }
      }
      assertThat(pongs).as("pings are answered").isPositive()
          .as("but not queued without end for a viewer that does not read (each pong ~130 bytes of the server's"
              + " memory)").isLessThan(pings / 4);
      assertThat(FrameClients.receive(live, 2, TIMEOUT)).as("the show goes on for other viewers").hasSize(2);
    }
  }

  /** A viewer on the JDK's WebSocket client: its messages as they come, and the status the server closed it with. */
  private static final class Viewer implements WebSocket.Listener {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket;

    static Viewer connect(URI uri) throws Exception {
      Viewer viewer = new Viewer();
      viewer.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, viewer).get(30,
          TimeUnit.SECONDS);
      return viewer;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (last) {
        messages.add(data.remaining());
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      messages.add(data.toString());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
