package dev.zoomorph.web;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The HTTP server browsers watch a show on, as a show's server and a relay both run it: the pages of its {@link
 * WebAssets}, {@value #HEALTH}, the JPEG frames on {@value #FRAMES}, the state stream on {@value #SHOW}, and whatever
 * else the caller routes ({@link EdgeRoutes}: HEAD wherever GET, 404 and 405 as JSON, the security headers on every
 * response; {@link MalformedRequests}: requests that cannot be read as HTTP answered likewise). While the state stream
 * is not available (a relay whose show does not publish it), {@value #SHOW} answers 404, so that the viewer page shows
 * the JPEG frames instead of waiting. Its connections are tracked, so that disposing of the server also closes the
 * open ones, not just the listening socket, and held to {@link HttpLimits}.
 */
public final class ViewerServer {

  /** The WebSocket of the JPEG frames. */
  public static final String FRAMES = "/ws/frames";
  /** The WebSocket of the state stream, which the viewer page draws from itself. */
  public static final String SHOW = "/ws/show";
  /** Whether frames are coming, as JSON; 503 when they are not. */
  public static final String HEALTH = "/health";
  /** Bytes a connection's kernel buffer may hold not yet sent: less than one frame, as HTTP/2 servers use. */
  static final long UNSENT_BYTES = 16 * 1024;

  private ViewerServer() {}

  /**
   * Listens on {@code host:port} (0: any free port) now, its connections held to {@code limits}.
   *
   * @throws RuntimeException from Reactor Netty when it cannot listen there
   */
  public static DisposableServer bind(String host, int port, HttpLimits limits, WebAssets assets,
      BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> health,
      FrameBroadcast frames, StateBroadcast state, Consumer<HttpServerRoutes> more) {
    EdgeRoutes routes = new EdgeRoutes();
    assets.routes(routes);
    routes.get(HEALTH, health)
        .ws(FRAMES, frames, ReadOnlySockets.SPEC)
        // As routes.ws does it, and 404 while there is no state stream.
        .get(SHOW, (request, response) -> state.isAvailable() && request.requestHeaders()
                .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
            ? response.sendWebsocket(state, ReadOnlySockets.SPEC)
            : JsonBodies.error(response, HttpResponseStatus.NOT_FOUND, "this show's state stream is not served here"));
    more.accept(routes);
    HttpServer server = limits.applyTo(HttpServer.create()
        .host(host)
        .port(port)
        .channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
        // Runs after Reactor Netty has set up its pipeline, the codec included.
        .doOnChannelInit((observer, channel, remote) -> channel.pipeline()
            .addAfter(NettyPipeline.HttpCodec, MalformedRequests.NAME, new MalformedRequests())));
    if (Epoll.isAvailable()) {
      // A frame's write ends when the kernel has taken it, and the kernel takes as much as its send buffer holds,
      // which grows to megabytes: a viewer behind a slow link got every frame, ever later (40 s of JPEGs queued per
      // stalled socket). With this, the kernel holds at most this much not yet sent, so one write in flight means
      // what it says and a slow viewer skips to the newest frame; what is sent but not yet acknowledged still grows
      // with the link, so a fast one far away is not slowed. (Linux only: on other systems the kernel's buffer rules.)
      server = server.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, UNSENT_BYTES);
    }
    return server.handle(routes).bindNow();
  }
}
