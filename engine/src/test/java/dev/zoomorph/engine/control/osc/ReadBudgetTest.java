package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OSC server's read budget, on Netty's embedded channel with its clock frozen and moved by hand. */
class ReadBudgetTest {
  private static final InetSocketAddress HERE = new InetSocketAddress("127.0.0.1", 9000);

  @Test
  void readingPausesForTheRestOfAnIntervalOnceItsBudgetIsSpent() {
    OscServerCounters counters = new OscServerCounters();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new ReadBudget(3, 100_000_000L, counters));

    for (int i = 0; i < 2; i++) {
      channel.writeInbound(datagram());
    }
    channel.advanceTimeBy(40, TimeUnit.MILLISECONDS);
    assertThat(channel.config().isAutoRead()).as("within the budget").isTrue();
    channel.writeInbound(datagram());
    assertThat(channel.config().isAutoRead()).as("the third of three").isFalse();
    assertThat(counters.throttled).hasValue(1);
    assertThat(channel.inboundMessages()).as("every datagram read is passed on").hasSize(3);

    channel.advanceTimeBy(59, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.config().isAutoRead()).as("until the interval ends").isFalse();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.config().isAutoRead()).as("reading again in the next interval").isTrue();

    channel.writeInbound(datagram());
    channel.writeInbound(datagram());
    assertThat(channel.config().isAutoRead()).as("a fresh budget").isTrue();
    channel.releaseInbound();
    channel.finishAndReleaseAll();
  }

  private static DatagramPacket datagram() {
    return new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {'/', 'a', 0, 0}), HERE, HERE);
  }
}
