package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.jspecify.annotations.Nullable;

/**
 * A generator that remembers the latent of the last frame it rendered, for {@code /api/state}. Costs the render loop
 * one volatile write per frame.
 */
final class LatentTap implements Generator {

  private final Generator generator;
  private volatile @Nullable Latent rendered;

  LatentTap(Generator generator) {
    this.generator = generator;
  }

  /** The latent of the newest frame, or null before the first. */
  @Nullable Latent rendered() {
    return rendered;
  }

  @Override
  public int latentSize() {
    return generator.latentSize();
  }

  @Override
  public int channels() {
    return generator.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    Frame frame = generator.render(latent, view);
    rendered = latent;
    return frame;
  }

  @Override
  public void close() {
    generator.close();
  }
}
