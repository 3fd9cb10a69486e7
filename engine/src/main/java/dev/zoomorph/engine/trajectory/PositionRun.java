package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import org.jspecify.annotations.Nullable;

/** A run of a kind whose latent is a pure function of the (fractional) frame position. */
abstract class PositionRun implements Trajectory.Run {
  private double position;
  private @Nullable Latent latent;

  abstract Latent at(double position);

  @Override
  public final Latent latent() {
    Latent current = latent;
    if (current == null) {
      current = at(position);
      latent = current;
    }
    return current;
  }

  @Override
  public final void advance(double frames) {
    FrameCounts.requireFinite(frames);
    if (frames != 0) {
      position += frames;
      latent = null;
    }
  }
}
