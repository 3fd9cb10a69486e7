package dev.zoomorph.web;

import reactor.netty.http.server.WebsocketServerSpec;

/**
 * What the WebSockets that only send accept: the viewers' {@code /ws/frames} (on a show's server and on a relay) and
 * {@code /ws/show}, and the control page's {@code /ws/controls} feed. Their clients only ever send close and ping
 * frames; what else comes is read and dropped, and a message over 1 KiB closes the socket ("message too big").
 */
public final class ReadOnlySockets {
  /** The spec to serve such a socket with. */
  public static final WebsocketServerSpec SPEC = WebsocketServerSpec.builder().maxFramePayloadLength(1024).build();

  private ReadOnlySockets() {}
}
