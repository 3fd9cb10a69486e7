package dev.zoomorph.relay;

import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of a payload too large for one NATS message. The publisher sends a payload's parts one after the
 * other with nothing between them, and NATS keeps a publisher's order, so one payload is joined at a time; a part
 * that does not follow the bytes so far (one was dropped on the way) ends that payload, and the next one starts
 * afresh. Dispatcher thread only.
 */
final class PartJoiner {

  /**
   * A payload: {@code length} bytes of {@code data} from {@code offset}, and the envelope of its last message (a
   * payload's parts share their kind, stream, frame and show time).
   */
  record Payload(FrameEnvelope envelope, byte[] data, int offset, int length) {}

  private final int maxLength;
  private @Nullable FrameEnvelope last;
  private byte @Nullable [] joined;

  /** Joins payloads of up to {@code maxLength} bytes and refuses larger ones. */
  PartJoiner(int maxLength) {
    this.maxLength = maxLength;
  }

  /** The payload {@code message} completes, or null while parts are still to come or after a lost one. */
  @Nullable Payload add(FrameEnvelope envelope, byte[] message) throws FrameEnvelope.UnreadableException {
    if (envelope.whole()) {
      joined = null; // a payload in parts that lost its end
      return new Payload(envelope, message, envelope.payloadOffset(), envelope.payloadLength());
    }
    if (envelope.partOffset() == 0) {
      if (envelope.length() > maxLength) {
        joined = null;
        throw new FrameEnvelope.UnreadableException("a " + envelope.length() + "-byte payload is over this relay's "
            + maxLength + "-byte limit");
      }
      joined = new byte[envelope.length()];
    } else if (joined == null || last == null || !last.continuedBy(envelope)) {
      joined = null; // a part went missing: this payload cannot be joined
      return null;
    }
    System.arraycopy(message, envelope.payloadOffset(), joined, envelope.partOffset(), envelope.payloadLength());
    last = envelope;
    if (envelope.partOffset() + envelope.payloadLength() < envelope.length()) {
      return null;
    }
    byte[] whole = joined;
    joined = null;
    return new Payload(envelope, whole, 0, whole.length);
  }
}
