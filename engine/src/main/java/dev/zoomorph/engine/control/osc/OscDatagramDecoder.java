package dev.zoomorph.engine.control.osc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each datagram into the {@link OscMessage}s it holds (bundles flattened, see {@link OscPacket#messages()}),
 * each with its sender ({@link OscReceived}).
 * A datagram that does not decode is counted by reason and dropped; the superclass releases every datagram once.
 */
final class OscDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
  private static final Logger LOG = LoggerFactory.getLogger(OscDatagramDecoder.class);

  private final OscServerCounters counters;

  OscDatagramDecoder(OscServerCounters counters) {
    super(DatagramPacket.class);
    this.counters = counters;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket datagram, List<Object> out) {
    try {
      for (OscMessage message : OscCodec.decode(datagram.content().nioBuffer()).messages()) {
        out.add(new OscReceived(datagram.sender(), message));
      }
    } catch (OscFormatException e) {
      (e.reason() == OscFormatException.Reason.NON_FINITE ? counters.nonFinite : counters.malformed).incrementAndGet();
      LOG.debug("dropped OSC packet from {}: {}", datagram.sender(), e.getMessage());
    } catch (RuntimeException e) {
      // Not expected (the fuzz test looks for it), but an exception reaching the reactive bridge would end the
      // inbound stream and silence the server for the rest of the show: count it as malformed and say it loudly.
      counters.malformed.incrementAndGet();
      LOG.error("OSC decoder failed on a packet from {}", datagram.sender(), e);
    }
  }
}
