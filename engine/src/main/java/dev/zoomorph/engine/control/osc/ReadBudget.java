package dev.zoomorph.engine.control.osc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Caps the datagrams the OSC server reads: after {@code perInterval} in one interval it stops reading until the next
 * (Netty's auto-read off), so a flood waits in the kernel's socket buffer, and what overflows it is dropped there at
 * no cost to the show. No controller sends anywhere near the cap; without it a flood of datagrams keeps an event loop
 * and a core busy decoding, and a two-core machine's render loop and viewers lose frames.
 */
final class ReadBudget extends ChannelInboundHandlerAdapter {
  private final int perInterval;
  private final long intervalNanos;
  private final OscServerCounters counters;
  // Event loop.
  private long intervalStart = Long.MIN_VALUE;
  private int read;

  ReadBudget(int perInterval, long intervalNanos, OscServerCounters counters) {
    this.perInterval = perInterval;
    this.intervalNanos = intervalNanos;
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long now = ctx.executor().ticker().nanoTime();
    if (intervalStart == Long.MIN_VALUE || now - intervalStart >= intervalNanos) {
      intervalStart = now;
      read = 0;
    }
    read++;
    ctx.fireChannelRead(msg);
    if (read >= perInterval && ctx.channel().config().isAutoRead()) {
      counters.throttled.incrementAndGet();
      ctx.channel().config().setAutoRead(false);
      ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true),
          intervalNanos - (now - intervalStart), TimeUnit.NANOSECONDS);
    }
  }
}
