package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** How a morph moves between two keyframes. */
public enum Interpolation {
  /** Straight line ({@link Latent#lerp}). */
  LINEAR {
    @Override
    public Latent between(Latent from, Latent to, double t) {
      return from.lerp(to, t);
    }
  },
  /** Great-circle arc ({@link Latent#slerp}): keeps Gaussian latents on the typical shell between keyframes. */
  SPHERICAL {
    @Override
    public Latent between(Latent from, Latent to, double t) {
      return from.slerp(to, t);
    }
  };

  /** {@code from} at {@code t = 0}, {@code to} at {@code t = 1}, both exactly. */
  public abstract Latent between(Latent from, Latent to, double t);
}
