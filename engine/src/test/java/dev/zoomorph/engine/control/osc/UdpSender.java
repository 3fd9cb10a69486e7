package dev.zoomorph.engine.control.osc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A plain JDK UDP socket that sends datagrams to one address on loopback, and a polling wait for network tests. */
final class UdpSender implements AutoCloseable {
  private final DatagramChannel channel;

  UdpSender(InetSocketAddress target) {
    try {
      channel = DatagramChannel.open(StandardProtocolFamily.INET);
      channel.connect(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(byte[] datagram) {
    try {
      channel.write(ByteBuffer.wrap(datagram));
    } catch (PortUnreachableException notListeningYet) {
      // A connected channel reports the ICMP answer to an earlier datagram sent before the peer bound its port;
      // callers that wait for a peer keep sending until it answers.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(OscPacket packet) {
    send(OscCodec.encode(packet));
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code condition} holds, running {@code meanwhile} between checks (e.g. resending a datagram, since
   * UDP may drop one). After {@code timeout}, fails with {@code what} (evaluated then, so it can show the state).
   */
  static void await(Supplier<String> what, Duration timeout, BooleanSupplier condition, Runnable meanwhile) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
      }
      meanwhile.run();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what.get(), e);
      }
    }
  }
}
