package dev.zoomorph.web;

import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The HTTP server browsers watch a show on, as a show's server and a relay both run it: the pages of its {@link
 * WebAssets}, {@value #HEALTH}, the JPEG frames on {@value #FRAMES}, and whatever else the caller routes. Its
 * connections are tracked, so that disposing of the server also closes the open ones, not just the listening socket.
 */
public final class ViewerServer {

  /** The WebSocket of the JPEG frames. */
  public static final String FRAMES = "/ws/frames";
  /** Whether frames are coming, as JSON; 503 when they are not. */
  public static final String HEALTH = "/health";

  private ViewerServer() {}

  /**
   * Listens on {@code host:port} (0: any free port) now.
   *
   * @throws RuntimeException from Reactor Netty when it cannot listen there
   */
  public static DisposableServer bind(String host, int port, WebAssets assets,
      BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> health,
      FrameBroadcast frames, Consumer<HttpServerRoutes> more) {
    return HttpServer.create()
        .host(host)
        .port(port)
        .channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
        .route(routes -> {
          assets.routes(routes);
          routes.get(HEALTH, health).ws(FRAMES, frames, ReadOnlySockets.SPEC);
          more.accept(routes);
        })
        .bindNow();
  }
}
