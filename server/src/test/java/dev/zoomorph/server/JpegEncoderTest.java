package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.web.SharedJpeg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

class JpegEncoderTest {

  /** A grey frame with a horizontal ramp whose offset is {@code shift}. */
  private static Frame greyRamp(int width, int height, int shift) {
    byte[] pixels = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = (byte) ((x * 4 + shift) & 0xff);
      }
    }
    return new Frame(width, height, 1, pixels);
  }

  private static BufferedImage decode(SharedJpeg jpeg) throws IOException {
    ByteBuf bytes = jpeg.retainedDuplicate();
    assertThat(bytes).as("the newest frame is still held").isNotNull();
    try {
      return ImageIO.read(new ByteArrayInputStream(ByteBufUtil.getBytes(bytes)));
    } finally {
      bytes.release();
    }
  }

  @Test
  void everyViewerGetsTheSameEncodingOfEachFrame() throws Exception {
    Sinks.Many<Frame> frames = Sinks.many().multicast().onBackpressureBuffer();
    List<SharedJpeg> first = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<SharedJpeg> second = new LinkedBlockingQueue<>();
    try (JpegEncoder encoder = new JpegEncoder(frames.asFlux(), new FrameSize(40, 20))) {
      Disposable a = encoder.jpegs().subscribe(first::add);
      Disposable b = encoder.jpegs().subscribe(second::add);
      for (int shift = 0; shift < 3; shift++) {
        frames.tryEmitNext(greyRamp(40, 20, shift * 50));
        SharedJpeg jpeg = second.poll(30, TimeUnit.SECONDS);
        assertThat(jpeg).as("frame %d encoded", shift).isNotNull();
        assertThat(first).as("both viewers got the very same encoded frame").last().isSameAs(jpeg);
        BufferedImage image = decode(jpeg);
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(20);
        int rgb = image.getRGB(10, 10);
        int sample = (rgb >> 8) & 0xff;
        assertThat(sample).isCloseTo((10 * 4 + shift * 50) & 0xff, org.assertj.core.data.Offset.offset(6));
        assertThat((rgb >> 16) & 0xff).as("grey frames stay grey").isCloseTo(sample, org.assertj.core.data.Offset.offset(2));
        assertThat(rgb & 0xff).as("grey frames stay grey").isCloseTo(sample, org.assertj.core.data.Offset.offset(2));
      }
      a.dispose();
      b.dispose();
    }
    assertThat(first).hasSize(3);
  }

  @Test
  void rgbFramesKeepTheirColours() throws Exception {
    byte[] red = new byte[16 * 16 * 3];
    for (int i = 0; i < red.length; i += 3) {
      red[i] = (byte) 230;
      red[i + 1] = 20;
      red[i + 2] = 40;
    }
    try (JpegCodec codec = new JpegCodec()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(codec.encode(new Frame(16, 16, 3, red), new FrameSize(16, 16))));
      int rgb = image.getRGB(8, 8);
      assertThat((rgb >> 16) & 0xff).isGreaterThan(200);
      assertThat((rgb >> 8) & 0xff).isLessThan(50);
      assertThat(rgb & 0xff).isLessThan(70);
    }
  }

  @Test
  void framesRenderedSmallerAreUpscaledToTheOutputSize() throws Exception {
    try (JpegCodec codec = new JpegCodec()) {
      Frame ramp = greyRamp(40, 20, 0);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(codec.encode(ramp, new FrameSize(80, 40))));
      assertThat(image.getWidth()).isEqualTo(80);
      assertThat(image.getHeight()).isEqualTo(40);
      // Output column 21 samples source column (21 + 0.5) / 2 - 0.5 = 10.25, between ramp values 40 and 44.
      assertThat((image.getRGB(21, 20) >> 8) & 0xff).isCloseTo(41, org.assertj.core.data.Offset.offset(6));
    }
  }

  @Test
  void oddSizesAndChangingSizesEncode() throws Exception {
    try (JpegCodec codec = new JpegCodec()) {
      for (int[] size : new int[][] {{41, 29}, {41, 29}, {7, 5}, {64, 48}}) {
        Frame ramp = greyRamp(size[0], size[1], 9);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(codec.encode(ramp, new FrameSize(size[0] * 2 - 1,
            size[1] + 3))));
        assertThat(image.getWidth()).isEqualTo(size[0] * 2 - 1);
        assertThat(image.getHeight()).isEqualTo(size[1] + 3);
      }
    }
  }

  @Test
  void aCppnFrameDecodesCloseToItsPixels() throws Exception {
    // A real picture, not a flat colour: the mean error bounds what the quantiser loses (full-range YCbCr, BT.601).
    byte[] pixels = new byte[96 * 64 * 3];
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 96; x++) {
        int i = (y * 96 + x) * 3;
        pixels[i] = (byte) (128 + 120 * Math.sin(x / 9.0));
        pixels[i + 1] = (byte) (128 + 120 * Math.cos(y / 7.0));
        pixels[i + 2] = (byte) ((x + y) * 255 / 160);
      }
    }
    try (JpegCodec codec = new JpegCodec()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(codec.encode(new Frame(96, 64, 3, pixels),
          new FrameSize(96, 64))));
      long error = 0;
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 96; x++) {
          int rgb = image.getRGB(x, y);
          int i = (y * 96 + x) * 3;
          error += Math.abs(((rgb >> 16) & 0xff) - (pixels[i] & 0xff)) + Math.abs(((rgb >> 8) & 0xff)
              - (pixels[i + 1] & 0xff)) + Math.abs((rgb & 0xff) - (pixels[i + 2] & 0xff));
        }
      }
      assertThat(error / (double) pixels.length).as("mean absolute error per sample").isLessThan(2.5);
    }
  }
}
