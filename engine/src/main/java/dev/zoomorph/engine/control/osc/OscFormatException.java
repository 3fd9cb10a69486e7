package dev.zoomorph.engine.control.osc;

/** Bytes that are not a valid OSC 1.0 packet (or carry a value Zoomorph refuses); names the problem and its offset. */
public final class OscFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a packet was refused. */
  public enum Reason {
    /** Not OSC 1.0: truncated, misaligned, bad padding, unsupported type tag, bad size, nesting too deep, ... */
    MALFORMED,
    /** Well-formed, but a float or double argument is NaN or infinite. */
    NON_FINITE
  }

  private final Reason reason;
  private final int offset;

  OscFormatException(Reason reason, int offset, String problem) {
    // No stack trace: one is thrown per bad datagram during a flood, and the message already says where.
    super(problem + " (at byte offset " + offset + ")", null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  /** Why the packet was refused. */
  public Reason reason() {
    return reason;
  }

  /** The byte offset of the problem from the start of the packet. */
  public int offset() {
    return offset;
  }
}
