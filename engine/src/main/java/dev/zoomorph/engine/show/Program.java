package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.util.List;

/**
 * What one preset plays: its trajectory (or a program's own, in its place), the morph's keyframes and how fast the
 * trajectory moves, in frames, for the time or the beats a frame takes. Immutable; {@link ShowOperators#play()} keeps
 * the position of each program it plays.
 */
public final class Program {
  private final Preset preset;
  private final Trajectory trajectory;
  private final double fps;
  private final List<Latent> keyframes;
  private final int framesPerSegment;

  /**
   * {@code preset}'s own trajectory at {@code fps} frames a second.
   *
   * @throws IllegalArgumentException if {@code fps} is not positive and finite, or the trajectory cannot run at it
   *     (a morph's segment or a loop shorter than a frame)
   */
  public Program(Preset preset, double fps) {
    this(preset, preset.trajectory().toTrajectory(preset.model().latentSize()), true, fps);
  }

  /**
   * {@code trajectory} in place of {@code preset}'s (so without keyframes), with the preset's model, view,
   * post-processing and tempo.
   *
   * @throws IllegalArgumentException if the trajectory's latent size is not the model's, or {@code fps} is not
   *     positive and finite, or the trajectory cannot run at it
   */
  public Program(Preset preset, Trajectory trajectory, double fps) {
    this(preset, trajectory, false, fps);
  }

  private Program(Preset preset, Trajectory trajectory, boolean own, double fps) {
    if (!(fps > 0 && Double.isFinite(fps))) {
      throw new IllegalArgumentException("frame rate must be positive and finite, was " + fps);
    }
    int size = preset.model().latentSize();
    if (trajectory.size() != size) {
      throw new IllegalArgumentException("the trajectory's latents have size " + trajectory.size() + ", the model's "
          + size);
    }
    try {
      trajectory.start(fps); // one that cannot run at this rate (a segment shorter than a frame) is refused now
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its trajectory cannot run at " + fps + " frames a second ("
          + e.getMessage() + ")", e);
    }
    this.preset = preset;
    this.fps = fps;
    this.trajectory = trajectory;
    if (own && preset.trajectory() instanceof TrajectorySpec.Morph morph) {
      keyframes = morph.keyframeLatents(size);
      framesPerSegment = (int) Math.round(morph.secondsPerSegment() * fps);
    } else {
      keyframes = List.of();
      framesPerSegment = 0;
    }
  }

  /** The preset this program plays. */
  public Preset preset() {
    return preset;
  }

  /** The morph's keyframes; empty for trajectories without keyframes. */
  public List<Latent> keyframes() {
    return keyframes;
  }

  int latentSize() {
    return preset.model().latentSize();
  }

  /** A fresh run of the trajectory, on keyframe {@code k} (frame 0 for k = 0, or without keyframes). */
  Trajectory.Run runFrom(int k) {
    Trajectory.Run run = trajectory.start(fps);
    run.advance(positionOf(k));
    return run;
  }

  /** The trajectory position, in frames, where keyframe {@code k} is. */
  double positionOf(int k) {
    return (double) k * framesPerSegment;
  }

  /** The keyframe whose segment plays at {@code position}; 0 without keyframes. */
  int keyframeAt(double position) {
    if (keyframes.isEmpty()) {
      return 0;
    }
    return (int) Math.floorMod((long) Math.floor(position / framesPerSegment), (long) keyframes.size());
  }

  /** A morph whose keyframes come every {@code beatsPerKeyframe} beats of the tempo, whatever its seconds say. */
  boolean isBeatLocked() {
    return preset.tempo().beatsPerKeyframe() > 0 && framesPerSegment > 0;
  }

  /**
   * Frames the trajectory moves at speed 1 in {@code nanos} of the clock, or, beat-locked, in {@code beats} (beat
   * locking: {@code beatsPerKeyframe} beats per segment).
   */
  double framesFor(long nanos, double beats) {
    if (isBeatLocked()) {
      return beats / preset.tempo().beatsPerKeyframe() * framesPerSegment;
    }
    double frames = nanos * fps / 1e9;
    // A frame-exact clock's ticks are whole nanoseconds, so a frame comes out a rounding error off 1: snap it, so
    // that frame k is trajectory position k exactly (keyframes and loop ends land bit-exactly). Live ticks are
    // never within 1e-6 of a frame boundary by more than tens of nanoseconds, which this cannot change visibly.
    double whole = Math.rint(frames);
    return Math.abs(frames - whole) < 1e-6 ? whole : frames;
  }
}
