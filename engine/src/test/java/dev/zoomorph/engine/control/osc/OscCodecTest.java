package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OscCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesTheSpecificationsExampleMessage() {
    // OSC 1.0 specification, "Examples": /oscillator/4/frequency ,f 440.0
    byte[] bytes = OscCodec.encode(OscMessage.of("/oscillator/4/frequency", 440.0f));
    assertThat(HEX.formatHex(bytes)).isEqualTo(
        "2f6f7363696c6c61746f722f342f6672657175656e637900" + "2c660000" + "43dc0000");
    // ... and "/foo" ,iisff 1000 -1 "hello" 1.234 5.678
    byte[] foo = OscCodec.encode(OscMessage.of("/foo", 1000, -1, "hello", 1.234f, 5.678f));
    assertThat(HEX.formatHex(foo)).isEqualTo("2f666f6f00000000" + "2c69697366660000" + "000003e8" + "ffffffff"
        + "68656c6c6f000000" + "3f9df3b6" + "40b5b22d");
  }

  @Test
  void roundTripsEveryTypeTag() {
    OscMessage message = OscMessage.of("/zoomorph/all", 7, 0.5f, "héllo", new byte[] {1, 2, 3, 4, 5}, 1L << 40,
        Math.PI, new OscTimeTag(0x1234_5678_9abc_def0L), true, false, OscMarker.NIL, OscMarker.IMPULSE);
    assertThat(message.typeTags()).isEqualTo("ifsbhdtTFNI");
    assertThat(OscCodec.decode(OscCodec.encode(message))).isEqualTo(message);
  }

  @Test
  void roundTripsNestedBundlesAndFlattensThemWithTheInnermostTimeTag() {
    OscTimeTag outer = new OscTimeTag(100L << 32);
    OscTimeTag inner = new OscTimeTag(200L << 32);
    OscBundle bundle = OscBundle.of(outer, OscMessage.of("/a", 1),
        OscBundle.of(inner, OscMessage.of("/b", 2), OscBundle.of(OscTimeTag.IMMEDIATE)), OscMessage.of("/c", 3));
    OscPacket decoded = OscCodec.decode(OscCodec.encode(bundle));
    assertThat(decoded).isEqualTo(bundle);
    assertThat(decoded.messages()).containsExactly(OscMessage.of("/a", 1).withTimeTag(outer),
        OscMessage.of("/b", 2).withTimeTag(inner), OscMessage.of("/c", 3).withTimeTag(outer));
  }

  @Test
  void aNestedBundleTaggedEarlierThanItsEnclosingOneTakesTheEnclosingTime() {
    OscTimeTag outer = new OscTimeTag(200L << 32);
    OscBundle bundle = OscBundle.of(outer, OscBundle.of(OscTimeTag.IMMEDIATE, OscMessage.of("/now", 1)),
        OscBundle.of(new OscTimeTag(100L << 32), OscMessage.of("/before", 2)));
    assertThat(bundle.messages()).as("OSC 1.0: no earlier than the enclosing bundle")
        .containsExactly(OscMessage.of("/now", 1).withTimeTag(outer), OscMessage.of("/before", 2).withTimeTag(outer));
  }

  @Test
  void roundTripsRandomPackets() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 2000; i++) {
      OscPacket packet = OscSamples.randomPacket(random, 4);
      byte[] bytes = OscCodec.encode(packet);
      assertThat(bytes.length % 4).isZero();
      assertThat(OscCodec.decode(bytes)).isEqualTo(packet);
    }
  }

  @Test
  void decodesFromTheBuffersPositionWithoutMovingIt() {
    byte[] message = OscCodec.encode(OscMessage.of("/x", 1));
    ByteBuffer buffer = ByteBuffer.allocate(message.length + 8);
    buffer.position(4);
    buffer.put(message).flip().position(4);
    assertThat(OscCodec.decode(buffer)).isEqualTo(OscMessage.of("/x", 1));
    assertThat(buffer.position()).isEqualTo(4);
  }

  @Test
  void acceptsAMessageWithoutTypeTagString() {
    assertThat(OscCodec.decode(ascii("/old\0\0\0\0"))).isEqualTo(OscMessage.of("/old"));
  }

  @Test
  void namesEachProblemAndItsOffset() {
    assertMalformed(new byte[0], 0, "empty packet");
    assertMalformed(ascii("/ab"), 0, "not a multiple of 4");
    assertMalformed(ascii("xyz\0"), 0, "not '/' (message) or '#' (bundle)");
    assertMalformed(ascii("/abc"), 0, "address is not NUL-terminated");
    assertMalformed(ascii("/a\0x,i\0\0"), 3, "padding byte of address is 0x78");
    assertMalformed(ascii("/a b\0\0\0\0"), 0, "bad address pattern");
    assertMalformed(ascii("/a\0\0i\0\0\0"), 4, "type tag string starts with byte 0x69");
    assertMalformed(ascii("/a\0\0,c\0\0abcd"), 5, "unsupported type tag 'c'");
    assertMalformed(ascii("/a\0\0,i\0\0"), 8, "int argument 0 needs 4 bytes, only 0 left");
    assertMalformed(ascii("/a\0\0,h\0\0\0\0\0\0"), 8, "int64 argument 0 needs 8 bytes, only 4 left");
    assertMalformed(ascii("/a\0\0,i\0\0\0\0\0\1\0\0\0\0"), 12, "4 bytes left over");
    assertMalformed(ascii("/a\0\0,b\0\0\0\0\0\u0009abcd"), 8, "blob size 9 of argument 0 does not fit the 4 bytes");
    assertMalformed(ascii("/a\0\0,b\0\0\u007f\u00ff\u00ff\u00ff"), 8, "blob size 2147483647");
    assertMalformed(ascii("/a\0\0,b\0\0\0\0\0\u0001a\0\0\u0001"), 15, "padding byte of blob argument 0 is 0x01");
    assertMalformed(ascii("/a\0\0,s\0\0abcd"), 8, "string argument 0 is not NUL-terminated");
    assertMalformed(ascii("#bundlX\0\0\0\0\0\0\0\0\1"), 0, "not with \"#bundle\\0\"");
    assertMalformed(ascii("#bundle\0\0\0\0\0\0\0\0\1\0\0\0\3"), 16, "element size 3 is not a positive multiple of 4");
    assertMalformed(ascii("#bundle\0\0\0\0\0\0\0\0\1\0\0\0\u0010/a\0\0"), 16, "element size 16 exceeds the 4 bytes");
    assertMalformed(ascii("#bundle\0\0\0\0\0\0\0\0\1\0\0\0\4\u00ff\0\0\0"), 20, "starts with byte 0xFF");
  }

  @Test
  void refusesNonFiniteFloatsAndDoublesAsTheirOwnReason() {
    byte[] nan = OscCodec.encode(OscMessage.of("/a", 0.0f));
    ByteBuffer.wrap(nan).putFloat(8, Float.NaN);
    assertThatThrownBy(() -> OscCodec.decode(nan)).isInstanceOfSatisfying(OscFormatException.class, e -> {
      assertThat(e.reason()).isEqualTo(OscFormatException.Reason.NON_FINITE);
      assertThat(e.offset()).isEqualTo(8);
      assertThat(e).hasMessageContaining("float argument 0 is NaN");
    });
    byte[] infinity = OscCodec.encode(OscMessage.of("/a", 1, 0.0));
    ByteBuffer.wrap(infinity).putDouble(12, Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> OscCodec.decode(infinity)).isInstanceOfSatisfying(OscFormatException.class,
        e -> assertThat(e.reason()).isEqualTo(OscFormatException.Reason.NON_FINITE));
  }

  @Test
  void refusesBundlesNestedTooDeep() {
    OscPacket allowed = OscMessage.of("/deep");
    for (int depth = 0; depth < OscCodec.MAX_BUNDLE_DEPTH; depth++) {
      allowed = OscBundle.of(OscTimeTag.IMMEDIATE, allowed);
    }
    assertThat(OscCodec.decode(OscCodec.encode(allowed)).messages()).containsExactly(OscMessage.of("/deep"));
    byte[] tooDeep = OscCodec.encode(OscBundle.of(OscTimeTag.IMMEDIATE, allowed));
    assertThatThrownBy(() -> OscCodec.decode(tooDeep)).isInstanceOf(OscFormatException.class)
        .hasMessageContaining("nested deeper than " + OscCodec.MAX_BUNDLE_DEPTH);
  }

  @Test
  void refusesStringsThatAreNotUtf8() {
    assertMalformed(new byte[] {'/', 'a', 0, 0, ',', 's', 0, 0, (byte) 0xC3, 0x28, 0, 0}, 8, "not valid UTF-8");
  }

  @Test
  void messagesRejectWhatCouldNotBeSentOrWouldPoisonAGenerator() {
    assertThatThrownBy(() -> OscMessage.of("no/slash")).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> OscMessage.of("/a", Float.NaN)).hasMessageContaining("argument 0 of /a is not finite");
    assertThatThrownBy(() -> OscMessage.of("/a", 1, "x\0y")).hasMessageContaining("argument 1 of /a contains a NUL");
    assertThatThrownBy(() -> OscMessage.of("/a", List.of('c'))).hasMessageContaining("java.lang.Character");
    assertThatThrownBy(() -> OscMessage.of("/a", (Object) null)).hasMessageContaining("use OscMarker.NIL");
  }

  @Test
  void typedAccessorsConvertNumbersAndExplainMismatches() {
    OscMessage message = OscMessage.of("/m", 3, 0.25f, 5L, 1.5, "s", true, new byte[] {9}, 1e300);
    assertThat(message.floatArg(0)).isEqualTo(3f);
    assertThat(message.floatArg(1)).isEqualTo(0.25f);
    assertThat(message.floatArg(2)).isEqualTo(5f);
    assertThat(message.floatArg(3)).isEqualTo(1.5f);
    assertThat(message.doubleArg(1)).isEqualTo(0.25);
    assertThat(message.longArg(0)).isEqualTo(3L);
    assertThat(message.intArg(0)).isEqualTo(3);
    assertThat(message.stringArg(4)).isEqualTo("s");
    assertThat(message.booleanArg(5)).isTrue();
    assertThat(message.blobArg(6)).containsExactly(9);
    assertThatThrownBy(() -> message.floatArg(4))
        .hasMessage("argument 4 of /m is 's' (\"s\"), expected a number (i, h, f or d)");
    assertThatThrownBy(() -> message.floatArg(7)).hasMessageContaining("beyond the float range");
    assertThatThrownBy(() -> message.intArg(8)).hasMessageContaining("argument 8 of /m does not exist");
  }

  @Test
  void blobsCannotBeChangedFromOutside() {
    byte[] blob = {1, 2};
    OscMessage message = OscMessage.of("/b", blob);
    blob[0] = 7;
    message.blobArg(0)[1] = 7;
    ((byte[]) message.arguments().get(0))[1] = 7;
    assertThat(message.blobArg(0)).containsExactly(1, 2);
  }

  private static void assertMalformed(byte[] packet, int offset, String problem) {
    assertThatThrownBy(() -> OscCodec.decode(packet)).isInstanceOfSatisfying(OscFormatException.class, e -> {
      assertThat(e.reason()).isEqualTo(OscFormatException.Reason.MALFORMED);
      assertThat(e.getMessage()).contains(problem);
      assertThat(e.offset()).as("offset of: %s", e.getMessage()).isEqualTo(offset);
    });
  }

  /** Each char of {@code s} is one byte (chars above 0xFF are not used). */
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
