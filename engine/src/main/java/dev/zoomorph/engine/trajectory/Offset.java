package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** See {@link Trajectories#offset}. */
record Offset(Trajectory source, LatentKnob offset) implements Trajectory {

  Offset {
    if (source.size() != offset.size()) {
      throw new IllegalArgumentException(
          "offset knob '" + offset.name() + "' has size " + offset.size() + ", the trajectory has size "
              + source.size());
    }
  }

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
        return run.latent().add(offset.get());
      }

      @Override
      public void advance(double frames) {
        run.advance(frames);
      }
    };
  }
}
