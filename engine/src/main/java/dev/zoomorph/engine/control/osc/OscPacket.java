package dev.zoomorph.engine.control.osc;

import java.util.List;

/** An OSC packet: a {@link OscMessage} or an {@link OscBundle} of packets. */
public sealed interface OscPacket permits OscMessage, OscBundle {

  /**
   * The messages of this packet in order: the message itself, or a bundle's messages with nested bundles flattened,
   * each carrying the time tag of the innermost bundle that holds it, or an enclosing one's where that is later
   * ({@link OscMessage#timeTag()}).
   */
  List<OscMessage> messages();
}
