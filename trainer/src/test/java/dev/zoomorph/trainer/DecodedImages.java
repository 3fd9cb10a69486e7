package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** GIF and PNG files as the JDK's decoders read them, for comparing with the frames a generator rendered. */
public final class DecodedImages {
  private DecodedImages() {}

  /**
   * A decoded image's pixels in RGB: a grey image's samples repeated (getRGB would convert them from linear grey to
   * sRGB, changing every level), any other image through its colour model.
   */
  public static Frame rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] pixels = new byte[w * h * 3];
    if (!(image.getColorModel() instanceof IndexColorModel) && image.getColorModel().getNumComponents() == 1) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte) image.getRaster().getSample(x, y, 0);
        }
      }
      return new Frame(w, h, 3, pixels);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        int i = (y * w + x) * 3;
        pixels[i] = (byte) (p >> 16);
        pixels[i + 1] = (byte) (p >> 8);
        pixels[i + 2] = (byte) p;
      }
    }
    return new Frame(w, h, 3, pixels);
  }

  /** Every frame of a GIF in RGB, each checked to carry its own 8-bit palette. */
  public static List<Frame> gif(Path file) throws Exception {
    List<Frame> frames = new ArrayList<>();
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      for (int i = 0; i < n; i++) {
        BufferedImage image = reader.read(i);
        assertThat(image.getColorModel()).isInstanceOf(IndexColorModel.class);
        frames.add(rgb(image));
      }
    } finally {
      reader.dispose();
    }
    return frames;
  }

  /** A PNG as the JDK decodes it, in RGB, and whether it is stored as grey. */
  public static Frame png(Path file) throws Exception {
    return rgb(ImageIO.read(file.toFile()));
  }

  /** Whether the PNG is stored with one (grey) channel. */
  public static boolean isGreyPng(Path file) throws Exception {
    return ImageIO.read(file.toFile()).getColorModel().getNumComponents() == 1;
  }

  /** The frame in RGB: grey samples repeated three times. */
  public static Frame asRgb(Frame frame) {
    if (frame.channels() == 3) {
      return frame;
    }
    byte[] rgb = new byte[frame.pixels().length * 3];
    for (int i = 0; i < frame.pixels().length; i++) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = frame.pixels()[i];
    }
    return new Frame(frame.width(), frame.height(), 3, rgb);
  }

  /** Asserts R = G = B everywhere in an RGB frame. */
  public static void assertGrey(Frame rgb) {
    for (int i = 0; i < rgb.width() * rgb.height(); i++) {
      byte r = rgb.pixels()[3 * i];
      if (rgb.pixels()[3 * i + 1] != r || rgb.pixels()[3 * i + 2] != r) {
        throw new AssertionError("pixel " + i + " is not grey: " + (r & 0xff) + "," + (rgb.pixels()[3 * i + 1] & 0xff)
            + "," + (rgb.pixels()[3 * i + 2] & 0xff));
      }
    }
  }

  /** Mean absolute difference per sample of two frames of one size and channel count. */
  public static double meanError(Frame a, Frame b) {
    assertThat(new int[] {a.width(), a.height(), a.channels()}).containsExactly(b.width(), b.height(), b.channels());
    double sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
    }
    return sum / a.pixels().length;
  }

  /** Largest absolute difference of a sample. */
  public static int maxError(Frame a, Frame b) {
    assertThat(new int[] {a.width(), a.height(), a.channels()}).containsExactly(b.width(), b.height(), b.channels());
    int max = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
    }
    return max;
  }
}
