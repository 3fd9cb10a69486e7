package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/** The server on a real UDP socket on 127.0.0.1, fed by a plain JDK socket. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OscServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Generous: on a loaded machine the kernel drops most of a flood before the server's thread gets to run. */
  private static final Duration FLOOD_TIMEOUT = Duration.ofSeconds(60);

  private final OscServer server = new OscServer(512, 64);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void deliversMessagesAndFlattenedBundlesInArrivalOrderOffTheEventLoop() {
    InetSocketAddress address = server.start("127.0.0.1", 0);
    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(address.getPort()).isPositive();
    OscTimeTag later = new OscTimeTag(0xF000_0000_0000_0000L);
    try (UdpSender sender = new UdpSender(address)) {
      StepVerifier.create(server.messages().take(4))
          .then(() -> {
            sender.send(OscMessage.of("/zoomorph/latent/3", 0.5f));
            sender.send(OscBundle.of(later, OscMessage.of("/a", 1),
                OscBundle.of(OscTimeTag.IMMEDIATE, OscMessage.of("/b", "two")), OscMessage.of("/c", 3.0)));
          })
          .assertNext(message -> {
            assertThat(message).isEqualTo(OscMessage.of("/zoomorph/latent/3", 0.5f));
            assertThat(Thread.currentThread().getName()).startsWith("zoomorph-osc");
          })
          .expectNext(OscMessage.of("/a", 1).withTimeTag(later))
          .expectNext(OscMessage.of("/b", "two").withTimeTag(later)) // no earlier than its enclosing bundle
          .expectNext(OscMessage.of("/c", 3.0).withTimeTag(later))
          .expectComplete()
          .verify(TIMEOUT);
    }
    UdpSender.await(() -> "4 accepted messages, have " + server.stats(), TIMEOUT,
        () -> server.stats().equals(new OscServer.Stats(4, 0, 0, 0, 0, 0, 0, 0)), () -> {});
  }

  /** Answers go to the sender's own address and port, from the server's port, at most ten a second per address. */
  @Test
  void repliesReachTheSenderAndAreLimitedPerAddress() throws Exception {
    OscMessage answer = OscMessage.of("/zoomorph/error", "/zoomorph/zoom", "argument 0 must be a number");
    try (java.net.DatagramSocket peer = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
      assertThat(server.reply(to, answer)).as("not started: nowhere to send from").isFalse();
      InetSocketAddress address = server.start("127.0.0.1", 0);
      int sent = 0;
      for (int i = 0; i < 3 * OscServer.REPLY_RATE; i++) {
        sent += server.reply(to, answer) ? 1 : 0;
      }
      // The bucket refills at ten a second: one more may fit if the loop was slow.
      assertThat(sent).isBetween(OscServer.REPLY_RATE, OscServer.REPLY_RATE + 1);
      peer.setSoTimeout((int) TIMEOUT.toMillis());
      java.net.DatagramPacket datagram = new java.net.DatagramPacket(new byte[512], 512);
      for (int i = 0; i < sent; i++) {
        peer.receive(datagram);
        assertThat(datagram.getPort()).isEqualTo(address.getPort());
        assertThat(OscCodec.decode(ByteBuffer.wrap(datagram.getData(), 0, datagram.getLength())).messages())
            .containsExactly(answer);
      }
      server.close();
      assertThat(server.reply(to, answer)).as("closed").isFalse();
    }
  }

  @Test
  void countsAndDropsBadPacketsAndKeepsServing() {
    InetSocketAddress address = server.start("127.0.0.1", 0);
    byte[] nonFinite = OscCodec.encode(OscMessage.of("/a", 1f));
    ByteBuffer.wrap(nonFinite).putFloat(8, Float.POSITIVE_INFINITY);
    try (UdpSender sender = new UdpSender(address)) {
      StepVerifier.create(server.messages().take(1))
          .then(() -> {
            sender.send(new byte[] {'/', 'a', 0}); // truncated
            sender.send(new byte[] {'/', 'a', 0, 0, ',', 'q', 0, 0}); // unknown type tag
            sender.send(nonFinite);
            sender.send(OscMessage.of("/big", new byte[600])); // over this server's 512 bytes
            sender.send(new byte[65_507]); // the largest datagram there is, truncated by the receive buffer
            sender.send(OscMessage.of("/still/here", 1));
          })
          .expectNext(OscMessage.of("/still/here", 1))
          .expectComplete()
          .verify(TIMEOUT);
    }
    // Datagrams are handled in order on one event loop, so the bad ones were counted before the good one arrived;
    // the good one is counted once the event loop is back from handing it over, which may be after it arrived.
    OscServer.Stats expected = new OscServer.Stats(1, 2, 2, 1, 0, 0, 0, 0);
    UdpSender.await(() -> "stats " + expected + ", have " + server.stats(), TIMEOUT,
        () -> server.stats().equals(expected), () -> {});
    assertThat(server.stats().dropped()).isEqualTo(5);
  }

  @Test
  void aFloodIsBoundedAndTheServerKeepsServingAfterIt() {
    InetSocketAddress address = server.start("127.0.0.1", 0);
    PausedSubscriber subscriber = new PausedSubscriber();
    server.messages().subscribe(subscriber);
    byte[] valid = OscCodec.encode(OscMessage.of("/zoomorph/latent/3", 0.25f));
    byte[] malformed = {'/', 'x', 0, 0, ',', 'f', 0, 0};
    try (UdpSender sender = new UdpSender(address)) {
      UdpSender.await(() -> "the flood to overflow the buffer, have " + server.stats(), FLOOD_TIMEOUT,
          () -> server.stats().overflow() > 0 && server.stats().malformed() > 0, () -> {
            for (int i = 0; i < 500; i++) {
              sender.send(i % 10 == 0 ? malformed : valid);
            }
          });
      // Nothing was consumed: all that was accepted is the buffer plus the subscriber's prefetch, the rest dropped.
      assertThat(server.stats().accepted()).isLessThanOrEqualTo(64 + OscServer.HANDOFF_PREFETCH);
      assertThat(subscriber.received).isEmpty();

      subscriber.request(Long.MAX_VALUE);
      OscMessage after = OscMessage.of("/after/flood", 1);
      UdpSender.await(() -> "a message sent after the flood", TIMEOUT, () -> subscriber.received.contains(after),
          () -> sender.send(after));
    } finally {
      subscriber.dispose();
    }
    assertThat(subscriber.received).hasSizeGreaterThan(64);
  }

  @Test
  void closeCompletesTheStreamAndFreesThePort() {
    InetSocketAddress address = server.start("127.0.0.1", 0);
    StepVerifier.create(server.messages())
        .then(server::close)
        .expectComplete()
        .verify(TIMEOUT);
    server.close();
    StepVerifier.create(server.messages()).expectComplete().verify(TIMEOUT);
    try (OscServer again = new OscServer()) {
      assertThat(again.start("127.0.0.1", address.getPort())).isEqualTo(address);
    }
    assertThatThrownBy(() -> server.start("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already closed");
  }

  @Test
  void aTakenPortIsAClearError() {
    InetSocketAddress address = server.start("127.0.0.1", 0);
    try (OscServer second = new OscServer()) {
      assertThatThrownBy(() -> second.start("127.0.0.1", address.getPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot bind the OSC server to UDP 127.0.0.1:" + address.getPort());
    }
    assertThatThrownBy(() -> server.start("127.0.0.1", 0)).hasMessageContaining("already started");
  }

  @Test
  void refusesImpossibleLimits() {
    assertThatThrownBy(() -> new OscServer(70_000, 16)).hasMessageContaining("maxPacketSize 70000");
    assertThatThrownBy(() -> new OscServer(512, 0)).hasMessageContaining("bufferSize 0");
  }

  /** Requests nothing until told to, like a consumer stuck behind a slow frame. */
  private static final class PausedSubscriber extends BaseSubscriber<OscMessage> {
    final Queue<OscMessage> received = new ConcurrentLinkedQueue<>();

    @Override
    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
      // no demand yet
    }

    @Override
    protected void hookOnNext(OscMessage message) {
      received.add(message);
    }
  }

}
