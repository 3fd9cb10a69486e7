package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;

/** Pixel statistics of frames (standard deviation, mean) for tests. */
final class PixelStats {
  private PixelStats() {}

  static double standardDeviation(Frame frame, int channel) {
    double sum = 0;
    double squares = 0;
    int n = frame.width() * frame.height();
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        int v = frame.sample(x, y, channel);
        sum += v;
        squares += (double) v * v;
      }
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  }

  static double mean(Frame frame, int channel) {
    double sum = 0;
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        sum += frame.sample(x, y, channel);
      }
    }
    return sum / (frame.width() * frame.height());
  }

  /** Mean over every sample; frames must have the same size and channels. */
  static double meanAbsoluteDifference(Frame a, Frame b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
      throw new IllegalArgumentException("frames differ in shape");
    }
    long sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
    }
    return (double) sum / a.pixels().length;
  }

  /** Largest difference of any sample; frames must have the same size and channels. */
  static int maxDifference(Frame a, Frame b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
      throw new IllegalArgumentException("frames differ in shape: " + a.width() + "x" + a.height() + "x"
          + a.channels() + " and " + b.width() + "x" + b.height() + "x" + b.channels());
    }
    int max = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      max = Math.max(max, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
    }
    return max;
  }

  static Frame crop(Frame frame, int left, int top, int width, int height) {
    int c = frame.channels();
    byte[] out = new byte[width * height * c];
    for (int y = 0; y < height; y++) {
      System.arraycopy(frame.pixels(), ((top + y) * frame.width() + left) * c, out, y * width * c, width * c);
    }
    return new Frame(width, height, c, out);
  }

  /** 2×2 box downsampling. */
  static Frame halve(Frame frame) {
    int w = frame.width() / 2;
    int h = frame.height() / 2;
    int c = frame.channels();
    byte[] out = new byte[w * h * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          int s = frame.sample(2 * x, 2 * y, k) + frame.sample(2 * x + 1, 2 * y, k)
              + frame.sample(2 * x, 2 * y + 1, k) + frame.sample(2 * x + 1, 2 * y + 1, k);
          out[(y * w + x) * c + k] = (byte) ((s + 2) / 4);
        }
      }
    }
    return new Frame(w, h, c, out);
  }
}
