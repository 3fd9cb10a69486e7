package dev.zoomorph.engine.generator;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Pictures as networks take them: centre-cropped to a square, resized, values in [0, 1], grey or RGB interleaved,
 * rows top to bottom. The one conversion the trainer's image folders, the encoder and image keyframes share.
 *
 * <p>Grey pictures become RGB by repeating the grey; colour pictures become grey by Rec. 601 luma; transparent
 * pixels are composited over black.
 */
public final class Pictures {
  private Pictures() {}

  /**
   * The picture in {@code file}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or is not a decodable, non-empty image
   */
  public static BufferedImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " does not exist or is not a file");
    }
    BufferedImage image = decode(file);
    if (image == null) {
      throw new IllegalArgumentException(file + " is not a readable image (PNG, JPEG, GIF or BMP)");
    }
    return image;
  }

  /** The picture in {@code file}, or null when it is missing, empty, unreadable or not a decodable image. */
  public static @Nullable BufferedImage decode(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return null;
      }
      BufferedImage image = ImageIO.read(file.toFile());
      return image == null || image.getWidth() < 1 || image.getHeight() < 1 ? null : image;
    } catch (IOException | RuntimeException e) {
      return null; // ImageIO throws runtime exceptions for some corrupt files
    }
  }

  /** The picture in {@code bytes}, or null when they are empty or not a decodable image. */
  public static @Nullable BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = bytes.length == 0 ? null : ImageIO.read(new ByteArrayInputStream(bytes));
      return image == null || image.getWidth() < 1 || image.getHeight() < 1 ? null : image;
    } catch (IOException | RuntimeException e) {
      return null; // ImageIO throws runtime exceptions for some corrupt files
    }
  }

  /** {@code image} centre-cropped to a square and resized to side×side, as values in [0, 1] (grey or RGB). */
  public static float[] square(BufferedImage image, int channels, int side) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
    }
    return toArray(resizeSquare(image, side), channels);
  }

  /**
   * {@code image} centre-cropped to a square and fitted to side×side as the trainer fits IDX pictures for a DCGAN: a
   * smaller square is centred on black (as a 28×28 Fashion-MNIST picture sits in the 32×32 the model learnt), a
   * larger one is resized.
   */
  public static float[] fit(BufferedImage image, int channels, int side) {
    int s = Math.min(image.getWidth(), image.getHeight());
    if (s >= side) {
      return square(image, channels, side);
    }
    float[] small = square(image, channels, s);
    float[] out = new float[side * side * channels];
    int offset = (side - s) / 2;
    for (int y = 0; y < s; y++) {
      System.arraycopy(small, y * s * channels, out, ((offset + y) * side + offset) * channels, s * channels);
    }
    return out;
  }

  private static BufferedImage resizeSquare(BufferedImage image, int side) {
    int s = Math.min(image.getWidth(), image.getHeight());
    BufferedImage square = image.getSubimage((image.getWidth() - s) / 2, (image.getHeight() - s) / 2, s, s);
    // Halve while far above the target so bilinear sampling does not alias.
    BufferedImage current = square;
    int size = s;
    while (size / 2 >= side * 2) {
      size /= 2;
      current = draw(current, size);
    }
    return draw(current, side);
  }

  /** Drawn into an opaque grey or RGB picture: transparency composites over black. */
  private static BufferedImage draw(BufferedImage source, int side) {
    // Grey stays grey: drawing grey into RGB would apply Java2D's linear-to-sRGB conversion and brighten it.
    int type = isGrey(source) ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(side, side, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, side, side, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static float[] toArray(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[w * h * channels];
    boolean grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * channels;
        if (grey) {
          float level = image.getRaster().getSample(x, y, 0) / 255f;
          for (int c = 0; c < channels; c++) {
            out[i + c] = level;
          }
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xff;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          if (channels == 1) {
            out[i] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
          } else {
            out[i] = r / 255f;
            out[i + 1] = g / 255f;
            out[i + 2] = b / 255f;
          }
        }
      }
    }
    return out;
  }

  /** 8- and 16-bit grey pictures without transparency. */
  private static boolean isGrey(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY;
  }
}
