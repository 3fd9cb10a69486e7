package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/** Returns the same frame for every latent and view, so a test or benchmark sees only what comes after it. */
record FixedFrame(Frame frame, int latentSize) implements Generator {
  @Override
  public int channels() {
    return frame.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    return frame;
  }

  @Override
  public void close() {}
}
