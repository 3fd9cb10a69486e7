package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * Single frames at any size up to 16384²: what {@code zoomorph render} makes (and writes with {@link
 * dev.zoomorph.output.Png}).
 */
public final class Stills {
  private Stills() {}

  /** Renders {@code view} in tiles of at most {@code tileSide} pixels a side, so the generator never sees a huge frame. */
  public static Frame render(Generator generator, Latent latent, View view, int tileSide) {
    if (tileSide < 1) {
      throw new IllegalArgumentException("tile side must be positive, was " + tileSide);
    }
    return Tiles.render(tile -> generator.render(latent, tile), view, tileSide);
  }
}
