package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.SplittableRandom;

/** See {@link Trajectories#loop}. */
record Loop(int size, long seed, double secondsPerLoop, int harmonics) implements Trajectory {

  Loop {
    if (size < 1) {
      throw new IllegalArgumentException("latent size must be positive, was " + size);
    }
    FrameCounts.requireSeconds(secondsPerLoop, "seconds per loop");
    if (harmonics < 1) {
      throw new IllegalArgumentException("a loop needs at least one harmonic, was " + harmonics);
    }
  }

  @Override
  public Run start(double fps) {
    int period = FrameCounts.count(secondsPerLoop, fps, "a loop");
    // Component i is Σ_k c_k (a_ki cos + b_ki sin) with a, b ~ N(0, 1) and Σ c_k² = 1, so every point of the curve
    // is a sample of N(0, I). c_k ∝ 1/k keeps the slow harmonics dominant.
    double norm = 0;
    for (int k = 1; k <= harmonics; k++) {
      norm += 1.0 / ((double) k * k);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] cosines = new double[harmonics][];
    double[][] sines = new double[harmonics][];
    for (int k = 1; k <= harmonics; k++) {
      double weight = 1.0 / (k * Math.sqrt(norm));
      cosines[k - 1] = scaled(Latent.gaussian(size, random), weight);
      sines[k - 1] = scaled(Latent.gaussian(size, random), weight);
    }
    return new PositionRun() {
      @Override
      Latent at(double position) {
        double p = FrameCounts.wrap(position, period);
        double[] v = new double[size];
        for (int k = 1; k <= harmonics; k++) {
          // Reduce k·p modulo the period before scaling to an angle: frame `period` then computes exactly what
          // frame 0 does, so the loop closes bit-exactly. StrictMath gives the same bits on every JVM.
          double angle = 2 * Math.PI * ((k * p) % period) / period;
          double cos = StrictMath.cos(angle);
          double sin = StrictMath.sin(angle);
          double[] a = cosines[k - 1];
          double[] b = sines[k - 1];
          for (int i = 0; i < size; i++) {
            v[i] += a[i] * cos + b[i] * sin;
          }
        }
        return TypicalShell.squash(v);
      }
    };
  }

  private static double[] scaled(Latent latent, double weight) {
    double[] v = new double[latent.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = latent.get(i) * weight;
    }
    return v;
  }
}
