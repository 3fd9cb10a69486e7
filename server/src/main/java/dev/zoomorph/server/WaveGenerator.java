package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * Colour interference of plane waves whose directions, frequencies and phases come from the latent: a picture that
 * moves with the latent yet costs only a few milliseconds at 512², so the broadcast benchmark measures the broadcast
 * rather than a neural net. Each channel sums {@link #WAVES} waves; the latent has 4 components per wave and channel.
 */
final class WaveGenerator implements Generator {

  static final int WAVES = 2;
  private static final int TABLE_SIZE = 4096;
  /** sin(2π·k / TABLE_SIZE): a table lookup is several times cheaper than Math.sin per pixel. */
  private static final float[] SINE = new float[TABLE_SIZE];

  static {
    for (int k = 0; k < TABLE_SIZE; k++) {
      SINE[k] = (float) Math.sin(2 * Math.PI * k / TABLE_SIZE);
    }
  }

  @Override
  public int latentSize() {
    return 3 * WAVES * 4;
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public Frame render(Latent latent, View view) {
    if (latent.size() != latentSize()) {
      throw new IllegalArgumentException("the wave generator takes latents of size " + latentSize() + ", got "
          + latent.size());
    }
    int waves = 3 * WAVES;
    // Per wave: plane-coordinate gradients of the phase (in table steps) and the starting phase.
    float[] dx = new float[waves];
    float[] dy = new float[waves];
    float[] phase0 = new float[waves];
    double angle = Math.toRadians(view.rotationDegrees());
    double s = Math.min(view.width(), view.height());
    for (int w = 0; w < waves; w++) {
      double direction = Math.PI * latent.get(4 * w);
      double frequency = 1.5 + Math.abs(latent.get(4 * w + 1)) * 2;
      double phase = latent.get(4 * w + 2) + latent.get(4 * w + 3);
      double kx = frequency * Math.cos(direction);
      double ky = frequency * Math.sin(direction);
      // Phase at pixel (i, j) = k · plane(i, j) + phase; plane is affine in (i, j) (see View).
      double perU = (kx * Math.cos(angle) + ky * Math.sin(angle)) / view.zoom();
      double perV = (-kx * Math.sin(angle) + ky * Math.cos(angle)) / view.zoom();
      double steps = TABLE_SIZE / (2 * Math.PI);
      dx[w] = (float) (perU * 2 / s * steps);
      dy[w] = (float) (perV * 2 / s * steps);
      phase0[w] = (float) ((kx * view.centerX() + ky * view.centerY() + phase
          + perU * (1 - view.width()) / s + perV * (1 - view.height()) / s) * steps);
    }
    byte[] pixels = new byte[view.width() * view.height() * 3];
    int p = 0;
    for (int j = 0; j < view.height(); j++) {
      for (int i = 0; i < view.width(); i++) {
        for (int c = 0; c < 3; c++) {
          float sum = 0;
          for (int k = 0; k < WAVES; k++) {
            int w = c * WAVES + k;
            sum += SINE[(int) (phase0[w] + i * dx[w] + j * dy[w]) & (TABLE_SIZE - 1)];
          }
          pixels[p++] = Frame.toByte(0.5f + sum / (2 * WAVES));
        }
      }
    }
    return new Frame(view.width(), view.height(), 3, pixels);
  }

  @Override
  public void close() {
    // Nothing native.
  }
}
