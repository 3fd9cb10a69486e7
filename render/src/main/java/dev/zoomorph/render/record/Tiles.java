package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/** Renders a frame in tiles of at most {@code side × side} pixels, so a generator never sees a huge frame. */
final class Tiles {
  private Tiles() {}

  static Frame render(Generator generator, Latent latent, View view, int side) {
    if (view.width() <= side && view.height() <= side) {
      return generator.render(latent, view);
    }
    int channels = generator.channels();
    int rowBytes = view.width() * channels;
    byte[] pixels = new byte[Math.multiplyExact(rowBytes, view.height())];
    for (int y = 0; y < view.height(); y += side) {
      int h = Math.min(side, view.height() - y);
      for (int x = 0; x < view.width(); x += side) {
        int w = Math.min(side, view.width() - x);
        Frame tile = generator.render(latent, view.region(x, y, w, h));
        if (tile.width() != w || tile.height() != h || tile.channels() != channels) {
          throw new IllegalStateException("generator returned a " + tile.width() + "x" + tile.height() + "x"
              + tile.channels() + " frame for a " + w + "x" + h + "x" + channels + " tile");
        }
        for (int row = 0; row < h; row++) {
          System.arraycopy(tile.pixels(), row * w * channels, pixels, (y + row) * rowBytes + x * channels,
              w * channels);
        }
      }
    }
    return new Frame(view.width(), view.height(), channels, pixels);
  }
}
