package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** See {@link Trajectories#blend}. */
record Blend(Trajectory from, Trajectory to, Knob weight) implements Trajectory {

  Blend {
    if (from.size() != to.size()) {
      throw new IllegalArgumentException("cannot blend trajectories of sizes " + from.size() + " and " + to.size());
    }
    if (weight.min() < 0 || weight.max() > 1) {
      throw new IllegalArgumentException(
          "blend weight knob '" + weight.name() + "' must stay within [0, 1], its range is [" + weight.min() + ", "
              + weight.max() + "]");
    }
  }

  @Override
  public int size() {
    return from.size();
  }

  @Override
  public Run start(double fps) {
    Run a = from.start(fps);
    Run b = to.start(fps);
    return new Run() {
      @Override
      public Latent latent() {
        return a.latent().lerp(b.latent(), weight.get());
      }

      @Override
      public void advance(double frames) {
        a.advance(frames);
        b.advance(frames);
      }
    };
  }
}
