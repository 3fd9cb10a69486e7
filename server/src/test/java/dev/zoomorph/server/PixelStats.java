package dev.zoomorph.server;

import java.awt.image.BufferedImage;

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
