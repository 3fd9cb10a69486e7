package dev.zoomorph.trainer;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Turning generated arrays into images, grids, PNGs and animated GIFs. */
public final class Images {
  private Images() {}

  /** Image {@code index} of an NHWC array with values in [0, 1], as an 8-bit grey or RGB image. */
  public static BufferedImage toImage(float[] nhwc, int index, int width, int height, int channels) {
    BufferedImage image = new BufferedImage(width, height,
        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    int base = index * width * height * channels;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = base + (y * width + x) * channels;
        if (channels == 1) {
          image.getRaster().setSample(x, y, 0, toByte(nhwc[p]));
        } else {
          image.setRGB(x, y, (toByte(nhwc[p]) << 16) | (toByte(nhwc[p + 1]) << 8) | toByte(nhwc[p + 2]));
        }
      }
    }
    return image;
  }

  private static int toByte(float unit) {
    return dev.zoomorph.engine.generator.Frame.toByte(unit) & 0xff;
  }

  /** {@code count} images of an NHWC array tiled {@code columns} wide, with a one-pixel gap. */
  public static BufferedImage grid(float[] nhwc, int count, int side, int channels, int columns) {
    int rows = (count + columns - 1) / columns;
    int cell = side + 1;
    BufferedImage grid = new BufferedImage(columns * cell + 1, rows * cell + 1,
        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = grid.createGraphics();
    try {
      g.setColor(java.awt.Color.DARK_GRAY);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      for (int n = 0; n < count; n++) {
        g.drawImage(toImage(nhwc, n, side, side, channels), 1 + (n % columns) * cell, 1 + (n / columns) * cell, null);
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  public static void writePng(BufferedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes an endlessly looping animated GIF. ImageIO's GIF writer has no animation API, so the per-frame delay and
   * the NETSCAPE2.0 loop block go into its metadata tree by hand.
   */
  public static void writeGif(List<BufferedImage> frames, int delayMillis, Path file) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("an animation needs at least one frame");
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
        for (int i = 0; i < frames.size(); i++) {
          BufferedImage frame = indexed(frames.get(i));
          IIOMetadata meta =
              writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
          String format = meta.getNativeMetadataFormatName();
          IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
          IIOMetadataNode control = child(root, "GraphicControlExtension");
          control.setAttribute("disposalMethod", "none");
          control.setAttribute("userInputFlag", "FALSE");
          control.setAttribute("transparentColorFlag", "FALSE");
          control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
          control.setAttribute("transparentColorIndex", "0");
          if (i == 0) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(app);
          }
          meta.setFromTree(format, root);
          writer.writeToSequence(new IIOImage(frame, null, meta), null);
        }
        writer.endWriteSequence();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /** Grey images get an exact 256-grey palette; colour images are left to the writer's palette builder. */
  private static BufferedImage indexed(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    byte[] levels = new byte[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (byte) i;
    }
    IndexColorModel greys = new IndexColorModel(8, 256, levels, levels, levels);
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, greys);
    out.getRaster().setRect(image.getRaster());
    return out;
  }
}
