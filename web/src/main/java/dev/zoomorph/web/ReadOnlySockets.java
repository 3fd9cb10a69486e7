package dev.zoomorph.web;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * What the WebSockets that only send accept: the viewers' {@code /ws/frames} (on a show's server and on a relay) and
 * {@code /ws/show}, and the control page's {@code /ws/controls} feed. Their clients only ever send close and ping
 * frames; what else comes is read and dropped, and a message over 1 KiB closes the socket ("message too big").
 */
public final class ReadOnlySockets {
  /**
   * The spec to serve such a socket with. Pings come to {@link #received} rather than being answered by Reactor
   * Netty, which queues a pong for every ping however far behind the client is in reading them.
   */
  public static final WebsocketServerSpec SPEC =
      WebsocketServerSpec.builder().maxFramePayloadLength(1024).handlePing(true).build();

  private ReadOnlySockets() {}

  /**
   * What the client sends, until it closes: a ping is answered with its pong while the socket takes writes, and
   * dropped while it does not, so a client that sends pings and never reads cannot fill the server's memory with
   * pongs (about half a KiB each, without end); anything else is dropped. Completes when the client goes.
   */
  public static Mono<Void> received(WebsocketInbound in, WebsocketOutbound out) {
    List<Channel> channel = new ArrayList<>(1);
    out.withConnection(connection -> channel.add(connection.channel()));
    // Frames arrive on the connection's event loop, and each is released after this step: the pong takes its own
    // reference, which the write releases.
    return in.receiveFrames()
        .doOnNext(frame -> {
          if (frame instanceof PingWebSocketFrame ping && channel.get(0).isWritable()) {
            channel.get(0).writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
          }
        })
        .then();
  }
}
