package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How a preset's latent moves. Keyframes and paths are drawn from N(0, I) with the given seed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrajectorySpec.Morph.class, name = "morph"),
  @JsonSubTypes.Type(value = TrajectorySpec.RandomWalk.class, name = "random-walk"),
  @JsonSubTypes.Type(value = TrajectorySpec.Loop.class, name = "loop"),
})
public sealed interface TrajectorySpec {

  /** Sinusoidal morph through {@code keyframes} seeded latents, {@code secondsPerSegment} each, looping back. */
  record Morph(long seed, int keyframes, double secondsPerSegment, boolean slerp) implements TrajectorySpec {
    public Morph {
      if (keyframes < 2 || keyframes > 1000) {
        throw new IllegalArgumentException("keyframes must be in 2..1000, was " + keyframes);
      }
      requirePositive("secondsPerSegment", secondsPerSegment);
    }
  }

  /** Ornstein–Uhlenbeck walk staying in N(0, I)'s typical set; {@code secondsPerStep} sets how fast it wanders. */
  record RandomWalk(long seed, double secondsPerStep) implements TrajectorySpec {
    public RandomWalk {
      requirePositive("secondsPerStep", secondsPerStep);
    }
  }

  /** A closed path that returns exactly to its start after {@code seconds}. */
  record Loop(long seed, double seconds) implements TrajectorySpec {
    public Loop {
      requirePositive("seconds", seconds);
    }
  }

  private static void requirePositive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a positive number, was " + value);
    }
  }
}
