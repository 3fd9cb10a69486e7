package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes frames as JPEG in memory with one reused ImageIO writer; use from one thread. */
final class JpegCodec implements AutoCloseable {

  private final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
  private final ImageWriteParam param = writer.getDefaultWriteParam();

  JpegCodec(float quality) {
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  /** The frame as JPEG at {@code output} size: upscaled (bilinear) when it was rendered smaller. */
  byte[] encode(Frame frame, FrameSize output) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.width() * frame.height() / 4);
    // The memory-cached stream keeps ImageIO from spilling to a temporary file.
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(resized(toImage(frame), output), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding of a " + frame.width() + "x" + frame.height() + " frame failed", e);
    }
    return bytes.toByteArray();
  }

  /** Grey frames stay grey; RGB frames become TYPE_3BYTE_BGR, the layout ImageIO's JPEG writer takes fastest. */
  private static BufferedImage toImage(Frame frame) {
    byte[] source = frame.pixels();
    if (frame.channels() == 1) {
      BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_GRAY);
      System.arraycopy(source, 0, pixelsOf(image), 0, source.length);
      return image;
    }
    BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] target = pixelsOf(image);
    for (int i = 0; i < source.length; i += 3) {
      target[i] = source[i + 2];
      target[i + 1] = source[i + 1];
      target[i + 2] = source[i];
    }
    return image;
  }

  private static BufferedImage resized(BufferedImage image, FrameSize output) {
    if (image.getWidth() == output.width() && image.getHeight() == output.height()) {
      return image;
    }
    BufferedImage target = new BufferedImage(output.width(), output.height(), image.getType());
    Graphics2D graphics = target.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.drawImage(image, 0, 0, output.width(), output.height(), null);
    } finally {
      graphics.dispose();
    }
    return target;
  }

  private static byte[] pixelsOf(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }

  @Override
  public void close() {
    writer.dispose();
  }
}
