package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The server's pipeline handlers release every datagram exactly once, whatever becomes of it. */
class OscDatagramHandlersTest {
  private static final InetSocketAddress HERE = new InetSocketAddress("127.0.0.1", 9000);
  private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40000);

  private final OscServerCounters counters = new OscServerCounters();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new OversizeDatagramFilter(64, counters), new OscDatagramDecoder(counters));

  @Test
  void aValidDatagramBecomesItsMessagesWithTheirSenderAndIsReleased() {
    OscTimeTag tag = new OscTimeTag(42L << 32);
    ByteBuf content = pooled(OscCodec.encode(OscBundle.of(tag, OscMessage.of("/a", 1), OscMessage.of("/b", 2f))));
    channel.writeInbound(new DatagramPacket(content, HERE, SENDER));
    assertThat(channel.<Object>readInbound())
        .isEqualTo(new OscReceived(SENDER, OscMessage.of("/a", 1).withTimeTag(tag)));
    assertThat(channel.<Object>readInbound())
        .isEqualTo(new OscReceived(SENDER, OscMessage.of("/b", 2f).withTimeTag(tag)));
    assertThat(channel.<Object>readInbound()).isNull();
    assertThat(content.refCnt()).isZero();
  }

  @Test
  void droppedDatagramsAreCountedByReasonAndReleased() {
    byte[] nonFinite = OscCodec.encode(OscMessage.of("/a", 0.0));
    ByteBuffer.wrap(nonFinite).putDouble(8, Double.NaN);
    ByteBuf malformed = pooled(new byte[] {'/', 'a', 0, 0, ',', 'x', 0, 0});
    ByteBuf notFinite = pooled(nonFinite);
    ByteBuf oversize = pooled(OscCodec.encode(OscMessage.of("/a", new byte[64])));
    for (ByteBuf content : new ByteBuf[] {malformed, notFinite, oversize}) {
      channel.writeInbound(new DatagramPacket(content, HERE, SENDER));
      assertThat(content.refCnt()).isZero();
    }
    assertThat(channel.<Object>readInbound()).isNull();
    assertThat(counters.snapshot()).isEqualTo(new OscServer.Stats(0, 1, 1, 1, 0, 0, 0, 0));
    assertThat(channel.finish()).isFalse();
  }

  private static ByteBuf pooled(byte[] bytes) {
    return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }
}
