package dev.zoomorph.engine.control.osc;

/** An OSC message refused for its bundle's time tag; names the message's address and what was wrong. */
public final class OscTimeTagException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a message was refused. */
  public enum Reason {
    /** Its time tag is further ahead than the server waits (a sender's clock far off, or a mistake). */
    TOO_FAR_AHEAD,
    /** As many messages as the server holds already wait for their time tags. */
    TOO_MANY_WAITING
  }

  private final Reason reason;
  private final String address;

  OscTimeTagException(Reason reason, String address, String problem) {
    // No stack trace: a flood of far-future bundles makes one per message, and the message says it all.
    super(address + ": " + problem, null, false, false);
    this.reason = reason;
    this.address = address;
  }

  /** Why the message was refused. */
  public Reason reason() {
    return reason;
  }

  /** The address (or address pattern) of the refused message. */
  public String address() {
    return address;
  }
}
