package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParseException;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import com.illposed.osc.argument.OSCImpulse;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks the codec against javaosc 0.8, an independent OSC implementation, in both directions. */
class OscJavaoscInteropTest {
  private final OSCSerializerAndParserBuilder javaosc = new OSCSerializerAndParserBuilder();

  @Test
  void decodesWhatJavaoscEncodesForEveryTypeTag() throws Exception {
    OSCMessage theirs = new OSCMessage("/zoomorph/latent/3", Arrays.asList(42, 0.5f, "héllo",
        new byte[] {1, 2, 3, 4, 5}, -7L << 40, -Math.E, OSCTimeTag64.valueOf(0x0123_4567_89ab_cdefL), true, false,
        null, OSCImpulse.INSTANCE));
    OscMessage ours = (OscMessage) OscCodec.decode(javaoscEncode(theirs));
    assertThat(ours.typeTags()).isEqualTo(OscSamples.TYPE_TAGS);
    assertThat(ours).isEqualTo(OscMessage.of("/zoomorph/latent/3", 42, 0.5f, "héllo", new byte[] {1, 2, 3, 4, 5},
        -7L << 40, -Math.E, new OscTimeTag(0x0123_4567_89ab_cdefL), true, false, OscMarker.NIL, OscMarker.IMPULSE));
  }

  @Test
  void javaoscDecodesWhatWeEncodeForEveryTypeTag() throws Exception {
    // javaosc 0.8's parser does not step over a blob (it reads the next argument from the blob's own bytes), so in
    // this direction the blob comes last; the other direction checks blobs anywhere.
    OscMessage ours = OscMessage.of("/zoomorph/all", 42, 0.5f, "héllo", -7L << 40, -Math.E,
        new OscTimeTag(0x0123_4567_89ab_cdefL), true, false, OscMarker.NIL, OscMarker.IMPULSE,
        new byte[] {1, 2, 3, 4, 5});
    OSCMessage theirs = (OSCMessage) javaoscDecode(OscCodec.encode(ours));
    assertThat(theirs.getInfo().getArgumentTypeTags().toString()).isEqualTo("ifshdtTFNIb");
    assertThat(fromJavaosc(theirs)).isEqualTo(ours);
  }

  @Test
  void randomNestedBundlesAgreeBothWays() throws Exception {
    SplittableRandom random = new SplittableRandom(2024);
    for (int i = 0; i < 500; i++) {
      OscPacket packet = OscSamples.randomPacket(random, 4);
      assertThat(OscCodec.decode(javaoscEncode(toJavaosc(packet)))).isEqualTo(packet);
      OscPacket withoutBlobs = OscSamples.randomPacket(random, 4, OscSamples.TYPE_TAGS.replace("b", ""));
      assertThat(fromJavaosc(javaoscDecode(OscCodec.encode(withoutBlobs)))).isEqualTo(withoutBlobs);
    }
  }

  @Test
  void bundleTimeTagsKeepTheirBits() throws Exception {
    // Only raw NTP bits are compared: javaosc 0.8 converts Instants from 1970 instead of 1900 (OscTimeTagTest checks
    // our conversion against the specification's epoch instead).
    OSCTimeTag64 tag = OSCTimeTag64.valueOf(0xeead_2697_1f7c_ed91L);
    OscBundle ours = (OscBundle) OscCodec.decode(javaoscEncode(new OSCBundle(List.of(new OSCMessage("/a")), tag)));
    assertThat(ours.timeTag()).isEqualTo(new OscTimeTag(0xeead_2697_1f7c_ed91L));
    assertThat(ours.messages()).containsExactly(OscMessage.of("/a").withTimeTag(ours.timeTag()));
    OSCBundle back = (OSCBundle) javaoscDecode(OscCodec.encode(OscBundle.of(new OscTimeTag(tag.getNtpTime()))));
    assertThat(back.getTimestamp()).isEqualTo(tag);
    assertThat(((OSCBundle) javaoscDecode(OscCodec.encode(OscBundle.of(OscTimeTag.IMMEDIATE)))).getTimestamp()
        .isImmediate()).isTrue();
  }

  private byte[] javaoscEncode(OSCPacket packet) throws OSCSerializeException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    javaosc.buildSerializer(new BufferBytesReceiver(buffer)).write(packet);
    buffer.flip();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private OSCPacket javaoscDecode(byte[] bytes) throws OSCParseException {
    return javaosc.buildParser().convert(ByteBuffer.wrap(bytes));
  }

  private static OSCPacket toJavaosc(OscPacket packet) {
    if (packet instanceof OscBundle bundle) {
      List<OSCPacket> elements = new ArrayList<>();
      bundle.elements().forEach(element -> elements.add(toJavaosc(element)));
      return new OSCBundle(elements, OSCTimeTag64.valueOf(bundle.timeTag().ntpTime()));
    }
    OscMessage message = (OscMessage) packet;
    List<Object> arguments = new ArrayList<>();
    for (Object argument : message.arguments()) {
      arguments.add(argument == OscMarker.NIL ? null
          : argument == OscMarker.IMPULSE ? OSCImpulse.INSTANCE
          : argument instanceof OscTimeTag tag ? OSCTimeTag64.valueOf(tag.ntpTime())
          : argument);
    }
    return new OSCMessage(message.address(), arguments);
  }

  private static OscPacket fromJavaosc(OSCPacket packet) {
    if (packet instanceof OSCBundle bundle) {
      List<OscPacket> elements = new ArrayList<>();
      bundle.getPackets().forEach(element -> elements.add(fromJavaosc(element)));
      return new OscBundle(new OscTimeTag(bundle.getTimestamp().getNtpTime()), elements);
    }
    OSCMessage message = (OSCMessage) packet;
    List<Object> arguments = new ArrayList<>();
    for (Object argument : message.getArguments()) {
      if (argument == null) {
        arguments.add(OscMarker.NIL);
      } else if (argument instanceof OSCImpulse) {
        arguments.add(OscMarker.IMPULSE);
      } else if (argument instanceof OSCTimeTag64 tag) {
        arguments.add(new OscTimeTag(tag.getNtpTime()));
      } else if (argument instanceof ByteBuffer blob) {
        byte[] bytes = new byte[blob.remaining()];
        blob.get(bytes);
        arguments.add(bytes);
      } else {
        arguments.add(argument);
      }
    }
    return OscMessage.of(message.getAddress(), arguments);
  }
}
