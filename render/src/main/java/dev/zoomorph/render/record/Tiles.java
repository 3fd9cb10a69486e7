package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import java.util.Objects;

/** Draws a shot in tiles of at most {@code side × side} pixels, so a generator never sees a huge frame. */
final class Tiles {
  private Tiles() {}

  static Frame render(Shot shot, View view, int side) {
    if (view.width() <= side && view.height() <= side) {
      return shot.draw(view);
    }
    byte[] pixels = null;
    int channels = 0;
    for (int y = 0; y < view.height(); y += side) {
      int h = Math.min(side, view.height() - y);
      for (int x = 0; x < view.width(); x += side) {
        int w = Math.min(side, view.width() - x);
        Frame tile = shot.draw(view.region(x, y, w, h));
        if (pixels == null) {
          channels = tile.channels();
          pixels = new byte[Math.multiplyExact(view.width() * channels, view.height())];
        }
        if (tile.width() != w || tile.height() != h || tile.channels() != channels) {
          throw new IllegalStateException("a " + tile.width() + "x" + tile.height() + "x" + tile.channels()
              + " tile was drawn for a " + w + "x" + h + "x" + channels + " one");
        }
        int rowBytes = view.width() * channels;
        for (int row = 0; row < h; row++) {
          System.arraycopy(tile.pixels(), row * w * channels, pixels, (y + row) * rowBytes + x * channels,
              w * channels);
        }
      }
    }
    return new Frame(view.width(), view.height(), channels, Objects.requireNonNull(pixels));
  }
}
