package dev.zoomorph.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
  /** The most a client's message may hold, whole or in fragments. */
  static final int MAX_MESSAGE = 1024;

  /**
   * The spec to serve such a socket with. Pings come to {@link #received} rather than being answered by Reactor
   * Netty, which queues a pong for every ping however far behind the client is in reading them.
   */
  public static final WebsocketServerSpec SPEC =
      WebsocketServerSpec.builder().maxFramePayloadLength(MAX_MESSAGE).handlePing(true).build();

  /**
   * The payload of the close every socket gets when the show ends: 1001 "going away", "the show has ended". One buffer
   * that is never released, each close reading a duplicate of it: nothing is allocated per socket, so nothing can leak
   * when a close races the server's own shutdown of its connections and is never written (the leak detector caught a
   * frame made for each socket that no write ever released). Wrapped rather than allocated: not leak-tracked.
   */
  private static final ByteBuf SHOW_ENDED = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
      ByteBuffer.allocate(2).putShort(0, (short) WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code()).array(),
      "the show has ended".getBytes(StandardCharsets.UTF_8))).asReadOnly();

  private ReadOnlySockets() {}

  /** The close frame that says the show has ended, one for each socket, all sharing {@link #SHOW_ENDED}'s bytes. */
  static CloseWebSocketFrame showEnded() {
    return new CloseWebSocketFrame(true, 0, SHOW_ENDED.duplicate());
  }

  /**
   * A session that writes with {@code sending} until the client goes: when {@code sending} ends (the show did), the
   * socket is closed with 1001 "going away"; when it fails (a write to a socket the client reset), the socket is
   * closed. The session ends when what the client sends ends ({@link #received}), never by cancelling that: Reactor
   * Netty answers the cancel of a socket's inbound with a close frame written from a task that, on a socket already
   * closed, fails and logs a WARN with a stack trace (one every minute or so under viewer churn).
   */
  public static Mono<Void> session(Mono<Void> sending, WebsocketInbound in, WebsocketOutbound out) {
    // The close is written straight to the channel: Reactor Netty's sendClose, racing the server's own shutdown of
    // its connections, released its frame twice (a WARN with a stack trace).
    Mono<Void> ending = sending
        .then(Mono.fromRunnable(() -> out.withConnection(connection -> connection.channel()
            .writeAndFlush(showEnded())
            .addListener(ChannelFutureListener.CLOSE))))
        .onErrorResume(failed -> Mono.fromRunnable(() -> out.withConnection(connection -> connection.channel()
            .close())))
        .then(Mono.never());
    return Mono.firstWithSignal(ending, received(in, out));
  }

  /**
   * What the client sends, until it closes: a ping is answered with its pong while the socket takes writes, and
   * dropped while it does not, so a client that sends pings and never reads cannot fill the server's memory with
   * pongs (about half a KiB each, without end); anything else is dropped, and a message over {@value #MAX_MESSAGE}
   * bytes in fragments closes the socket as one in a single frame does. Completes when the client goes.
   */
  public static Mono<Void> received(WebsocketInbound in, WebsocketOutbound out) {
    List<Channel> channel = new ArrayList<>(1);
    out.withConnection(connection -> channel.add(connection.channel()));
    // Netty's limit is per frame; the fragments of one message are counted here. Frames arrive on the
    // connection's event loop, one at a time.
    long[] message = {0};
    // Each frame is released after this step: the pong takes its own reference, which the write releases.
    return in.receiveFrames()
        .doOnNext(frame -> {
          if (frame instanceof PingWebSocketFrame ping && channel.get(0).isWritable()) {
            channel.get(0).writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
          } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
              || frame instanceof ContinuationWebSocketFrame) {
            message[0] = (frame instanceof ContinuationWebSocketFrame ? message[0] : 0)
                + frame.content().readableBytes();
            if (message[0] > MAX_MESSAGE) {
              message[0] = Long.MIN_VALUE; // what else comes before the close is not counted again
              channel.get(0).writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                  .addListener(ChannelFutureListener.CLOSE);
            } else if (frame.isFinalFragment()) {
              message[0] = 0;
            }
          }
        })
        .then();
  }
}
