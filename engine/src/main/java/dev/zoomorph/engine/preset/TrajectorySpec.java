package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.trajectory.Interpolation;
import dev.zoomorph.engine.trajectory.Trajectories;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** How a preset's latent moves. Keyframes and paths are drawn from N(0, I) with the given seed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrajectorySpec.Morph.class, name = "morph"),
  @JsonSubTypes.Type(value = TrajectorySpec.RandomWalk.class, name = "random-walk"),
  @JsonSubTypes.Type(value = TrajectorySpec.Loop.class, name = "loop"),
})
public sealed interface TrajectorySpec {

  /** The trajectory this describes, for latents of {@code latentSize} components. */
  Trajectory toTrajectory(int latentSize);

  /** Sinusoidal morph through {@code keyframes} seeded latents, {@code secondsPerSegment} each, looping back. */
  record Morph(long seed, int keyframes, double secondsPerSegment, boolean slerp) implements TrajectorySpec {
    public Morph {
      if (keyframes < 1 || keyframes > 1000) {
        throw new IllegalArgumentException("keyframes must be in 1..1000, was " + keyframes);
      }
      requirePositive("secondsPerSegment", secondsPerSegment);
    }

    @Override
    public Trajectory toTrajectory(int latentSize) {
      return Trajectories.morph(
          keyframeLatents(latentSize), secondsPerSegment, slerp ? Interpolation.SPHERICAL : Interpolation.LINEAR,
          true);
    }

    /** The keyframes the morph passes through, in order: keyframe k starts segment k. */
    public List<Latent> keyframeLatents(int latentSize) {
      SplittableRandom random = new SplittableRandom(seed);
      List<Latent> latents = new ArrayList<>(keyframes);
      for (int i = 0; i < keyframes; i++) {
        latents.add(Latent.gaussian(latentSize, random));
      }
      return latents;
    }
  }

  /** Random walk in N(0, I)'s typical set; latents {@code timescaleSeconds} apart are still related. */
  record RandomWalk(long seed, double timescaleSeconds) implements TrajectorySpec {
    public RandomWalk {
      requirePositive("timescaleSeconds", timescaleSeconds);
    }

    @Override
    public Trajectory toTrajectory(int latentSize) {
      return Trajectories.randomWalk(latentSize, seed, timescaleSeconds);
    }
  }

  /** A closed path of {@code harmonics} frequencies that returns exactly to its start after {@code seconds}. */
  record Loop(long seed, double seconds, int harmonics) implements TrajectorySpec {
    public Loop {
      requirePositive("seconds", seconds);
      if (harmonics < 1 || harmonics > 64) {
        throw new IllegalArgumentException("harmonics must be in 1..64, was " + harmonics);
      }
    }

    @Override
    public Trajectory toTrajectory(int latentSize) {
      return Trajectories.loop(latentSize, seed, seconds, harmonics);
    }
  }

  private static void requirePositive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a positive number, was " + value);
    }
  }
}
