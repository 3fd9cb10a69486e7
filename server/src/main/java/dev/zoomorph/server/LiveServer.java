package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.show.ShowPlaylist;
import dev.zoomorph.web.FpsMeter;
import dev.zoomorph.web.FrameBroadcast;
import dev.zoomorph.web.HttpLimits;
import dev.zoomorph.web.JsonBodies;
import dev.zoomorph.web.ReadOnlySockets;
import dev.zoomorph.web.SharedJpeg;
import dev.zoomorph.web.StateBroadcast;
import dev.zoomorph.web.StateSource;
import dev.zoomorph.web.ViewerServer;
import dev.zoomorph.web.WebAssets;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A show playing live: its render loop, the JPEG encoder, the state stream's encoder and the HTTP server with the
 * viewer page ({@code /}, {@link WebAssets}), the frame WebSocket ({@code /ws/frames}), the state stream
 * ({@code /ws/show}, {@link StateBroadcast}) and {@code /health}; with a {@link ControlSurface}, also its control
 * inputs (OSC, MIDI, browser MIDI), the control API ({@link ControlApi}, {@link StateApi}), OSCQuery ({@link
 * OscQuery}), the control page ({@code /control}) and its live feed ({@code /ws/controls}, {@link ControlFeed}).
 * Created running by {@link #start}; {@link #close} shuts everything down in order and frees the show's generator.
 */
final class LiveServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveServer.class);

  private final Show show;
  private final @Nullable ControlInputs controls;
  private final RenderLoop renderLoop;
  private final RenderWatchdog watchdog;
  private final JpegEncoder encoder;
  private final FrameBroadcast broadcast;
  private final StateStream state;
  private final StateBroadcast stateBroadcast;
  /** Whether the state is published (to NATS) as well, so encoded even while no viewer of this server watches. */
  private volatile boolean statePublished;
  /** Null when the show is not served over HTTP (a program embedding it takes its frames itself). */
  private final @Nullable DisposableServer server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private LiveServer(Show show, @Nullable ControlSurface surface, String host, @Nullable Integer port,
      @Nullable ControlOptions options, Recovery recovery, HttpLimits limits) {
    this.show = show;
    // Inputs first: a taken OSC port or a missing MIDI device fails before anything renders.
    this.controls = surface == null || options == null ? null : ControlInputs.start(surface, show.controls(), host,
        options);
    WebAssets assets = controls == null ? WebAssets.viewer() : WebAssets.viewerAndControl();
    this.state = new StateStream(show.renderedScenes(), this::stateWatched);
    this.stateBroadcast = new StateBroadcast(state);
    show.retryGlAfter(recovery.retryGlAfter());
    this.renderLoop = new RenderLoop(show);
    this.watchdog = new RenderWatchdog(renderLoop, recovery.stallAfter(), RenderWatchdog.FIRST_FRAME_GRACE,
        show::abandonGenerators, recovery.giveUp(), System::nanoTime);
    this.encoder = new JpegEncoder(renderLoop.frames(), show.output());
    this.broadcast = new FrameBroadcast(encoder.jpegs());
    if (port == null) {
      this.server = null;
      return;
    }
    try {
      this.server = ViewerServer.bind(host, port, limits, assets, this::health, broadcast, stateBroadcast, routes -> {
        if (controls != null && options != null) {
          ControlApi api = new ControlApi(options.token(), controls, options.presetSaver());
          api.routes(routes);
          StateApi stateApi = new StateApi(renderLoop, show::renderedLatent, this::viewers, controls, api,
              this::playlistPosition);
          OscQuery oscQuery = new OscQuery(controls);
          routes.get("/api/state", (request, response) -> api.limitedRead(request, response, stateApi::handle));
          routes.get("/api/presets", (request, response) -> api.limitedRead(request, response, api::presets));
          routes.route(OscQuery::matches,
              (request, response) -> api.limitedRead(request, response, oscQuery::handle));
          routes.ws("/ws/controls", new ControlFeed(controls.bus()), ReadOnlySockets.SPEC);
        }
      });
    } catch (RuntimeException e) {
      watchdog.close();
      encoder.close();
      renderLoop.close();
      stateBroadcast.close();
      state.close();
      if (controls != null) {
        controls.close();
      }
      throw ServeException.listenFailed(ServeException.Cause.HTTP_PORT, port, host, e,
          "cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
  }

  /**
   * Starts rendering {@code show}, controlled through {@code controls} by OSC (on {@code host}) and MIDI as
   * {@code options} say, and serves it over HTTP on {@code host:port} unless {@code port} is null.
   *
   * @throws ServeException if a port cannot be bound or the MIDI device cannot be found or opened
   */
  static LiveServer start(Show show, ControlSurface controls, String host, @Nullable Integer port,
      ControlOptions options) {
    return start(show, controls, host, port, options, Recovery.DEFAULT);
  }

  /** As {@link #start(Show, ControlSurface, String, Integer, ControlOptions)}, healing itself as {@code recovery} says. */
  static LiveServer start(Show show, ControlSurface controls, String host, @Nullable Integer port,
      ControlOptions options, Recovery recovery) {
    return start(show, controls, host, port, options, recovery, HttpLimits.DEFAULT);
  }

  /**
   * As {@link #start(Show, ControlSurface, String, Integer, ControlOptions, Recovery)}, its HTTP connections held to
   * {@code limits}.
   */
  static LiveServer start(Show show, ControlSurface controls, String host, @Nullable Integer port,
      ControlOptions options, Recovery recovery, HttpLimits limits) {
    return new LiveServer(show, controls, host, port, options, recovery, limits);
  }

  /**
   * Starts rendering {@code show} and serving it to viewers on {@code host:port} (port 0 picks a free one), with no
   * control inputs. On failure the show is left open for the caller to close.
   */
  static LiveServer start(Show show, String host, int port) {
    return start(show, host, port, HttpLimits.DEFAULT);
  }

  /** As {@link #start(Show, String, int)}, its HTTP held to {@code limits}. */
  static LiveServer start(Show show, String host, int port, HttpLimits limits) {
    return new LiveServer(show, null, host, port, null, Recovery.DEFAULT, limits);
  }

  /**
   * How the show heals itself: a render loop with no frame for {@code stallAfter} is restarted, and {@code giveUp}
   * runs when restarts do not help ({@link RenderWatchdog}); after a GL context loss GL is tried again after
   * {@code retryGlAfter}.
   */
  record Recovery(Duration stallAfter, Duration retryGlAfter, Runnable giveUp) {
    static final Recovery DEFAULT = new Recovery(RenderWatchdog.DEFAULT_STALL, Duration.ofSeconds(60),
        () -> log.error("the render loop cannot be restarted; /health stays down"));
  }

  /** The HTTP server's address; only for a served show. */
  String host() {
    return served().host();
  }

  /** The HTTP port; only for a served show. */
  int port() {
    return served().port();
  }

  boolean isServed() {
    return server != null;
  }

  private DisposableServer served() {
    if (server == null) {
      throw new IllegalStateException("this show is not served over HTTP");
    }
    return server;
  }

  /** The show it plays. */
  Show show() {
    return show;
  }

  /** The control inputs, or null for a viewers-only server. */
  @Nullable ControlInputs controls() {
    return controls;
  }

  RenderLoop renderLoop() {
    return renderLoop;
  }

  /** Each frame's JPEG from now on, as viewers get it (see {@link JpegEncoder#jpegs}). */
  Flux<SharedJpeg> jpegs() {
    return encoder.jpegs();
  }

  /** Where the show's playlist is, or null without one. */
  private ShowPlaylist.@Nullable Position playlistPosition() {
    ShowPlaylist playlist = show.controls().playlist();
    return playlist == null ? null : playlist.position();
  }

  /**
   * The state stream, for a publisher that sends it on (to relays): from now on it is encoded whether or not this
   * server's own viewers watch it.
   */
  StateSource publishedState() {
    statePublished = true;
    return state;
  }

  /** Encoder thread. */
  private boolean stateWatched() {
    // Null only while the constructor runs, before the render loop that makes the scenes has started.
    StateBroadcast viewers = stateBroadcast;
    return statePublished || viewers != null && viewers.viewers() > 0;
  }

  /** WebSocket viewers connected now: of the JPEG stream and of the state stream. */
  int viewers() {
    return broadcast.viewers() + stateBroadcast.viewers();
  }

  private Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
    boolean up = renderLoop.isProducing();
    Health health = new Health(up ? "up" : "down", Math.round(renderLoop.fps() * 10) / 10.0,
        renderLoop.frameCount(), viewers(), renderLoop.restarts(), show.generatorRebuilds(), show.onGlFallback());
    return JsonBodies.send(response, up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, health);
  }

  /**
   * The {@code /health} body: "up" while frames come (503 "down" when the newest is older than {@link
   * FpsMeter#isFresh} allows or the render loop has not produced since its last restart).
   *
   * @param restarts render loop restarts by the watchdog
   * @param rebuilds generators rebuilt after failures, a lost GL context or a hung frame
   * @param glFallback whether frames are drawn on the CPU because the GL context was lost
   */
  record Health(String status, double fps, long frames, int viewers, int restarts, long rebuilds,
      boolean glFallback) {}

  /** Blocks until {@link #close} has finished. */
  void awaitClose() throws InterruptedException {
    stopped.await();
  }

  /** Blocks until {@link #close} has finished or {@code timeout} has passed; true if closed. */
  boolean awaitClose(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
      watchdog.close();
      if (controls != null) {
        controls.close();
      }
      renderLoop.close();
      encoder.close();
      stateBroadcast.close();
      state.close();
      if (server != null) {
        server.disposeNow(Duration.ofSeconds(5));
      }
    } catch (RuntimeException e) {
      log.warn("the server did not close cleanly: {}", e.toString());
    } finally {
      show.close();
      stopped.countDown();
    }
  }
}
