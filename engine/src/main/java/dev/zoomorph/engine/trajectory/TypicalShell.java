package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/**
 * Keeps random latents near the shell of radius √size where almost all the mass of N(0, I) lies. The norm is passed
 * through {@code √d + w·tanh((r − √d)/w)} with {@code w = 0.3·√d}: nearly the identity for typical norms, but rare
 * tails are squeezed, so a show running for weeks never strays outside {@code (0.7·√d, 1.3·√d)}.
 */
final class TypicalShell {
  static final double HALF_WIDTH = 0.3;

  private TypicalShell() {}

  static Latent squash(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    double radius = Math.sqrt(v.length);
    double width = HALF_WIDTH * radius;
    float[] out = new float[v.length];
    if (norm > 0) {
      double factor = (radius + width * Math.tanh((norm - radius) / width)) / norm;
      for (int i = 0; i < v.length; i++) {
        out[i] = (float) (v[i] * factor);
      }
    }
    return Latent.of(out);
  }
}
