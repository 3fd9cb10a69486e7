package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Pixel statistics for comparing decoded frames and screenshots. */
final class PixelStats {

  private PixelStats() {}

  /** Mean absolute difference of the RGB samples of two images of the same size, in 0..255. */
  static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new IllegalArgumentException("images differ in size: " + a.getWidth() + "x" + a.getHeight() + " and "
          + b.getWidth() + "x" + b.getHeight());
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  /** Mean absolute difference of a screenshot's RGB samples and a frame's (grey frames in every channel), 0..255. */
  static double meanAbsoluteDifference(BufferedImage image, Frame frame) {
    return Arrays.stream(differences(image, frame)).average().orElseThrow();
  }

  /** The {@code fraction} quantile (0.99: the 99th percentile) of the absolute sample differences, 0..255. */
  static double percentileAbsoluteDifference(BufferedImage image, Frame frame, double fraction) {
    int[] sorted = differences(image, frame);
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
  }

  private static int[] differences(BufferedImage image, Frame frame) {
    if (image.getWidth() != frame.width() || image.getHeight() != frame.height()) {
      throw new IllegalArgumentException("image " + image.getWidth() + "x" + image.getHeight() + " and frame "
          + frame.width() + "x" + frame.height() + " differ in size");
    }
    int[] out = new int[3 * frame.width() * frame.height()];
    int n = 0;
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        int p = image.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          int sample = (p >> (16 - 8 * c)) & 0xff;
          out[n++] = Math.abs(sample - frame.sample(x, y, frame.channels() == 1 ? 0 : c));
        }
      }
    }
    return out;
  }

  /** Standard deviation of the RGB samples: near 0 for a uniform image. */
  static double standardDeviation(BufferedImage image) {
    double sum = 0;
    double squares = 0;
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int v = (p >> shift) & 0xff;
          sum += v;
          squares += (double) v * v;
          n++;
        }
      }
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  }
}
