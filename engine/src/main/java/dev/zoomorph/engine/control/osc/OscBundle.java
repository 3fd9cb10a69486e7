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
    collect(this, OscTimeTag.IMMEDIATE, flat);
    return List.copyOf(flat);
  }

  /**
   * Each message with its bundle's time tag, but none earlier than an enclosing bundle's: OSC 1.0 has a nested
   * bundle's tag no earlier than its enclosing one's, so an inner "immediately" cannot jump an outer bundle's time.
   */
  private static void collect(OscBundle bundle, OscTimeTag notBefore, List<OscMessage> into) {
    OscTimeTag tag = later(notBefore, bundle.timeTag);
    for (OscPacket element : bundle.elements) {
      if (element instanceof OscMessage message) {
        into.add(message.withTimeTag(tag));
      } else {
        collect((OscBundle) element, tag, into);
      }
    }
  }

  /** The later of two tags; {@link OscTimeTag#IMMEDIATE} is the earliest. */
  private static OscTimeTag later(OscTimeTag a, OscTimeTag b) {
    if (a.isImmediate()) {
      return b;
    }
    if (b.isImmediate()) {
      return a;
    }
    return Long.compareUnsigned(a.ntpTime(), b.ntpTime()) >= 0 ? a : b; // NTP time is an unsigned 64-bit count
  }
}
