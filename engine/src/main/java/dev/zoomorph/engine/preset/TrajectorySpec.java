package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.trajectory.Interpolation;
import dev.zoomorph.engine.trajectory.Trajectories;
import dev.zoomorph.engine.trajectory.Trajectory;
import dev.zoomorph.json.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

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

  /**
   * Sinusoidal morph through keyframes, {@code secondsPerSegment} each, looping back. A keyframe is a seeded latent
   * (drawn from N(0, I) with {@code seed}, in order) or a picture the model's encoder turns into a latent when the
   * preset loads ({@link Keyframe.Image}).
   *
   * <p>JSON: {@code "keyframes": 8} (eight seeded keyframes) or a list mixing pictures and counts of seeded keyframes,
   * {@code "keyframes": ["boot.png", 2, "bag.png"]}: boot.png, two seeded latents, then bag.png; picture paths are
   * relative to the preset's folder.
   */
  record Morph(long seed, List<Keyframe> keyframes, double secondsPerSegment, boolean slerp) implements TrajectorySpec {
    public Morph {
      keyframes = List.copyOf(keyframes);
      if (keyframes.isEmpty() || keyframes.size() > 1000) {
        throw new IllegalArgumentException("keyframes must be in 1..1000, was " + keyframes.size());
      }
      requirePositive("secondsPerSegment", secondsPerSegment);
    }

    /** A morph through {@code keyframes} seeded latents. */
    public Morph(long seed, int keyframes, double secondsPerSegment, boolean slerp) {
      this(seed, seeded(keyframes), secondsPerSegment, slerp);
    }

    private static List<Keyframe> seeded(int count) {
      if (count < 1 || count > 1000) {
        throw new IllegalArgumentException("keyframes must be in 1..1000, was " + count);
      }
      return java.util.Collections.nCopies(count, Keyframe.SEEDED);
    }

    @JsonCreator
    static Morph fromJson(@JsonProperty(value = "seed") long seed,
        @Required @JsonProperty("keyframes") JsonNode keyframes,
        @Required @JsonProperty("secondsPerSegment") double secondsPerSegment,
        @JsonProperty("slerp") boolean slerp) {
      List<Keyframe> list = new ArrayList<>();
      if (keyframes.isIntegralNumber()) {
        list.addAll(seeded(keyframes.intValue()));
      } else if (keyframes.isArray()) {
        for (JsonNode item : keyframes) {
          if (item.isIntegralNumber()) {
            if (item.intValue() < 0 || item.intValue() > 1000) {
              throw new IllegalArgumentException("a count of seeded keyframes must be in 0..1000, was " + item);
            }
            list.addAll(java.util.Collections.nCopies(item.intValue(), Keyframe.SEEDED));
          } else if (item.isTextual() && !item.textValue().isBlank()) {
            list.add(new Keyframe.Image(item.textValue(), null));
          } else {
            throw new IllegalArgumentException("a keyframe is a picture's path or a count of seeded keyframes, not "
                + item);
          }
        }
      } else {
        throw new IllegalArgumentException(
            "keyframes must be a count or a list of pictures and counts, was " + keyframes);
      }
      return new Morph(seed, list, secondsPerSegment, slerp);
    }

    /** The JSON form: the count when every keyframe is seeded, else the list with runs of seeded ones counted. */
    @JsonProperty("keyframes")
    Object keyframesJson() {
      if (keyframes.stream().allMatch(k -> k instanceof Keyframe.Seeded)) {
        return keyframes.size();
      }
      List<Object> out = new ArrayList<>();
      for (Keyframe k : keyframes) {
        if (k instanceof Keyframe.Image image) {
          out.add(image.file());
        } else if (!out.isEmpty() && out.get(out.size() - 1) instanceof Integer run) {
          out.set(out.size() - 1, run + 1);
        } else {
          out.add(1);
        }
      }
      return out;
    }

    @Override
    public Trajectory toTrajectory(int latentSize) {
      return Trajectories.morph(
          keyframeLatents(latentSize), secondsPerSegment, slerp ? Interpolation.SPHERICAL : Interpolation.LINEAR,
          true);
    }

    /**
     * The keyframes the morph passes through, in order: keyframe k starts segment k.
     *
     * @throws IllegalStateException when a picture keyframe was not encoded (the preset was not loaded by
     *     {@link Presets}) or was encoded by a model with another latent size
     */
    public List<Latent> keyframeLatents(int latentSize) {
      SplittableRandom random = new SplittableRandom(seed);
      List<Latent> latents = new ArrayList<>(keyframes.size());
      for (Keyframe k : keyframes) {
        if (k instanceof Keyframe.Image image) {
          Latent z = image.latent();
          if (z == null || z.size() != latentSize) {
            throw new IllegalStateException("keyframe picture " + image.file() + " is not encoded for latents of "
                + latentSize + " (load the preset with Presets.load, which encodes it)");
          }
          latents.add(z);
        } else {
          latents.add(Latent.gaussian(latentSize, random));
        }
      }
      return latents;
    }

    /** True when some keyframe is a picture. */
    @JsonIgnore
    public boolean hasPictures() {
      return keyframes.stream().anyMatch(k -> k instanceof Keyframe.Image);
    }

    /** This morph with its picture keyframes replaced by {@code encoded} (same order). */
    Morph withKeyframes(List<Keyframe> encoded) {
      return new Morph(seed, encoded, secondsPerSegment, slerp);
    }
  }

  /** One keyframe of a {@link Morph}. */
  sealed interface Keyframe {
    /** The next latent drawn from the morph's seed. */
    Seeded SEEDED = new Seeded();

    /** A seeded keyframe. */
    record Seeded() implements Keyframe {}

    /**
     * A picture, encoded by the preset's model when the preset loads.
     *
     * @param file the picture's path, relative to the preset's folder
     * @param latent its latent, or null before encoding
     */
    record Image(String file, @Nullable Latent latent) implements Keyframe {}
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
