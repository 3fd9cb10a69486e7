package dev.zoomorph.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameEnvelopeTest {

  private static final int STREAM = 0xCAFE;

  @Test
  void envelopesCarryKindVersionFrameAndShowTime() throws Exception {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3};
    List<byte[]> messages = FrameEnvelope.messages(FrameEnvelope.KIND_JPEG, STREAM, 41, 1_234_567, jpeg, 1 << 20);
    assertThat(messages).hasSize(1);
    byte[] message = messages.get(0);
    FrameEnvelope read = FrameEnvelope.read(message);
    assertThat(read).isEqualTo(new FrameEnvelope(FrameEnvelope.KIND_JPEG, STREAM, 41, 1_234_567, 5, 0, 32, 5));
    assertThat(read.whole()).isTrue();
    assertThat(Arrays.copyOfRange(message, read.payloadOffset(), message.length)).isEqualTo(jpeg);
    assertThat(message[0]).isEqualTo((byte) 2);

    byte[] older = message.clone();
    older[0] = 1;
    assertThatThrownBy(() -> FrameEnvelope.read(older)).hasMessage("message version 1, this relay reads version 2");
    assertThatThrownBy(() -> FrameEnvelope.read(new byte[] {2, 1})).hasMessageContaining("shorter than a frame header");
    byte[] badHeader = message.clone();
    badHeader[3] = 100;
    assertThatThrownBy(() -> FrameEnvelope.read(badHeader)).hasMessage("header length 100 in a 37-byte message");
    byte[] pastTheEnd = message.clone();
    pastTheEnd[31] = 1; // this part at offset 1 of a 5-byte payload would end at byte 6
    assertThatThrownBy(() -> FrameEnvelope.read(pastTheEnd)).hasMessage("a part of 5 bytes at 1 of a 5-byte payload");
  }

  @Test
  void aPayloadOverTheLimitGoesInPartsThatJoinBackToIt() throws Exception {
    byte[] model = new byte[10_000];
    new SplittableRandom(3).nextBytes(model);
    List<byte[]> messages = FrameEnvelope.messages(FrameEnvelope.KIND_MODEL, STREAM, 7, 99, model, 4096);
    assertThat(messages).hasSize(3).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(4096));
    assertThat(FrameEnvelope.read(messages.get(0)).whole()).isFalse();

    PartJoiner joiner = new PartJoiner(1 << 20);
    assertThat(joiner.add(FrameEnvelope.read(messages.get(0)), messages.get(0))).isNull();
    assertThat(joiner.add(FrameEnvelope.read(messages.get(1)), messages.get(1))).isNull();
    PartJoiner.Payload joined = joiner.add(FrameEnvelope.read(messages.get(2)), messages.get(2));
    assertThat(joined).isNotNull();
    assertThat(Arrays.copyOfRange(joined.data(), joined.offset(), joined.offset() + joined.length())).isEqualTo(model);
    assertThat(joined.envelope().kind()).isEqualTo(FrameEnvelope.KIND_MODEL);
    assertThat(joined.envelope().frame()).isEqualTo(7);
  }

  @Test
  void aPayloadThatLostAPartIsDroppedAndTheNextOneJoins() throws Exception {
    byte[] first = new byte[9000];
    byte[] second = new byte[9000];
    new SplittableRandom(5).nextBytes(first);
    new SplittableRandom(6).nextBytes(second);
    List<byte[]> lost = new ArrayList<>(FrameEnvelope.messages(FrameEnvelope.KIND_JPEG, STREAM, 1, 10, first, 4096));
    lost.remove(1);
    PartJoiner joiner = new PartJoiner(1 << 20);
    for (byte[] message : lost) {
      assertThat(joiner.add(FrameEnvelope.read(message), message)).as("a payload without its middle").isNull();
    }
    // A part of another frame cannot continue the one before it either.
    List<byte[]> next = FrameEnvelope.messages(FrameEnvelope.KIND_JPEG, STREAM, 2, 20, second, 4096);
    assertThat(joiner.add(FrameEnvelope.read(next.get(1)), next.get(1))).isNull();

    PartJoiner.Payload joined = null;
    for (byte[] message : next) {
      joined = joiner.add(FrameEnvelope.read(message), message);
    }
    assertThat(joined).isNotNull();
    assertThat(Arrays.copyOfRange(joined.data(), joined.offset(), joined.offset() + joined.length()))
        .isEqualTo(second);
  }

  @Test
  void aPayloadOverTheRelaysLimitIsRefusedByName() throws Exception {
    List<byte[]> messages = FrameEnvelope.messages(FrameEnvelope.KIND_MODEL, STREAM, 1, 0, new byte[5000], 1024);
    PartJoiner joiner = new PartJoiner(4096);
    assertThatThrownBy(() -> joiner.add(FrameEnvelope.read(messages.get(0)), messages.get(0)))
        .isInstanceOf(FrameEnvelope.UnreadableException.class)
        .hasMessage("a 5000-byte payload is over this relay's 4096-byte limit");
    assertThat(joiner.add(FrameEnvelope.read(messages.get(1)), messages.get(1))).isNull();
  }
}
