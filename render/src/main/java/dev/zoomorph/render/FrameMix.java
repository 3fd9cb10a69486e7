package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;

/** The CPU backends' crossfade between presets of different models (crossfade.frag is the GL backend's). */
final class FrameMix {

  private FrameMix() {}

  /**
   * {@code b}'s weight of {@code b} over {@code a}'s rest, per sample: {@code a·(1 − w) + b·w}, rounded. A grey frame
   * mixed with a colour one counts as grey in every channel. Both frames must be of one size.
   */
  static Frame mix(Frame a, Frame b, double weightOfB) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("cannot mix frames of " + a.width() + "x" + a.height() + " and "
          + b.width() + "x" + b.height());
    }
    int channels = Math.max(a.channels(), b.channels());
    int pixels = a.width() * a.height();
    byte[] out = new byte[pixels * channels];
    double w = Math.max(0, Math.min(1, weightOfB));
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < channels; c++) {
        int sa = a.pixels()[p * a.channels() + Math.min(c, a.channels() - 1)] & 0xff;
        int sb = b.pixels()[p * b.channels() + Math.min(c, b.channels() - 1)] & 0xff;
        out[p * channels + c] = (byte) Math.round(sa + (sb - sa) * w);
      }
    }
    return new Frame(a.width(), a.height(), channels, out);
  }
}
