package dev.zoomorph.engine.control.osc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OSC 1.0 binary encoding and decoding, written from the specification (no maintained Java codec exists; see the
 * package comment).
 *
 * <p>Supported type tags: {@code i f s b h d t T F N I}. Bundles nest up to {@link #MAX_BUNDLE_DEPTH} deep. A message
 * without a type tag string (allowed by the specification for old senders) has no arguments. Strings are UTF-8
 * (OSC 1.0 says ASCII; UTF-8 is what senders actually use). Decoding is strict: every size, padding byte and type tag
 * is checked, and NaN or infinite floats are refused, so every problem surfaces as an {@link OscFormatException}.
 */
public final class OscCodec {
  /** The deepest bundle nesting {@link #decode} accepts; the top-level bundle is depth 1. */
  public static final int MAX_BUNDLE_DEPTH = 16;

  private static final byte[] BUNDLE_HEADER = "#bundle\0".getBytes(StandardCharsets.US_ASCII);

  private OscCodec() {}

  /** Decodes one packet from the bytes between {@code packet}'s position and limit (the buffer is not moved). */
  public static OscPacket decode(ByteBuffer packet) {
    return new Decoder(packet.slice().order(ByteOrder.BIG_ENDIAN)).packet();
  }

  /** Decodes one packet. */
  public static OscPacket decode(byte[] packet) {
    return decode(ByteBuffer.wrap(packet));
  }

  /** The OSC 1.0 bytes of {@code packet}. */
  public static byte[] encode(OscPacket packet) {
    ByteBuffer out = ByteBuffer.allocate(encodedSize(packet));
    write(packet, out);
    return out.array();
  }

  private static int encodedSize(OscPacket packet) {
    if (packet instanceof OscBundle bundle) {
      int size = BUNDLE_HEADER.length + 8;
      for (OscPacket element : bundle.elements()) {
        size += 4 + encodedSize(element);
      }
      return size;
    }
    OscMessage message = (OscMessage) packet;
    int size = paddedStringSize(message.address()) + padded(message.argumentCount() + 2);
    for (int i = 0; i < message.argumentCount(); i++) {
      Object argument = message.raw(i);
      if (argument instanceof Integer || argument instanceof Float) {
        size += 4;
      } else if (argument instanceof Long || argument instanceof Double || argument instanceof OscTimeTag) {
        size += 8;
      } else if (argument instanceof String s) {
        size += paddedStringSize(s);
      } else if (argument instanceof byte[] blob) {
        size += 4 + padded(blob.length);
      }
    }
    return size;
  }

  private static void write(OscPacket packet, ByteBuffer out) {
    if (packet instanceof OscBundle bundle) {
      out.put(BUNDLE_HEADER).putLong(bundle.timeTag().ntpTime());
      for (OscPacket element : bundle.elements()) {
        int sizeAt = out.position();
        out.putInt(0);
        write(element, out);
        out.putInt(sizeAt, out.position() - sizeAt - 4);
      }
      return;
    }
    OscMessage message = (OscMessage) packet;
    writeString(message.address(), out);
    writeString("," + message.typeTags(), out);
    for (int i = 0; i < message.argumentCount(); i++) {
      Object argument = message.raw(i);
      if (argument instanceof Integer v) {
        out.putInt(v);
      } else if (argument instanceof Float v) {
        out.putFloat(v);
      } else if (argument instanceof String v) {
        writeString(v, out);
      } else if (argument instanceof byte[] v) {
        out.putInt(v.length).put(v);
        pad(out);
      } else if (argument instanceof Long v) {
        out.putLong(v);
      } else if (argument instanceof Double v) {
        out.putDouble(v);
      } else if (argument instanceof OscTimeTag v) {
        out.putLong(v.ntpTime());
      }
      // Booleans and markers live in the type tags only.
    }
  }

  private static void writeString(String s, ByteBuffer out) {
    out.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    pad(out);
  }

  private static void pad(ByteBuffer out) {
    while ((out.position() & 3) != 0) {
      out.put((byte) 0);
    }
  }

  private static int paddedStringSize(String s) {
    return padded(s.getBytes(StandardCharsets.UTF_8).length + 1);
  }

  private static int padded(int size) {
    return (size + 3) & ~3;
  }

  /** One decoding pass over one packet; offsets are relative to the packet's first byte. */
  private static final class Decoder {
    private final ByteBuffer in;
    private @Nullable CharsetDecoder utf8;
    private int pos;

    Decoder(ByteBuffer in) {
      this.in = in;
    }

    OscPacket packet() {
      return element(0, in.limit(), 0);
    }

    /** The packet in [start, end), which must be consumed exactly. */
    private OscPacket element(int start, int end, int depth) {
      int size = end - start;
      if (size == 0) {
        throw malformed(start, "empty packet");
      }
      if ((size & 3) != 0) {
        throw malformed(start, "packet size " + size + " is not a multiple of 4");
      }
      pos = start;
      byte first = in.get(start);
      if (first == '/') {
        return message(end);
      }
      if (first == '#') {
        return bundle(end, depth + 1);
      }
      throw malformed(start, String.format("packet starts with byte 0x%02X, not '/' (message) or '#' (bundle)", first));
    }

    private OscBundle bundle(int end, int depth) {
      int start = pos;
      if (depth > MAX_BUNDLE_DEPTH) {
        throw malformed(start, "bundles nested deeper than " + MAX_BUNDLE_DEPTH);
      }
      require(BUNDLE_HEADER.length + 8, end, "bundle header and time tag");
      for (int i = 0; i < BUNDLE_HEADER.length; i++) {
        if (in.get(start + i) != BUNDLE_HEADER[i]) {
          throw malformed(start, "packet starts with '#' but not with \"#bundle\\0\"");
        }
      }
      OscTimeTag timeTag = new OscTimeTag(in.getLong(start + BUNDLE_HEADER.length));
      pos = start + BUNDLE_HEADER.length + 8;
      List<OscPacket> elements = new ArrayList<>();
      while (pos < end) {
        int sizeAt = pos;
        require(4, end, "bundle element size");
        int size = in.getInt(sizeAt);
        int remaining = end - sizeAt - 4;
        if (size <= 0 || (size & 3) != 0) {
          throw malformed(sizeAt, "bundle element size " + size + " is not a positive multiple of 4");
        }
        if (size > remaining) {
          throw malformed(sizeAt, "bundle element size " + size + " exceeds the " + remaining + " bytes left");
        }
        int elementEnd = sizeAt + 4 + size;
        elements.add(element(sizeAt + 4, elementEnd, depth));
        pos = elementEnd;
      }
      return new OscBundle(timeTag, elements);
    }

    private OscMessage message(int end) {
      int addressAt = pos;
      String address = string(end, "address");
      String problem = OscMessage.addressProblem(address);
      if (problem != null) {
        throw malformed(addressAt, "bad address pattern: " + problem);
      }
      List<Object> arguments = new ArrayList<>();
      if (pos == end) {
        return OscMessage.trusted(address, arguments);
      }
      int tagsAt = pos;
      if (in.get(tagsAt) != ',') {
        throw malformed(tagsAt, String.format("type tag string starts with byte 0x%02X, not ','", in.get(tagsAt)));
      }
      String tags = string(end, "type tag string");
      for (int i = 1; i < tags.length(); i++) {
        arguments.add(argument(tags.charAt(i), tagsAt + i, arguments.size(), end));
      }
      if (pos != end) {
        throw malformed(pos, (end - pos) + " bytes left over after the arguments of " + address);
      }
      return OscMessage.trusted(address, arguments);
    }

    private Object argument(char tag, int tagAt, int index, int end) {
      int at = pos;
      switch (tag) {
        case 'i':
          require(4, end, "int argument " + index);
          pos += 4;
          return in.getInt(at);
        case 'f':
          require(4, end, "float argument " + index);
          pos += 4;
          float f = in.getFloat(at);
          if (!Float.isFinite(f)) {
            throw new OscFormatException(OscFormatException.Reason.NON_FINITE, at,
                "float argument " + index + " is " + f);
          }
          return f;
        case 'h':
          require(8, end, "int64 argument " + index);
          pos += 8;
          return in.getLong(at);
        case 'd':
          require(8, end, "double argument " + index);
          pos += 8;
          double d = in.getDouble(at);
          if (!Double.isFinite(d)) {
            throw new OscFormatException(OscFormatException.Reason.NON_FINITE, at,
                "double argument " + index + " is " + d);
          }
          return d;
        case 't':
          require(8, end, "time tag argument " + index);
          pos += 8;
          return new OscTimeTag(in.getLong(at));
        case 's':
          return string(end, "string argument " + index);
        case 'b':
          return blob(end, index);
        case 'T':
          return Boolean.TRUE;
        case 'F':
          return Boolean.FALSE;
        case 'N':
          return OscMarker.NIL;
        case 'I':
          return OscMarker.IMPULSE;
        default:
          throw malformed(tagAt, tag >= ' ' && tag <= '~'
              ? "unsupported type tag '" + tag + "'"
              : String.format("unsupported type tag U+%04X", (int) tag));
      }
    }

    private byte[] blob(int end, int index) {
      int sizeAt = pos;
      require(4, end, "blob size of argument " + index);
      int size = in.getInt(sizeAt);
      int remaining = end - sizeAt - 4;
      if (size < 0 || size > remaining) {
        throw malformed(sizeAt, "blob size " + size + " of argument " + index + " does not fit the " + remaining
            + " bytes left");
      }
      byte[] blob = new byte[size];
      in.get(sizeAt + 4, blob);
      pos = sizeAt + 4 + size;
      zeroPadding(end, "blob argument " + index);
      return blob;
    }

    /** A NUL-terminated, zero-padded UTF-8 string starting at pos. */
    private String string(int end, String what) {
      int start = pos;
      int nul = start;
      while (nul < end && in.get(nul) != 0) {
        nul++;
      }
      if (nul == end) {
        throw malformed(start, what + " is not NUL-terminated before the end of the packet");
      }
      String s = text(start, nul, what);
      pos = nul + 1;
      zeroPadding(end, what);
      return s;
    }

    /** The bytes in [start, end) as text: ASCII directly (addresses, type tags), anything else as strict UTF-8. */
    private String text(int start, int end, String what) {
      boolean ascii = true;
      for (int i = start; i < end && ascii; i++) {
        ascii = in.get(i) >= 0;
      }
      if (ascii) {
        byte[] bytes = new byte[end - start];
        in.get(start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
      }
      if (utf8 == null) {
        utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      try {
        return utf8.decode(in.duplicate().limit(end).position(start)).toString();
      } catch (CharacterCodingException e) {
        throw malformed(start, what + " is not valid UTF-8");
      }
    }

    /** Skips the padding from pos to the next multiple of 4, which must be in the packet and all zero. */
    private void zeroPadding(int end, String what) {
      int aligned = (pos + 3) & ~3;
      if (aligned > end) {
        throw malformed(pos, "padding of " + what + " runs past the end of the packet");
      }
      for (; pos < aligned; pos++) {
        if (in.get(pos) != 0) {
          throw malformed(pos, String.format("padding byte of %s is 0x%02X, not 0", what, in.get(pos)));
        }
      }
    }

    private void require(int bytes, int end, String what) {
      if (end - pos < bytes) {
        throw malformed(pos, what + " needs " + bytes + " bytes, only " + (end - pos) + " left");
      }
    }

    private static OscFormatException malformed(int offset, String problem) {
      return new OscFormatException(OscFormatException.Reason.MALFORMED, offset, problem);
    }
  }
}
