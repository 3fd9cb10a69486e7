package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.function.DoubleUnaryOperator;

/**
 * The source with its time changed: each {@code advance(frames)} moves the source by {@code step(frames)}. Changing
 * time rather than the latent is what makes {@link Trajectories#speed} and {@link Trajectories#hold} jump-free.
 */
record Retimed(Trajectory source, DoubleUnaryOperator step) implements Trajectory {

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

      @Override
      public void advance(double frames) {
        run.advance(step.applyAsDouble(frames));
      }
    };
  }
}
