package dev.zoomorph.engine.generator;

import java.util.Objects;

/**
 * A rendered image: {@code channels} (1 = grey, 3 = RGB) interleaved 8-bit samples per pixel, rows top to bottom.
 * The array is owned by the frame; callers must not modify it after construction.
 */
public record Frame(int width, int height, int channels, byte[] pixels) {

  public Frame {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("frames have 1 or 3 channels, not " + channels);
    }
    if (Objects.requireNonNull(pixels, "pixels").length != (long) width * height * channels) {
      throw new IllegalArgumentException("pixel array holds " + pixels.length + " bytes, expected "
          + (long) width * height * channels + " for " + width + "x" + height + "x" + channels);
    }
  }

  /** Sample of channel {@code c} at pixel (x, y), in 0..255. */
  public int sample(int x, int y, int c) {
    return pixels[(y * width + x) * channels + c] & 0xff;
  }

  /** This frame in RGB: itself if it has colour, else each grey sample three times. */
  public Frame asRgb() {
    if (channels == 3) {
      return this;
    }
    byte[] rgb = new byte[pixels.length * 3];
    for (int p = 0; p < pixels.length; p++) {
      rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = pixels[p];
    }
    return new Frame(width, height, 3, rgb);
  }

  /**
   * Converts a unit-interval value to an 8-bit sample: 255 times it, rounded to nearest with ties to even, clamped to
   * 0 … 255 (NaN gives 0); every generator uses this. Ties go to even because that is how oneDNN stores the CPPN's
   * samples (the CPU's own float-to-integer rounding), so each frame's bytes follow one rule.
   */
  public static byte toByte(float unit) {
    float scaled = (unit < 0 ? 0 : (unit > 1 ? 1 : unit)) * 255f;
    return (byte) (int) Math.rint(scaled);
  }
}
