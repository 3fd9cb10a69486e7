package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/**
 * A recipe for a path through latent space. It is immutable and can be started any number of times; each
 * {@link #start} gives an independent {@link Run} that is stepped frame by frame without any clock, so a recording
 * gets exactly the same latents as a live show. {@link Trajectories#play} drives a run from a frame clock.

 */
public interface Trajectory {
  /** The dimension of every latent on this trajectory. */
  int size();

  /**
   * A fresh run at frame 0 of a clock with {@code fps} frames per second (finite, positive). Durations given in
   * seconds become whole frames at this rate (see the factories in {@link Trajectories}).
   */
  Run start(double fps);

  /**
   * A started trajectory. Not thread-safe: it is stepped by one thread (the clock's).
   */
  interface Run {
    /** The latent at the current position; frame 0 right after {@link Trajectory#start}. */
    Latent latent();

    /**
     * Moves the position on by {@code frames} (finite): 1 per frame at normal speed; fractional and negative amounts
     * come from speed changes.
     */
    void advance(double frames);

    /** The latent at the current position, then moves on one frame: successive calls give frames 0, 1, 2, … */
    default Latent next() {
      Latent latent = latent();
      advance(1);
      return latent;
    }
  }
}
