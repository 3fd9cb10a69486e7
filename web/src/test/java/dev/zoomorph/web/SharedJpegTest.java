package dev.zoomorph.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class SharedJpegTest {

  @Test
  void eachWriteGetsItsOwnReferenceToTheSameBytes() {
    SharedJpeg jpeg = new SharedJpeg(new byte[] {1, 2, 3});
    ByteBuf first = jpeg.retainedDuplicate();
    ByteBuf second = jpeg.retainedDuplicate();
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(first.refCnt()).isEqualTo(3);
    assertThat(first.readByte()).isEqualTo((byte) 1);
    assertThat(second.readableBytes()).as("readers are independent").isEqualTo(3);

    jpeg.release();
    assertThat(second.getByte(2)).as("bytes outlive the encoder's reference").isEqualTo((byte) 3);
    first.release();
    second.release();
    assertThat(second.refCnt()).isZero();
  }

  @Test
  void aReleasedFrameHandsOutNothing() {
    SharedJpeg jpeg = new SharedJpeg(new byte[] {9});
    jpeg.release();
    assertThat(jpeg.retainedDuplicate()).isNull();
  }
}
