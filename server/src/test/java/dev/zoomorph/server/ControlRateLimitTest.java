package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.engine.control.osc.OscServer;
import dev.zoomorph.render.Backend;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every control request is rate-limited per client address: a flood from one address (127.0.0.2 here) is refused
 * (HTTP 429) or dropped undecoded (OSC) while another address (127.0.0.1) gets every request through. Real sockets
 * on loopback; Linux routes all of 127/8 to it, so the two clients are two addresses to the server.
 */
@Timeout(180)
class ControlRateLimitTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken";
  private RunningShow show;
  private ApiClient api;

  @BeforeEach
  void start() {
    show = Zoomorph.show("default").backend(Backend.CPU).size(32, 32).fps(10).serve(0).osc(0).token(TOKEN)
        .start();
    api = new ApiClient(show.httpPort().getAsInt());
  }

  @AfterEach
  void stop() {
    show.close();
  }

  @Test
  void anHttpFloodFromOneAddressIsRefusedWhileAnotherIsServed() {
    ApiClient flooder = new ApiClient(show.httpPort().getAsInt(), "127.0.0.2");
    String zoom = "{\"address\": \"/zoomorph/zoom\", \"args\": [2.0]}";
    int flood = ControlApi.CONTROL_BURST;
    AtomicBoolean flooding = new AtomicBoolean(true);
    Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    // The flood: as fast as 32 blocking clients go, until the well-behaved client is done. Their own threads: the
    // server handles requests on the bounded-elastic scheduler, which blocked clients must not hold up.
    ExecutorService threads = Executors.newFixedThreadPool(32);
    Mono<Void> floodRun = Flux.range(0, Integer.MAX_VALUE)
        .takeWhile(i -> flooding.get())
        .flatMap(i -> Mono.fromCallable(() -> flooder.post("/api/control", zoom, ApiClient.bearer(TOKEN)).status())
            .subscribeOn(Schedulers.fromExecutorService(threads)), 32)
        .doOnNext(status -> statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet())
        .then()
        .cache();
    floodRun.subscribe();
    try {
      Polling.await(() -> rateLimited() >= flood, TIMEOUT,
          () -> "rate-limited " + rateLimited() + "; the flood's answers " + statuses);
      for (int i = 0; i < 50; i++) {
        ApiClient.Response response = api.post("/api/control", zoom, ApiClient.bearer(TOKEN));
        assertThat(response.status()).as("request " + i + ": " + response.body()).isEqualTo(200);
        assertThat(api.get("/api/state").status()).isEqualTo(200);
      }
    } finally {
      flooding.set(false);
      // The requests in flight finish: a client interrupted while it waits leaves its response's buffer unreleased
      // (a Netty leak report, and a failed test under paranoid leak detection).
      floodRun.block(TIMEOUT);
      threads.shutdown();
    }
    ApiClient.Response refused = flooder.post("/api/control", zoom, ApiClient.bearer(TOKEN));
    if (refused.status() == 429) {
      assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
      assertThat(refused.json().get("error").asText()).contains("too many requests from this address");
    }
    assertThat(rateLimited()).isGreaterThanOrEqualTo(flood);
  }

  private long rateLimited() {
    return api.get("/api/state").json().at("/inputs/http/rateLimited").asLong();
  }

  @Test
  void anOscFloodFromOneAddressIsDroppedWhileAnothersMessagesAllArrive() throws Exception {
    InetSocketAddress osc = show.oscAddress();
    AtomicLong zooms = new AtomicLong();
    Disposable counting = show.controls().applied()
        .filter(applied -> applied.message().address().equals("/zoomorph/zoom"))
        .subscribe(applied -> zooms.incrementAndGet());
    byte[] junk = OscCodec.encode(OscMessage.of("/zoomorph/flood", 1f));
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong floodSent = new AtomicLong();
    long floodStart = System.nanoTime();
    Thread flood = new Thread(() -> {
      try (DatagramChannel flooder = DatagramChannel.open()) {
        flooder.bind(new InetSocketAddress("127.0.0.2", 0));
        flooder.connect(osc);
        while (flooding.get()) {
          flooder.write(ByteBuffer.wrap(junk));
          floodSent.incrementAndGet();
          if (floodSent.get() % 10 == 0) {
            // About 10,000 a second, five times a sender's limit: more than the kernel's buffer takes when the
            // event loop cannot drain it (then every sender loses datagrams alike, which no limit can help).
            Thread.sleep(1);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "osc-flood");
    flood.start();
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.bind(new InetSocketAddress("127.0.0.1", 0));
      sender.connect(osc);
      Polling.await(() -> show.server().controls().oscStats().rateLimited() > 0, TIMEOUT,
          () -> String.valueOf(show.server().controls().oscStats()));
      for (int i = 0; i < 100; i++) {
        sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/zoom", 1f + i / 100f))));
        Thread.sleep(10);
      }
      Polling.await(() -> zooms.get() == 100, TIMEOUT, () -> zooms.get() + " of 100 arrived; "
          + show.server().controls().oscStats());
    } finally {
      flooding.set(false);
      flood.join();
      counting.dispose();
    }
    double seconds = (System.nanoTime() - floodStart) / 1e9;
    ControlInputs.OscStats stats = show.server().controls().oscStats();
    assertThat(stats.rateLimited()).as("the flood was cut at its sender").isPositive();
    // What got through of the flood (its address is unknown to the show) is at most its sender's allowance.
    assertThat(stats.unknownAddress()).as("flood messages let through in %.1f s", seconds)
        .isLessThanOrEqualTo(OscServer.DEFAULT_SENDER_BURST + Math.round(OscServer.DEFAULT_SENDER_RATE * seconds));
    assertThat(stats.overflow()).as("so it never filled the buffer the others share").isZero();
  }
}
