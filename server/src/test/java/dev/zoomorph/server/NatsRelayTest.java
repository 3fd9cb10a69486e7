package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.relay.FrameEnvelope;
import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.relay.NatsPublisher;
import dev.zoomorph.relay.NatsServerProcess;
import dev.zoomorph.relay.RelayServer;
import dev.zoomorph.testing.ChildJvm;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code serve --publish} and {@code relay} over a real {@code nats-server} on loopback: a show publishing to it, two
 * relays (one in this JVM, one a child process started as {@code zoomorph relay}) and WebSocket viewers on each.
 */
class NatsRelayTest {

  private static final String TOKEN = "s3cret-relay-token";
  private static final String SUBJECT = "zoomorph.test";
  private static final double FPS = 15;
  private static final Duration WINDOW = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Viewers' sockets take messages as large as a model's. */
  private static final WebsocketClientSpec VIEWER_SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build();
  /** A NATS server's max_payload far below the show's payloads, so they go in parts. */
  private static final int SMALL_MAX_PAYLOAD = 1024;

  @TempDir Path dir;

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Map<String, Long> frameOfJpeg = new ConcurrentHashMap<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closedAfter(T resource) {
    running.add(resource);
    return resource;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void twoRelaysDeliverTheShowInOrderAtItsRateAndComeBackAfterNatsRestarts() throws Exception {
    LiveServer live = closedAfter(LiveServer.start(TestShows.noise(64, 64, FPS), "127.0.0.1", 0));
    NatsServerProcess nats = NatsServerProcess.start(dir.resolve("nats.log"), "--auth", TOKEN);
    nats.kill(); // the show and a relay start while NATS is down, and connect once it is up
    NatsPublisher publisher = closedAfter(new NatsPublisher(
        NatsAddress.parse("nats://" + TOKEN + "@127.0.0.1:" + nats.port() + "/" + SUBJECT, Map.of()), live.jpegs()));
    RelayServer inProcess = closedAfter(RelayServer.start(
        NatsAddress.parse(nats.url(SUBJECT), Map.of(NatsAddress.TOKEN_VARIABLE, TOKEN)), "127.0.0.1", 0));
    Polling.await(() -> publisher.dropped() > 5, TIMEOUT,
        () -> "frames reach the publisher, which drops them while NATS is down; rendered "
            + live.renderLoop().frameCount());
    assertThat(publisher.published()).isZero();
    nats.restart();
    closedAfter(nats);
    Child child = closedAfter(Child.start(dir.resolve("relay.log"), List.of(), LISTENING_RELAY,
        "relay", "--from", nats.url(SUBJECT), "--port", "0"));
    tapEnvelopes(nats);

    long before = publisher.published();
    List<Received> a = watch(inProcess.port());
    List<Received> b = watch(child.port);
    double showFps = (publisher.published() - before) / (double) WINDOW.plusMillis(500).toSeconds();
    for (List<Received> viewer : List.of(a, b)) {
      List<Long> frames = frameNumbers(viewer);
      assertThat(frames).as("frames in order").isSorted().doesNotHaveDuplicates();
      assertThat(viewer.size()).as("frames in %s at %.1f fps published", WINDOW, showFps)
          .isGreaterThanOrEqualTo((int) (0.6 * FPS * WINDOW.toSeconds()));
    }

    // An outage: the show and both relays keep running, and deliver again soon after NATS is back. Three seconds of
    // the show's frames: long enough for the clients to have failed to reconnect several times.
    nats.kill();
    long rendered = live.renderLoop().frameCount();
    Polling.await(() -> live.renderLoop().frameCount() > rendered + 3 * FPS, TIMEOUT, () -> "the show renders on");
    assertThat(health(inProcess.port())).contains("\"nats\":\"disconnected\"");
    assertThat(health(child.port)).contains("\"nats\":\"disconnected\"");
    long newestBefore = Math.max(frameNumbers(a).get(a.size() - 1), frameNumbers(b).get(b.size() - 1));
    nats.restart();
    long restarted = System.nanoTime();
    for (int port : List.of(inProcess.port(), child.port)) {
      List<Received> again = FrameStream.take(port, 10, TIMEOUT);
      double seconds = (again.get(0).nanos - restarted) / 1e9;
      // The tap reconnects too and misses the first frames after the outage; the tenth it has seen.
      assertThat(frameNumbers(again.subList(9, 10)).get(0)).as("a frame rendered after the outage")
          .isGreaterThan(newestBefore);
      assertThat(seconds).as("seconds until relay on %d delivers again", port).isLessThan(5);
      System.out.printf("relay on port %d delivered again %.2f s after nats-server restarted%n", port, seconds);
    }
    assertThat(live.renderLoop().isProducing()).isTrue();

    child.close();
    String log = Files.readString(dir.resolve("relay.log"));
    assertThat(log).contains("Relaying " + nats.url(SUBJECT)).doesNotContain(TOKEN);
    // The outage in the relay's log: once when it began and once when it ended, not at every reconnect attempt.
    assertThat(log.lines().filter(line -> line.contains("disconnected; reconnecting"))).hasSize(1);
    assertThat(log.lines().filter(line -> line.endsWith(" reconnected"))).hasSize(1);
  }

  /**
   * {@code serve --publish tls://…} and {@code relay --from tls://…} as the launcher runs them, each in its own JVM
   * that trusts the test's certificate authority, with the token in their environment: the relay's viewer gets the
   * show's frames, and neither process prints the token.
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void serveAndRelayTalkTlsAndNeverPrintTheToken() throws Exception {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
    Path trust = dir.resolve("trust.p12");
    run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
        "-alias", "nats", "-file", cert.toString(), "-keystore", trust.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit");
    NatsServerProcess nats = closedAfter(NatsServerProcess.start(dir.resolve("nats.log"), "--auth", TOKEN,
        "--tls", "--tlscert", cert.toString(), "--tlskey", key.toString()));
    String url = "tls://127.0.0.1:" + nats.port() + "/" + SUBJECT;
    List<String> trusting = List.of("-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=changeit",
        "-Djavax.net.ssl.trustStoreType=PKCS12");
    Child serve = closedAfter(Child.start(dir.resolve("serve.log"), trusting, LISTENING_SERVE, "serve", "--preset",
        "default", "--size", "64x64", "--fps", "15", "--backend", "cpu", "--port", "0", "--no-osc",
        "--publish", url));
    Child relay = closedAfter(Child.start(dir.resolve("relay.log"), trusting, LISTENING_RELAY, "relay", "--from",
        url, "--port", "0"));

    List<Received> frames = FrameStream.take(relay.port, 5, Duration.ofSeconds(60));
    assertThat(frames).hasSize(5);
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(frames.get(4).jpeg())).getWidth())
        .isEqualTo(64);
    serve.close();
    relay.close();
    assertThat(Files.readString(dir.resolve("serve.log"))).contains("Publishing frames to NATS at " + url)
        .doesNotContain(TOKEN);
    assertThat(Files.readString(dir.resolve("relay.log"))).contains("Relaying " + url).doesNotContain(TOKEN);
  }

  /**
   * The state stream through a relay started after the show: its viewers get the palettes, the model and the frames
   * byte for byte as the show's own viewers do; and when the show restarts, the relay ends its viewers' sockets with
   * a close saying the service restarted (their model numbers would be wrong) and serves the new show's frames, whose
   * numbers start again.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theStateStreamReachesTheRelaysViewersAsTheShowSendsIt() throws Exception {
    NatsServerProcess nats = closedAfter(NatsServerProcess.start(dir.resolve("nats.log")));
    NatsAddress address = NatsAddress.parse(nats.url(SUBJECT), Map.of());
    LiveServer first = LiveServer.start(TestShows.cppn(32, 32, FPS), "127.0.0.1", 0);
    NatsPublisher publishing = new NatsPublisher(address, first.jpegs(), first.publishedState());
    Polling.await(() -> publishing.published() > 10, TIMEOUT, () -> "the show publishes");
    RelayServer relay = closedAfter(RelayServer.start(address, "127.0.0.1", 0));

    // The show's own viewer watches from before the relay's connects until after it leaves, so it has every frame.
    var both = reactor.core.publisher.Mono.zip(StateViewer.messages(first.port(), WINDOW.plusSeconds(3)).collectList(),
        StateViewer.messages(relay.port(), WINDOW).collectList().delaySubscription(Duration.ofMillis(500)))
        .block(TIMEOUT);
    List<byte[]> direct = both.getT1();
    List<byte[]> relayed = both.getT2();
    assertThat(kind(relayed.get(0))).as("the palettes come first").isEqualTo(1);
    assertThat(relayed.get(0)).isEqualTo(direct.get(0));
    List<byte[]> models = relayed.stream().filter(m -> kind(m) == 2).toList();
    assertThat(models).as("the model, once").hasSize(1);
    assertThat(models.get(0)).isEqualTo(direct.stream().filter(m -> kind(m) == 2).findFirst().orElseThrow());
    Map<Long, byte[]> directFrames = new java.util.HashMap<>();
    direct.stream().filter(m -> kind(m) == 3).forEach(m -> directFrames.put(frameNumber(m), m));
    List<byte[]> relayedFrames = relayed.stream().filter(m -> kind(m) == 3).toList();
    assertThat(relayedFrames.size()).as("frames relayed in %s at %.0f fps", WINDOW, FPS)
        .isGreaterThanOrEqualTo((int) (0.6 * FPS * WINDOW.toSeconds()));
    List<Long> numbers = relayedFrames.stream().map(NatsRelayTest::frameNumber).toList();
    assertThat(numbers).isSorted().doesNotHaveDuplicates();
    for (byte[] frame : relayedFrames) {
      assertThat(frame).as("frame %d as the show sent it", frameNumber(frame))
          .isEqualTo(directFrames.get(frameNumber(frame)));
    }

    // The show restarts: a viewer connected now is let go, and the new show's first frames come through.
    List<byte[]> before = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<WebSocketCloseStatus> watching =
        reactor.netty.http.client.HttpClient.create().websocket(VIEWER_SPEC)
            .uri("ws://127.0.0.1:" + relay.port() + "/ws/show")
            .handle((in, out) -> in.receive().asByteArray().doOnNext(before::add).then(in.receiveCloseStatus()))
            .next().toFuture();
    Polling.await(() -> before.stream().anyMatch(m -> kind(m) == 3), TIMEOUT, () -> "a frame for the viewer");
    publishing.close();
    first.close();
    LiveServer second = closedAfter(LiveServer.start(TestShows.cppn(32, 32, FPS), "127.0.0.1", 0));
    closedAfter(new NatsPublisher(address, second.jpegs(), second.publishedState()));
    assertThat(watching.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the relay's close of the viewer's socket")
        .isEqualTo(WebSocketCloseStatus.SERVICE_RESTART);
    long lastBefore = frameNumber(before.stream().filter(m -> kind(m) == 3).reduce((a, b) -> b).orElseThrow());
    List<byte[]> after = StateViewer.during(relay.port(), Duration.ofSeconds(2));
    assertThat(kind(after.get(0))).isEqualTo(1);
    List<Long> afterNumbers = after.stream().filter(m -> kind(m) == 3).map(NatsRelayTest::frameNumber).toList();
    assertThat(afterNumbers).as("the new show's frames").isNotEmpty().isSorted();
    assertThat(afterNumbers.get(0)).as("numbered from the new show's start").isLessThan(lastBefore);
  }

  /**
   * A message on the subject numbered far ahead of the show (another publisher on the subject, or a mistake) holds the
   * relay's frames up for {@link RelayServer#RESYNC_AFTER} only: then it follows the show's frames again (it waited
   * for the show to reach that number, which it never would).
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aFrameNumberedFarAheadHoldsTheRelayUpForAMomentOnly() throws Exception {
    NatsServerProcess nats = closedAfter(NatsServerProcess.start(dir.resolve("nats.log")));
    NatsAddress address = NatsAddress.parse(nats.url(SUBJECT), Map.of());
    LiveServer show = closedAfter(LiveServer.start(TestShows.noise(64, 64, FPS), "127.0.0.1", 0));
    closedAfter(new NatsPublisher(address, show.jpegs()));
    try (dev.zoomorph.testing.LogLines log = new dev.zoomorph.testing.LogLines(RelayServer.class)) {
      RelayServer relay = closedAfter(RelayServer.start(address, "127.0.0.1", 0));
      byte[] jpeg = FrameStream.take(relay.port(), 3, TIMEOUT).get(2).jpeg();
      Connection forger = closedAfter(Nats.connect("nats://127.0.0.1:" + nats.port()));
      io.nats.client.Subscription heard = forger.subscribe(SUBJECT);
      int stream = FrameEnvelope.read(heard.nextMessage(TIMEOUT).getData()).stream();
      heard.unsubscribe();
      for (byte[] message : FrameEnvelope.messages(FrameEnvelope.KIND_JPEG, stream, Long.MAX_VALUE, 0, jpeg,
          1 << 20)) {
        forger.publish(SUBJECT, message);
      }
      forger.flush(TIMEOUT);
      long forged = System.nanoTime();
      Polling.await(() -> !log.lines().isEmpty(), TIMEOUT, () -> "the relay follows the show's frames again");
      assertThat(log.lines()).singleElement().asString().startsWith("WARN JPEG frames on ").contains(
          "came for 2 s only behind frame " + Long.MAX_VALUE + ", which the show has not reached; following them"
              + " again from frame ");
      List<Received> again = FrameStream.take(relay.port(), 5, TIMEOUT);
      double seconds = (again.get(4).nanos - forged) / 1e9;
      assertThat(seconds).as("seconds from the forged frame to the fifth of the show's after it")
          .isBetween(RelayServer.RESYNC_AFTER.toMillis() / 1e3, RelayServer.RESYNC_AFTER.toSeconds() + 3.0);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void payloadsOverTheServersMaxPayloadReachTheRelaysViewersInParts() throws Exception {
    Path config = Files.writeString(dir.resolve("small.conf"), "max_payload: " + SMALL_MAX_PAYLOAD + "\n");
    NatsServerProcess nats = closedAfter(NatsServerProcess.start(dir.resolve("nats.log"), "-c", config.toString()));
    NatsAddress address = NatsAddress.parse(nats.url(SUBJECT), Map.of());
    // A tap of the subject counts the messages that carry a part, by kind (-1: unreadable ones).
    Map<Integer, Integer> partsOfKind = new ConcurrentHashMap<>();
    Connection tap = closedAfter(Nats.connect("nats://127.0.0.1:" + nats.port()));
    tap.createDispatcher(message -> {
      try {
        FrameEnvelope envelope = FrameEnvelope.read(message.getData());
        if (!envelope.whole()) {
          partsOfKind.merge(envelope.kind(), 1, Integer::sum);
        }
      } catch (FrameEnvelope.UnreadableException e) {
        partsOfKind.merge(-1, 1, Integer::sum);
      }
    }).subscribe(SUBJECT);
    tap.flush(TIMEOUT);
    // A 64-unit net's model message is about 37 KB, its 160² frames a few KB: all over a 1 KB limit.
    LiveServer show = closedAfter(LiveServer.start(TestShows.cppn(160, 160, FPS, 64), "127.0.0.1", 0));
    NatsPublisher publishing = closedAfter(new NatsPublisher(address, show.jpegs(), show.publishedState()));
    RelayServer relay = closedAfter(RelayServer.start(address, "127.0.0.1", 0));

    List<byte[]> direct = StateViewer.during(show.port(), Duration.ofSeconds(1));
    List<byte[]> relayed = StateViewer.during(relay.port(), WINDOW);
    assertThat(relayed.get(0)).as("the palettes, joined").isEqualTo(direct.get(0));
    byte[] model = direct.stream().filter(m -> kind(m) == 2).findFirst().orElseThrow();
    assertThat(model.length).isGreaterThan(30 * SMALL_MAX_PAYLOAD);
    assertThat(relayed.stream().filter(m -> kind(m) == 2).toList()).as("the model, joined").hasSize(1)
        .allSatisfy(m -> assertThat(m).isEqualTo(model));
    assertThat(relayed.stream().filter(m -> kind(m) == 3).count()).as("frames relayed in %s at %.0f fps", WINDOW, FPS)
        .isGreaterThanOrEqualTo((long) (0.5 * FPS * WINDOW.toSeconds()));

    List<Received> jpegs = FrameStream.take(relay.port(), 5, TIMEOUT);
    for (Received jpeg : jpegs) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg.jpeg));
      assertThat(image).as("a whole JPEG of %d bytes", jpeg.jpeg.length).isNotNull();
      assertThat(image.getWidth()).isEqualTo(160);
      assertThat(jpeg.jpeg.length).isGreaterThan(SMALL_MAX_PAYLOAD);
    }
    assertThat(partsOfKind).as("messages that carried a part, by kind")
        .containsKeys(FrameEnvelope.KIND_JPEG, FrameEnvelope.KIND_PALETTES, FrameEnvelope.KIND_MODEL)
        .doesNotContainKey(-1);
    assertThat(publishing.published()).isPositive();
  }

  private static int kind(byte[] stateMessage) {
    return stateMessage[0];
  }

  /** A frame message's number (little-endian, after the 8 bytes every state message starts with). */
  private static long frameNumber(byte[] frameMessage) {
    return java.nio.ByteBuffer.wrap(frameMessage, 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** A WebSocket viewer of /ws/show, connecting until the server has a state stream to serve. */
  static final class StateViewer {
    static List<byte[]> during(int port, Duration window) {
      return messages(port, window).collectList().block(TIMEOUT.plus(window));
    }

    static reactor.core.publisher.Flux<byte[]> messages(int port, Duration window) {
      return reactor.netty.http.client.HttpClient.create().websocket(VIEWER_SPEC)
          .uri("ws://127.0.0.1:" + port + "/ws/show")
          .handle((in, out) -> in.receive().asByteArray().take(window))
          // A relay answers 404 until it has heard the show's palettes.
          .retryWhen(reactor.util.retry.Retry.fixedDelay(100, Duration.ofMillis(200)));
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
  }

  /** Records which show frame each JPEG is, from the envelopes on the subject. */
  private void tapEnvelopes(NatsServerProcess nats) throws Exception {
    Connection tap = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + nats.port())
        .token(TOKEN.toCharArray()).maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).build());
    running.add(tap::close);
    Dispatcher dispatcher = tap.createDispatcher(message -> {
      try {
        FrameEnvelope envelope = FrameEnvelope.read(message.getData());
        byte[] jpeg = Arrays.copyOfRange(message.getData(), envelope.payloadOffset(), message.getData().length);
        frameOfJpeg.put(key(jpeg), envelope.frame());
      } catch (FrameEnvelope.UnreadableException e) {
        throw new AssertionError(e);
      }
    });
    dispatcher.subscribe(SUBJECT);
    tap.flush(Duration.ofSeconds(5));
  }

  private static String key(byte[] jpeg) {
    return Arrays.hashCode(jpeg) + ":" + jpeg.length;
  }

  private List<Long> frameNumbers(List<Received> received) {
    // The tap may see a frame a moment after a viewer does.
    Polling.await(() -> received.stream().allMatch(r -> frameOfJpeg.containsKey(key(r.jpeg))), TIMEOUT,
        () -> "every delivered JPEG was published");
    return received.stream().map(r -> frameOfJpeg.get(key(r.jpeg))).toList();
  }

  private static List<Received> watch(int port) {
    return FrameStream.during(port, WINDOW, TIMEOUT);
  }

  private static String health(int port) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  record Received(byte[] jpeg, long nanos) {}

  /** A WebSocket viewer of /ws/frames. */
  static final class FrameStream {
    static List<Received> during(int port, Duration window, Duration timeout) {
      return reactor.netty.http.client.HttpClient.create().websocket(VIEWER_SPEC)
          .uri("ws://127.0.0.1:" + port + "/ws/frames")
          .handle((in, out) -> in.receive().asByteArray().map(b -> new Received(b, System.nanoTime())).take(window))
          .collectList().block(timeout);
    }

    static List<Received> take(int port, int count, Duration timeout) {
      return reactor.netty.http.client.HttpClient.create().websocket(VIEWER_SPEC)
          .uri("ws://127.0.0.1:" + port + "/ws/frames")
          .handle((in, out) -> in.receive().asByteArray().map(b -> new Received(b, System.nanoTime())).take(count))
          .collectList().block(timeout);
    }
  }

  private static final Pattern LISTENING_RELAY = Pattern.compile("Relaying .*: http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern LISTENING_SERVE = Pattern.compile("Playing .*: http://127\\.0\\.0\\.1:(\\d+)/");

  /** A {@code zoomorph} command in its own JVM, the token in its environment, its output in a file. */
  static final class Child implements AutoCloseable {
    final Process process;
    final int port;

    private Child(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    /** Starts the command and waits until its output names its HTTP port ({@code listening}'s group 1). */
    static Child start(Path log, List<String> jvmOptions, Pattern listening, String... args)
        throws IOException, InterruptedException {
      ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(jvmOptions, Main.class.getName(), args)).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put(NatsAddress.TOKEN_VARIABLE, TOKEN);
      Process process = ChildJvm.start(builder);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline && process.isAlive()) {
        Matcher m = listening.matcher(Files.readString(log));
        if (m.find()) {
          return new Child(process, Integer.parseInt(m.group(1)));
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not start: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy(); // SIGTERM: the shutdown hook closes the relay
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
