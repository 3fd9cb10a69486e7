package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.LogLines;
import dev.zoomorph.web.HttpLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

/**
 * What one client may hold of a show's HTTP server, over real sockets on 127.0.0.1 with short limits: a connection
 * that sends nothing, part of a request's head (even a byte at a time) or part of its body is closed after its
 * timeout, one address and all together hold at most so many connections, WebSocket viewers are past all of it, and
 * clients hanging up mid-request log nothing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectionLimitsTest {

  private static final String TOKEN = "limits-test-token";
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** Short timeouts; more connections than any test here opens. */
  private static final HttpLimits QUICK = new HttpLimits(TIMEOUT, TIMEOUT, TIMEOUT.multipliedBy(2), 64, 64);

  @Test
  void connectionsThatSendNothingOrPartOfARequestAreClosedAfterTheTimeoutWhileHealthAnswers() throws Exception {
    try (LiveServer live = serve(QUICK)) {
      long start = System.nanoTime();
      try (Socket idle = connect(live);
          Socket partialHead = connect(live, "GET /health HTTP/1.1\r\nHost: x\r\n");
          Socket partialBody = connect(live, "POST /api/control HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"addr")) {
        assertThat(health(live)).startsWith("HTTP/1.1 200 ");
        for (Socket socket : List.of(idle, partialHead, partialBody)) {
          assertThat(closedWithin(socket, Duration.ofSeconds(30))).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(health(live)).startsWith("HTTP/1.1 200 ");
      }
    }
  }

  @Test
  void aRequestHeadTrickledAByteAtATimeIsClosedOnceItsWholeTimeoutHasPassed() throws Exception {
    try (LiveServer live = serve(QUICK); Socket trickled = connect(live)) {
      String head = "GET /health HTTP/1.1\r\nHost: x\r\nAccept: " + "a".repeat(200);
      long start = System.nanoTime();
      boolean closed = false;
      // Each byte comes well within the idle timeout, so only a limit on the whole head ends it.
      for (int i = 0; i < head.length() && !closed; i++) {
        try {
          write(trickled, head.substring(i, i + 1));
        } catch (SocketException reset) {
          closed = true;
          break;
        }
        closed = closedWithin(trickled, TIMEOUT.dividedBy(4));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(closed).as("closed after %s", took).isTrue();
      assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(5));
      assertThat(health(live)).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void aWebSocketViewerReceivingFramesOutlivesTheTimeouts() throws Exception {
    try (LiveServer live = serve(QUICK)) {
      AtomicLong delivered = new AtomicLong();
      Disposable viewer = FrameClients.counting(FrameClients.framesUri(live), delivered).subscribe();
      try {
        awaitViewers(live, 1);
        Thread.sleep(QUICK.request().plus(QUICK.idle()).multipliedBy(2).toMillis());
        long before = delivered.get();
        assertThat(before).isPositive();
        Polling.await(() -> delivered.get() > before + 3, Duration.ofSeconds(10), () -> delivered + " frames");
        assertThat(live.viewers()).isEqualTo(1);
      } finally {
        viewer.dispose();
      }
    }
  }

  @Test
  void oneAddressHoldsAtMostItsLimitOfConnectionsWhileAViewerKeepsReceiving() throws Exception {
    overTheLimit(counting(8, 64), "127.0.0.1",
        "WARN refusing connections from 127.0.0.1 beyond 8 open at once (1 refused");
  }

  @Test
  void allAddressesTogetherHoldAtMostTheLimitOfConnectionsWhileAViewerKeepsReceiving() throws Exception {
    // The ones over the limit come from another address, which has none open.
    overTheLimit(counting(64, 8), "127.0.0.2",
        "WARN refusing connections beyond 8 open at once (1 refused");
  }

  /**
   * One address over its limit and then all together over theirs, within a minute: each is said in the log, once
   * (one address's flood must not hide that the server is full).
   */
  @Test
  void eachLimitsRefusalsAreSaidOnTheirOwn() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (LiveServer live = serve(counting(8, 9)); LogLines log = new LogLines(HttpLimits.class)) {
      Disposable viewer = FrameClients.counting(FrameClients.framesUri(live), new AtomicLong()).subscribe();
      try {
        awaitViewers(live, 1);
        openAnswered(live, sockets, 7);
        for (int i = 0; i < 5; i++) {
          try (Socket over = new Socket("127.0.0.1", live.port())) {
            assertThat(closedWithin(over, Duration.ofSeconds(10))).as("connection %d over 127.0.0.1's limit", i)
                .isTrue();
          }
        }
        // The ninth in all, from another address (once the refused ones are no longer counted).
        Polling.await(() -> {
          try {
            Socket ninth = new Socket("127.0.0.1", live.port(), InetAddress.getByName("127.0.0.2"), 0);
            sockets.add(ninth);
            write(ninth, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            return responseHead(ninth).startsWith("HTTP/1.1 200 ");
          } catch (IOException refused) {
            return false;
          }
        }, Duration.ofSeconds(10), () -> "a ninth connection from 127.0.0.2");
        for (int i = 0; i < 5; i++) {
          try (Socket over = new Socket("127.0.0.1", live.port(), InetAddress.getByName("127.0.0.3"), 0)) {
            assertThat(closedWithin(over, Duration.ofSeconds(10))).as("connection %d over the limit in all", i)
                .isTrue();
          }
        }
        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().get(0)).startsWith("WARN refusing connections from 127.0.0.1 beyond 8 open at once (1 ");
        assertThat(log.lines().get(1)).startsWith("WARN refusing connections beyond 9 open at once (");
      } finally {
        viewer.dispose();
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  /** The default timeouts, far longer than a test waits for a connection to be closed, with these counts. */
  private static HttpLimits counting(int perAddress, int total) {
    HttpLimits limits = HttpLimits.DEFAULT;
    return new HttpLimits(limits.idle(), limits.read(), limits.request(), perAddress, total);
  }

  /**
   * With a viewer and seven connections from 127.0.0.1 open, eight in all, connections from {@code overFrom} are
   * closed as soon as they are accepted, once said by {@code warning}, while the others keep working.
   */
  private static void overTheLimit(HttpLimits limits, String overFrom, String warning) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (LiveServer live = serve(limits); LogLines log = new LogLines(HttpLimits.class)) {
      AtomicLong delivered = new AtomicLong();
      Disposable viewer = FrameClients.counting(FrameClients.framesUri(live), delivered).subscribe();
      try {
        awaitViewers(live, 1);
        openAnswered(live, sockets, 7);
        for (int i = 0; i < 20; i++) {
          try (Socket over = new Socket("127.0.0.1", live.port(), InetAddress.getByName(overFrom), 0)) {
            assertThat(closedWithin(over, Duration.ofSeconds(10))).as("connection %d over the limit", i).isTrue();
          }
        }
        // The ones within the limit still work, and the viewer still gets frames.
        write(sockets.get(0), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(responseHead(sockets.get(0))).startsWith("HTTP/1.1 200 ");
        long before = delivered.get();
        Polling.await(() -> delivered.get() > before + 3, Duration.ofSeconds(10), () -> delivered + " frames");
        assertThat(live.viewers()).isEqualTo(1);
        assertThat(log.lines()).singleElement().asString().startsWith(warning);
        // A connection closed makes room for another.
        sockets.remove(0).close();
        Polling.await(() -> health(live).startsWith("HTTP/1.1 200 "), Duration.ofSeconds(10), () -> health(live));
      } finally {
        viewer.dispose();
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void clientsHangingUpMidRequestOrSendingABrokenBodyLogNoWarnings() throws Exception {
    try (LiveServer live = serve(QUICK);
        LogLines log = new LogLines("reactor.netty.http.server.HttpServerOperations",
            "reactor.netty.channel.ChannelOperations", "reactor.netty.channel.ChannelOperationsHandler",
            "reactor.netty.transport.ServerTransport", ControlApi.class.getName(), HttpLimits.class.getName())) {
      for (int i = 0; i < 30; i++) {
        connect(live, "GET /health HTTP/1.1\r\nHost: x\r\nAccept: ").close();
        connect(live, "POST /api/control HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
            + "\r\nContent-Length: 100\r\n\r\n{\"address\": ").close();
        try (Socket chunked = connect(live, "POST /api/control HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
            + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")) {
          assertThat(responseHead(chunked)).startsWith("HTTP/1.1 400 ");
        }
      }
      assertThat(health(live)).startsWith("HTTP/1.1 200 ");
      Thread.sleep(1000); // what the server logs of the last ones, it logs within this
      assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN") || line.startsWith("ERROR")).isEmpty();
    }
  }

  private static LiveServer serve(HttpLimits limits) {
    Show show = TestShows.cppn(32, 32, 10);
    LiveServer live = LiveServer.start(show, show.controls(), "127.0.0.1", 0, new ControlOptions(new ApiToken(TOKEN),
        OptionalInt.empty(), null, null, null, null, null), LiveServer.Recovery.DEFAULT, limits);
    FrameClients.receive(live, 2, Duration.ofSeconds(60)); // /health is up once frames come
    return live;
  }

  /** {@code count} connections from 127.0.0.1, each answered, so the server has counted it before the next one. */
  private static void openAnswered(LiveServer live, List<Socket> sockets, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Socket socket = connect(live, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      sockets.add(socket);
      assertThat(responseHead(socket)).startsWith("HTTP/1.1 200 ");
    }
  }

  private static void awaitViewers(LiveServer live, int count) {
    Polling.await(() -> live.viewers() == count, Duration.ofSeconds(30), () -> live.viewers() + " viewers");
  }

  private static Socket connect(LiveServer live) throws IOException {
    return new Socket("127.0.0.1", live.port());
  }

  private static Socket connect(LiveServer live, String sent) throws IOException {
    Socket socket = connect(live);
    write(socket, sent);
    return socket;
  }

  private static void write(Socket socket, String sent) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(sent.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** A request on a connection of its own, its response's status line. */
  private static String health(LiveServer live) {
    try (Socket socket = connect(live, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      return responseHead(socket);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The response's head, up to its blank line; its body is read and left out. */
  private static String responseHead(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    String head = StalledViewer.readResponseHead(in);
    Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1))); // so that the connection can take another request
    }
    return head;
  }

  /** Whether the server closes {@code socket} within {@code limit}, whatever it sends first. */
  private static boolean closedWithin(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    try {
      // What it answers before closing (nothing, or a 400 or 408) does not matter here.
      socket.getInputStream().transferTo(OutputStream.nullOutputStream());
      return true;
    } catch (SocketException reset) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
