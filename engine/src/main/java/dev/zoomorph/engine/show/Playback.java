package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.util.List;

/** One preset's trajectory being played: its run, its position and, for morphs, its keyframes. Not thread-safe. */
final class Playback {
  final Preset preset;
  private final Trajectory trajectory;
  private final double fps;
  /** The morph's keyframes; empty for trajectories without keyframes. */
  final List<Latent> keyframes;
  /** Frames from one keyframe to the next; 0 without keyframes. */
  final int framesPerSegment;
  private Trajectory.Run run;
  private double position;

  /** The preset's own trajectory. */
  Playback(Preset preset, double fps) {
    this(preset, preset.trajectory().toTrajectory(preset.model().latentSize()), true, fps);
  }

  /** {@code trajectory} in place of the preset's (which has no keyframes then). */
  Playback(Preset preset, Trajectory trajectory, double fps) {
    this(preset, trajectory, false, fps);
  }

  private Playback(Preset preset, Trajectory trajectory, boolean own, double fps) {
    int size = preset.model().latentSize();
    if (trajectory.size() != size) {
      throw new IllegalArgumentException("the trajectory's latents have size " + trajectory.size() + ", the model's "
          + size);
    }
    this.preset = preset;
    this.fps = fps;
    this.trajectory = trajectory;
    this.run = trajectory.start(fps);
    if (own && preset.trajectory() instanceof TrajectorySpec.Morph morph) {
      keyframes = morph.keyframeLatents(size);
      framesPerSegment = (int) Math.round(morph.secondsPerSegment() * fps);
    } else {
      keyframes = List.of();
      framesPerSegment = 0;
    }
  }

  int latentSize() {
    return preset.model().latentSize();
  }

  Latent latent() {
    return run.latent();
  }

  void advance(double frames) {
    run.advance(frames);
    position += frames;
  }

  /** Restarts the run on keyframe {@code k}, so the morph goes on from there. */
  void restartAt(int k) {
    Trajectory.Run fresh = trajectory.start(fps);
    double at = (double) k * framesPerSegment;
    fresh.advance(at);
    run = fresh;
    position = at;
  }

  /** The keyframe whose segment is playing; 0 without keyframes. */
  int keyframe() {
    if (keyframes.isEmpty()) {
      return 0;
    }
    return (int) Math.floorMod((long) Math.floor(position / framesPerSegment), (long) keyframes.size());
  }
}
