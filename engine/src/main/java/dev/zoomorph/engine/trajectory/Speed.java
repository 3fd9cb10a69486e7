package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** See {@link Trajectories#speed}. */
record Speed(Trajectory source, Knob speed) implements Trajectory {

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

      // Speed scales the step, never the position, so a change bends the path's pace without a jump.
      @Override
      public void advance(double frames) {
        run.advance(frames * speed.get());
      }
    };
  }
}
