package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;

/**
 * Turns a latent and a view into a frame. Implementations own native resources (TensorFlow sessions, GL objects):
 * build them once, call {@link #render} per frame from one thread, and {@link #close} once.
 */
public interface Generator extends AutoCloseable {

  /** Size of the latents this generator takes. */
  int latentSize();

  /** 1 for grey, 3 for RGB. */
  int channels();

  /** Renders one frame; the latent must have {@link #latentSize()} components. */
  Frame render(Latent latent, View view);

  /** Frees native resources; idempotent. */
  @Override
  void close();
}
