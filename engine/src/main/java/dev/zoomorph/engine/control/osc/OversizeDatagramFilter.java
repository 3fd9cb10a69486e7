package dev.zoomorph.engine.control.osc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Drops (releases and counts) datagrams larger than the configured maximum. The channel's receive buffers are one
 * byte larger than that maximum, so a datagram the kernel had to truncate still shows up here as oversize.
 */
final class OversizeDatagramFilter extends ChannelInboundHandlerAdapter {
  private final int maxPacketSize;
  private final OscServerCounters counters;

  OversizeDatagramFilter(int maxPacketSize, OscServerCounters counters) {
    this.maxPacketSize = maxPacketSize;
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket datagram && datagram.content().readableBytes() > maxPacketSize) {
      counters.oversize.incrementAndGet();
      datagram.release();
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
