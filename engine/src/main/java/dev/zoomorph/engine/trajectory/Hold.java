package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** See {@link Trajectories#hold}. */
record Hold(Trajectory source, Switch held) implements Trajectory {

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public Run start(double fps) {
    Run run = source.start(fps);
    return new Run() {
      @Override
      public Latent latent() {
        return run.latent();
      }

      // Holding stops the source's time rather than copying its latent, so release resumes where it stopped.
      @Override
      public void advance(double frames) {
        if (!held.isOn()) {
          run.advance(frames);
        }
      }
    };
  }
}
