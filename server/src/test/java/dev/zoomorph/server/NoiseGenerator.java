package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * Colour noise seeded by the latent: cheap to render and nearly incompressible, so its JPEGs are big and a viewer
 * that does not read fills its socket within a second or two.
 */
final class NoiseGenerator implements Generator {

  @Override
  public int latentSize() {
    return 4;
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public Frame render(Latent latent, View view) {
    long state = latent.hashCode() * 0x9E3779B97F4A7C15L + 1;
    byte[] pixels = new byte[view.width() * view.height() * 3];
    for (int i = 0; i < pixels.length; i += 8) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      for (int k = 0; k < 8 && i + k < pixels.length; k++) {
        pixels[i + k] = (byte) (state >>> (8 * k));
      }
    }
    return new Frame(view.width(), view.height(), 3, pixels);
  }

  @Override
  public void close() {}
}
