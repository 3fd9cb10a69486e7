package dev.zoomorph.relay.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/** The demo over a real nats-server: its pattern reaches a browser's socket on the relay, frame after frame. */
class RelayDemoTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void thePatternGoesThroughNatsToTheRelaysViewersAndHealth() throws Exception {
    try (RelayDemo demo = RelayDemo.start(0)) {
      List<BufferedImage> frames = reactor.netty.http.client.HttpClient.create()
          .websocket()
          .uri("ws://127.0.0.1:" + demo.port() + "/ws/frames")
          .handle((in, out) -> in.receive().asByteArray().take(3))
          .map(RelayDemoTest::decode)
          .collectList()
          .block(Duration.ofSeconds(30));

      assertThat(frames).hasSize(3).allSatisfy(frame -> {
        assertThat(frame.getWidth()).isEqualTo(RelayDemo.WIDTH);
        assertThat(frame.getHeight()).isEqualTo(RelayDemo.HEIGHT);
      });
      assertThat(Flux.fromIterable(frames).map(RelayDemoTest::pixels).distinct().count().block())
          .as("the pattern moves from frame to frame").isEqualTo(3);
      assertThat(demo.published()).isGreaterThanOrEqualTo(3);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(demo.url() + "health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"up\"", "\"nats\":\"connected\"");
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(demo.url())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).as("the viewer page").contains("/assets/viewer-page.js");
      HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(demo.url() + "ws/show")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(state.statusCode()).as("no state stream: the pattern publishes JPEG frames only").isEqualTo(404);
    }
  }

  /** nats-server's log is a temporary file while the demo runs, and gone once it is closed. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void closingTheDemoDeletesNatsServersLog() throws Exception {
    Path log;
    try (RelayDemo demo = RelayDemo.start(0)) {
      log = demo.natsLog();
      assertThat(log).exists();
    }
    assertThat(log).doesNotExist();
  }

  /** A relay port that is taken ends the start; nats-server started fine, so its log goes too. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aTakenPortLeavesNoLogBehind() throws Exception {
    Set<Path> before = demoLogs();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> RelayDemo.start(taken.getLocalPort())).isInstanceOf(IllegalStateException.class);
    }
    assertThat(demoLogs()).as("nats-server logs the demo made (of those in the temp folder)").isSubsetOf(before);
  }

  /** The demo's logs in the temporary-file folder, this test's and any other run's. */
  private static Set<Path> demoLogs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().matches("relay-demo-nats.*\\.log"))
          .collect(Collectors.toSet());
    }
  }

  private static BufferedImage decode(byte[] jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(image).as("a JPEG").isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every pixel: the frame number printed on each frame makes no two alike. */
  private static List<Integer> pixels(BufferedImage frame) {
    int[] rgb = frame.getRGB(0, 0, RelayDemo.WIDTH, RelayDemo.HEIGHT, null, 0, RelayDemo.WIDTH);
    return Arrays.stream(rgb).boxed().toList();
  }
}
