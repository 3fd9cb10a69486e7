package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF that loops forever, through the JDK's GIF writer.
 *
 * <p>Palette: each frame gets its own 256-colour table, built by the writer's octree quantiser from that frame's
 * colours. A zoom sweeps through colours, so one global table would fit late frames badly; per-frame tables follow
 * the picture. No dithering: CPPN frames are smooth gradients, and dither noise that changes every frame shimmers
 * and bloats the file, while octree banding on a smooth gradient is mild. Grey frames have at most 256 levels, so
 * their tables are exact.
 *
 * <p>Timing: GIF delays are whole hundredths of a second; frame k lasts {@code round(100(k+1)/fps) −
 * round(100k/fps)} so the average rate is exact.
 */
final class GifAnimation implements FrameSink {
  /** Browsers stretch delays under 2/100 s, so faster GIFs play wrong. */
  static final double MAX_FPS = 50;

  private final Path file;
  private final double fps;
  private final ImageWriter writer;
  private final ImageOutputStream out;
  private int written;
  private long encodeNanos;
  private long writeNanos;
  private boolean closed;

  GifAnimation(Path file, double fps) {
    this.file = file;
    this.fps = fps;
    writer = ImageIO.getImageWritersByFormatName("gif").next();
    try {
      out = ImageIO.createImageOutputStream(file.toFile());
      if (out == null) {
        throw new IOException("no image output stream for the file");
      }
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
    } catch (IOException e) {
      writer.dispose();
      throw new UncheckedIOException("cannot start the GIF " + file, e);
    }
  }

  @Override
  public void write(int index, Frame frame) {
    long t0 = System.nanoTime();
    BufferedImage image = Images.wrap(frame);
    int delay = (int) (Math.round(100.0 * (written + 1) / fps) - Math.round(100.0 * written / fps));
    try {
      IIOMetadata metadata = frameMetadata(image, delay, written == 0);
      writer.writeToSequence(new IIOImage(image, null, metadata), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write frame " + index + " to " + file, e);
    }
    written++;
    encodeNanos += System.nanoTime() - t0;
  }

  private IIOMetadata frameMetadata(BufferedImage image, int delayCentiseconds, boolean first) throws IOException {
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
    String format = metadata.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(Math.max(1, delayCentiseconds)));
    control.setAttribute("transparentColorIndex", "0");
    if (first) {
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
      child(root, "ApplicationExtensions").appendChild(loop);
    }
    metadata.setFromTree(format, root);
    return metadata;
  }

  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) parent.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }

  @Override
  public long encodeNanos() {
    return encodeNanos;
  }

  @Override
  public long writeNanos() {
    return writeNanos;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    try {
      writer.endWriteSequence();
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the GIF " + file, e);
    } finally {
      writer.dispose();
      writeNanos += System.nanoTime() - t0;
    }
  }
}
