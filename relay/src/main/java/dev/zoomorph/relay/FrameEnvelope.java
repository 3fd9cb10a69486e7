package dev.zoomorph.relay;

import java.nio.ByteBuffer;

/**
 * One NATS message of a show's stream (see the relay module's README): a 24-byte big-endian header, then the payload.
 *
 * <pre>
 *  0  u8   version, 1
 *  1  u8   kind: 1 = JPEG frame; the state stream's 2 = frame state, 3 = palettes, 4 = model
 *  2  u16  header length in bytes, 24 (readers skip to it, so later versions may append fields)
 *  4  u32  stream: random per serve run, so a relay sees a restarted show as a new stream
 *  8  u64  frame: rising within a stream and kind; kind 1 counts the JPEGs encoded, so a gap is frames the
 *          publisher dropped; kinds 2 to 4 carry the number of the rendered frame whose state they are or precede
 * 16  u64  show time: microseconds since the stream began, when the frame was handed to the publisher
 * 24  …    payload: kind 1, the JPEG exactly as serve's /ws/frames sends it; kind 2, u8 N, N × u32 the numbers of
 *          the models the frame draws with, then its frame message; kind 3, the palettes message; kind 4, u32 the
 *          model's number, then its model message (the state messages exactly as serve's /ws/show sends them)
 * </pre>
 *
 * @param kind what the payload is ({@link #KIND_JPEG})
 * @param stream the publishing run's random number
 * @param frame the frame's number in its stream
 * @param showMicros the show time, microseconds since the stream began
 * @param payloadOffset where the payload starts in the message
 * @param payloadLength the payload's length in bytes
 */
public record FrameEnvelope(int kind, int stream, long frame, long showMicros, int payloadOffset, int payloadLength) {

  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  /** A JPEG frame. */
  public static final int KIND_JPEG = 1;
  /** A frame of the state stream, after the numbers of the models it draws with. */
  public static final int KIND_STATE = 2;
  /** The state stream's palettes. */
  public static final int KIND_PALETTES = 3;
  /** A model of the state stream, after its number. */
  public static final int KIND_MODEL = 4;
  /** The header's length in this version. */
  public static final int HEADER_LENGTH = 24;

  /** A message that is not a frame envelope this relay can read. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message) {
      super(message);
    }
  }

  /** The message for a frame: the header, then {@code payloadLength} bytes to be written at {@link #HEADER_LENGTH}. */
  public static ByteBuffer header(int kind, int stream, long frame, long showMicros, int payloadLength) {
    ByteBuffer message = ByteBuffer.allocate(HEADER_LENGTH + payloadLength);
    message.put((byte) VERSION).put((byte) kind).putShort((short) HEADER_LENGTH).putInt(stream)
        .putLong(frame).putLong(showMicros);
    return message;
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
    return new FrameEnvelope(b.get(1) & 0xff, b.getInt(4), b.getLong(8), b.getLong(16), headerLength,
        message.length - headerLength);
  }
}
