package dev.zoomorph.engine.control.osc;

import dev.zoomorph.engine.control.RateLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;

/**
 * Drops datagrams from a sender over its rate before they are decoded, counting them: a flood from one address
 * costs a map lookup per datagram and never fills the buffer the other senders' messages go through.
 */
final class SenderRateFilter extends ChannelInboundHandlerAdapter {
  private final RateLimits<InetAddress> limits;
  private final OscServerCounters counters;

  SenderRateFilter(RateLimits<InetAddress> limits, OscServerCounters counters) {
    this.limits = limits;
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket datagram && !limits.tryAcquire(datagram.sender().getAddress())) {
      counters.rateLimited.incrementAndGet();
      datagram.release();
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
