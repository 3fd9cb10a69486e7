package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** See {@link Trajectories#randomWalk}. */
record RandomWalk(int size, long seed, double timescaleSeconds) implements Trajectory {

  RandomWalk {
    if (size < 1) {
      throw new IllegalArgumentException("latent size must be positive, was " + size);
    }
    FrameCounts.requireSeconds(timescaleSeconds, "random walk timescale");
  }

  @Override
  public Run start(double fps) {
    return new WalkRun(size, new SplittableRandom(seed), 1 / timescaleSeconds, FrameCounts.requireFps(fps));
  }

  /**
   * An Ornstein–Uhlenbeck process x (rate θ, noise √(2θ), so N(0, I) is stationary) followed by a first-order lag y
   * (y' = θ(x − y)). A bare OU path is rough and shimmers frame to frame; y is smooth. In the continuum Var(y) = 1/2
   * and Cov(x, y) = 1/2, so √2·y is again N(0, I)-distributed, and the run starts in that stationary state.
   */
  private static final class WalkRun implements Run {
    private static final double SQRT2 = Math.sqrt(2);

    private final SplittableRandom random;
    private final double theta;
    private final double fps;
    private final double[] x;
    private final double[] y;
    private @Nullable Latent latent;

    WalkRun(int size, SplittableRandom random, double theta, double fps) {
      this.random = random;
      this.theta = theta;
      this.fps = fps;
      this.x = new double[size];
      this.y = new double[size];
      Latent start = Latent.gaussian(size, random);
      Latent lagNoise = Latent.gaussian(size, random);
      for (int i = 0; i < size; i++) {
        x[i] = start.get(i);
        y[i] = (x[i] + lagNoise.get(i)) / 2;
      }
    }

    @Override
    public Latent latent() {
      Latent current = latent;
      if (current == null) {
        double[] v = new double[y.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = SQRT2 * y[i];
        }
        current = TypicalShell.squash(v);
        latent = current;
      }
      return current;
    }

    /** Exact OU transition for any step; a random walk has no past to return to, so negative steps go forward. */
    @Override
    public void advance(double frames) {
      FrameCounts.requireFinite(frames);
      if (frames == 0) {
        return;
      }
      double dt = Math.abs(frames) / fps;
      double keep = StrictMath.exp(-theta * dt);
      double pull = -StrictMath.expm1(-theta * dt);
      double noise = Math.sqrt(-StrictMath.expm1(-2 * theta * dt));
      Latent kick = Latent.gaussian(x.length, random);
      for (int i = 0; i < x.length; i++) {
        y[i] += pull * (x[i] - y[i]);
        x[i] = keep * x[i] + noise * kick.get(i);
      }
      latent = null;
    }
  }
}
