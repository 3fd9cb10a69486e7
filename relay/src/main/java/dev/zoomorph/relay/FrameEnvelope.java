package dev.zoomorph.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One NATS message of a show's stream (see the relay module's README): a 32-byte big-endian header, then the payload,
 * or a part of it where the whole would exceed the NATS server's {@code max_payload}.
 *
 * <pre>
 *  0  u8   version, 2
 *  1  u8   kind: 1 = JPEG frame; the state stream's 2 = frame state, 3 = palettes, 4 = model
 *  2  u16  header length in bytes, 32 (readers skip to it, so later versions may append fields)
 *  4  u32  stream: random per serve run, so a relay sees a restarted show as a new stream
 *  8  u64  frame: rising within a stream and kind; kind 1 counts the JPEGs encoded, so a gap is frames the
 *          publisher dropped; kinds 2 to 4 carry the number of the rendered frame whose state they are or precede
 * 16  u64  show time: microseconds since the stream began, when the frame was handed to the publisher
 * 24  u32  length: the whole payload's, in bytes
 * 28  u32  part offset: where this message's bytes go in the whole payload; a payload in parts is published part
 *          after part, in order, with nothing between them, so a relay joins them as they come
 * 32  …    payload: kind 1, the JPEG exactly as serve's /ws/frames sends it; kind 2, u8 N, N × u32 the numbers of
 *          the models the frame draws with, then its frame message; kind 3, the palettes message; kind 4, u32 the
 *          model's number, then its model message (the state messages exactly as serve's /ws/show sends them)
 * </pre>
 *
 * @param kind what the payload is ({@link #KIND_JPEG})
 * @param stream the publishing run's random number
 * @param frame the frame's number in its stream
 * @param showMicros the show time, microseconds since the stream began
 * @param length the whole payload's length in bytes
 * @param partOffset where this message's bytes go in the whole payload
 * @param payloadOffset where this message's bytes start in the message
 * @param payloadLength how many bytes of the payload this message carries
 */
public record FrameEnvelope(int kind, int stream, long frame, long showMicros, int length, int partOffset,
    int payloadOffset, int payloadLength) {

  /** The version this code writes and reads. */
  public static final int VERSION = 2;
  /** A JPEG frame. */
  public static final int KIND_JPEG = 1;
  /** A frame of the state stream, after the numbers of the models it draws with. */
  public static final int KIND_STATE = 2;
  /** The state stream's palettes. */
  public static final int KIND_PALETTES = 3;
  /** A model of the state stream, after its number. */
  public static final int KIND_MODEL = 4;
  /** The header's length in this version. */
  public static final int HEADER_LENGTH = 32;

  /** A message that is not a frame envelope this relay can read. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message) {
      super(message);
    }
  }

  /** Whether this message carries its whole payload. */
  public boolean whole() {
    return partOffset == 0 && payloadLength == length;
  }

  /** Whether {@code next} is the part that follows this one's bytes in the same payload. */
  boolean continuedBy(FrameEnvelope next) {
    return next.kind == kind && next.stream == stream && next.frame == frame && next.length == length
        && next.partOffset == partOffset + payloadLength;
  }

  /**
   * The messages that carry {@code payload}: one, or as many parts as it takes for none to exceed {@code maxMessage}
   * bytes (the NATS server's {@code max_payload}), to be published in order.
   */
  public static List<byte[]> messages(int kind, int stream, long frame, long showMicros, byte[] payload,
      int maxMessage) {
    int partLength = maxMessage - HEADER_LENGTH;
    if (partLength <= 0) {
      throw new IllegalArgumentException("a " + maxMessage + "-byte message cannot hold a " + HEADER_LENGTH
          + "-byte header and any payload");
    }
    List<byte[]> messages = new ArrayList<>(Math.max(1, (payload.length + partLength - 1) / partLength));
    int offset = 0;
    do {
      int length = Math.min(partLength, payload.length - offset);
      ByteBuffer message = ByteBuffer.allocate(HEADER_LENGTH + length);
      message.put((byte) VERSION).put((byte) kind).putShort((short) HEADER_LENGTH).putInt(stream)
          .putLong(frame).putLong(showMicros).putInt(payload.length).putInt(offset).put(payload, offset, length);
      messages.add(message.array());
      offset += length;
    } while (offset < payload.length);
    return messages;
  }

  /** Reads the header of {@code message}; the payload stays where it is. */
  public static FrameEnvelope read(byte[] message) throws UnreadableException {
    if (message.length < 4) {
      throw new UnreadableException(message.length + "-byte message is shorter than a frame header");
    }
    ByteBuffer b = ByteBuffer.wrap(message);
    int version = b.get(0) & 0xff;
    if (version != VERSION) {
      throw new UnreadableException("message version " + version + ", this relay reads version " + VERSION);
    }
    int headerLength = b.getShort(2) & 0xffff;
    if (headerLength < HEADER_LENGTH || headerLength > message.length) {
      throw new UnreadableException("header length " + headerLength + " in a " + message.length + "-byte message");
    }
    int length = b.getInt(24);
    int partOffset = b.getInt(28);
    int payloadLength = message.length - headerLength;
    if (length < 0 || partOffset < 0 || partOffset > length - payloadLength) {
      throw new UnreadableException("a part of " + payloadLength + " bytes at " + Integer.toUnsignedString(partOffset)
          + " of a " + Integer.toUnsignedString(length) + "-byte payload");
    }
    return new FrameEnvelope(b.get(1) & 0xff, b.getInt(4), b.getLong(8), b.getLong(16), length, partOffset,
        headerLength, payloadLength);
  }
}
