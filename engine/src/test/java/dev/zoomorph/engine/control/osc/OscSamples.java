package dev.zoomorph.engine.control.osc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random valid OSC packets for the round-trip and fuzz tests. */
final class OscSamples {
  /** Every type tag the codec supports. */
  static final String TYPE_TAGS = "ifsbhdtTFNI";

  private OscSamples() {}

  static OscMessage randomMessage(SplittableRandom random, String typeTags) {
    int count = random.nextInt(8);
    List<Object> arguments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      arguments.add(randomArgument(typeTags.charAt(random.nextInt(typeTags.length())), random));
    }
    return OscMessage.of(randomAddress(random), arguments);
  }

  static OscPacket randomPacket(SplittableRandom random, int maxDepth) {
    return randomPacket(random, maxDepth, TYPE_TAGS);
  }

  /** A message, or a bundle nested at most {@code maxDepth} deep, with arguments drawn from {@code typeTags}. */
  static OscPacket randomPacket(SplittableRandom random, int maxDepth, String typeTags) {
    if (maxDepth == 0 || random.nextInt(3) > 0) {
      return randomMessage(random, typeTags);
    }
    int count = random.nextInt(4);
    List<OscPacket> elements = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      elements.add(randomPacket(random, maxDepth - 1, typeTags));
    }
    return new OscBundle(randomTimeTag(random), elements);
  }

  static String randomAddress(SplittableRandom random) {
    StringBuilder address = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int p = 0; p < parts; p++) {
      address.append('/');
      int length = 1 + random.nextInt(10);
      for (int i = 0; i < length; i++) {
        address.append((char) ('a' + random.nextInt(26)));
      }
    }
    return address.toString();
  }

  static Object randomArgument(char tag, SplittableRandom random) {
    return switch (tag) {
      case 'i' -> random.nextInt();
      case 'f' -> (float) (random.nextDouble(-1e6, 1e6));
      case 's' -> randomString(random);
      case 'b' -> randomBytes(random, random.nextInt(17));
      case 'h' -> random.nextLong();
      case 'd' -> random.nextDouble(-1e300, 1e300);
      case 't' -> randomTimeTag(random);
      case 'T' -> Boolean.TRUE;
      case 'F' -> Boolean.FALSE;
      case 'N' -> OscMarker.NIL;
      case 'I' -> OscMarker.IMPULSE;
      default -> throw new IllegalArgumentException("no sample for type tag " + tag);
    };
  }

  static OscTimeTag randomTimeTag(SplittableRandom random) {
    return random.nextInt(4) == 0 ? OscTimeTag.IMMEDIATE : new OscTimeTag(random.nextLong());
  }

  /** ASCII, Latin-1 and a few multi-byte characters, never NUL. */
  static String randomString(SplittableRandom random) {
    String alphabet = "abcXYZ019 _-/.,é€🎛";
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
          random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return s.toString();
  }

  static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}
