package dev.zoomorph.engine.control.osc;

import java.util.ArrayList;
import java.util.List;

/**
 * An OSC bundle: a time tag and packets (messages or nested bundles) meant to take effect together at that time.
 *
 * @param timeTag when the elements take effect ({@link OscTimeTag#IMMEDIATE} for now)
 * @param elements the packets, in order (copied)
 */
public record OscBundle(OscTimeTag timeTag, List<OscPacket> elements) implements OscPacket {

  /** Copies {@code elements}. */
  public OscBundle {
    elements = List.copyOf(elements);
  }

  /** A bundle of these packets. */
  public static OscBundle of(OscTimeTag timeTag, OscPacket... elements) {
    return new OscBundle(timeTag, List.of(elements));
  }

  @Override
  public List<OscMessage> messages() {
    List<OscMessage> flat = new ArrayList<>();
    collect(this, flat);
    return List.copyOf(flat);
  }

  private static void collect(OscBundle bundle, List<OscMessage> into) {
    for (OscPacket element : bundle.elements) {
      if (element instanceof OscMessage message) {
        into.add(message.withTimeTag(bundle.timeTag));
      } else {
        collect((OscBundle) element, into);
      }
    }
  }
}
