package dev.zoomorph.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A show playing live: its render loop, the JPEG encoder and the HTTP server with the viewer page ({@code /}), the
 * frame WebSocket ({@code /ws/frames}) and {@code /health}. Created running by {@link #start}; {@link #close} shuts
 * everything down in order and frees the show's generator.
 */
final class LiveServer implements AutoCloseable {

  /** {@code /health} reports 503 when the newest frame is older than this. */
  static final Duration STALE_AFTER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(LiveServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Viewers only ever send close and ping frames; anything bigger is refused. */
  private static final int MAX_INBOUND_FRAME = 1024;

  private final Show show;
  private final RenderLoop renderLoop;
  private final JpegEncoder encoder;
  private final FrameBroadcast broadcast;
  private final DisposableServer server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private LiveServer(Show show, String host, int port) {
    this.show = show;
    this.renderLoop = new RenderLoop(show);
    this.encoder = new JpegEncoder(renderLoop.frames(), show.output());
    this.broadcast = new FrameBroadcast(encoder.jpegs());
    byte[] page = ViewerPage.load();
    try {
      this.server = HttpServer.create()
          .host(host)
          .port(port)
          // Tracked so that closing the server also closes open connections, not just the listening socket.
          .channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
          .route(routes -> routes
              .get("/", (request, response) -> html(response, page))
              .get("/health", this::health)
              .ws("/ws/frames", broadcast,
                  WebsocketServerSpec.builder().maxFramePayloadLength(MAX_INBOUND_FRAME).build()))
          .bindNow();
    } catch (RuntimeException e) {
      encoder.close();
      renderLoop.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts rendering {@code show} and serving it on {@code host:port} (port 0 picks a free one). On failure the
   * show is left open for the caller to close.
   */
  static LiveServer start(Show show, String host, int port) {
    return new LiveServer(show, host, port);
  }

  String host() {
    return server.host();
  }

  int port() {
    return server.port();
  }

  RenderLoop renderLoop() {
    return renderLoop;
  }

  /** WebSocket viewers connected now. */
  int viewers() {
    return broadcast.viewers();
  }

  private static Publisher<Void> html(HttpServerResponse response, byte[] page) {
    return response
        .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .sendByteArray(Mono.just(page));
  }

  private Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
    boolean up = renderLoop.isProducing(STALE_AFTER);
    Health health = new Health(up ? "up" : "down", Math.round(renderLoop.fps() * 10) / 10.0,
        renderLoop.frameCount(), viewers());
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(health);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the health report", e);
    }
    return response
        .status(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendByteArray(Mono.just(body));
  }

  /** The {@code /health} body. */
  record Health(String status, double fps, long frames, int viewers) {}

  /** Blocks until {@link #close} has finished. */
  void awaitClose() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops the render loop (which ends every viewer's stream with a WebSocket close), closes the server and its
   * sockets, then frees the generator; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      renderLoop.close();
      encoder.close();
      server.disposeNow(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("the server did not close cleanly: {}", e.toString());
    } finally {
      show.close();
      stopped.countDown();
    }
  }
}
