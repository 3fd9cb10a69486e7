package dev.zoomorph.server;

import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/** What the show's OSC input answers a test's socket (a refusal's {@code /zoomorph/error}). */
final class OscAnswers {

  private OscAnswers() {}

  /** The next OSC message to {@code socket}, waiting at most {@code timeout}. */
  static OscMessage next(DatagramChannel socket, Duration timeout) throws IOException {
    DatagramSocket adaptor = socket.socket();
    adaptor.setSoTimeout((int) timeout.toMillis());
    DatagramPacket datagram = new DatagramPacket(new byte[8192], 8192);
    adaptor.receive(datagram);
    return OscCodec.decode(ByteBuffer.wrap(datagram.getData(), 0, datagram.getLength())).messages().get(0);
  }
}
