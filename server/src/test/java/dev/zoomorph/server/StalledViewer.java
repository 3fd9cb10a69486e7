package dev.zoomorph.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The worst kind of viewer, for tests. */
final class StalledViewer {

  private StalledViewer() {}

  /**
   * A viewer that completes the WebSocket handshake with a tiny receive buffer and then never reads: the worst
   * kind of slow client. Close it to hang up.
   */
  static Socket connect(LiveServer live) {
    return connect(live, "127.0.0.1");
  }

  /**
   * The same from the loopback address {@code from} (any of 127.0.0.0/8 reaches the show's 127.0.0.1): viewers spread
   * over addresses, as they come from many machines, each under the show's cap of connections per address.
   */
  static Socket connect(LiveServer live, String from) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(1024);
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ws/frames HTTP/1.1\r\nHost: 127.0.0.1:" + live.port() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readResponseHead(socket.getInputStream());
      if (!head.startsWith("HTTP/1.1 101")) {
        socket.close();
        throw new IllegalStateException("WebSocket upgrade refused: " + head);
      }
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP response's head, up to and with its blank line (or what came before the stream ended). */
  static String readResponseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

}
