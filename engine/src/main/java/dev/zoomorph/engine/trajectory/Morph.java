package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.List;

/** See {@link Trajectories#morph}. */
record Morph(List<Latent> keyframes, double secondsPerSegment, Interpolation interpolation, boolean loop)
    implements Trajectory {

  Morph {
    if (keyframes.isEmpty()) {
      throw new IllegalArgumentException("a morph needs at least one keyframe");
    }
    keyframes = List.copyOf(keyframes);
    int size = keyframes.get(0).size();
    for (int i = 1; i < keyframes.size(); i++) {
      if (keyframes.get(i).size() != size) {
        throw new IllegalArgumentException(
            "keyframe " + i + " has size " + keyframes.get(i).size() + ", keyframe 0 has size " + size);
      }
    }
    FrameCounts.requireSeconds(secondsPerSegment, "seconds per segment");
  }

  @Override
  public int size() {
    return keyframes.get(0).size();
  }

  @Override
  public Run start(double fps) {
    int framesPerSegment = FrameCounts.count(secondsPerSegment, fps, "a segment");
    int n = keyframes.size();
    int segments = loop ? n : n - 1;
    long total = (long) segments * framesPerSegment;
    return new PositionRun() {
      @Override
      Latent at(double position) {
        if (segments == 0) {
          return keyframes.get(0);
        }
        double p;
        if (loop) {
          p = FrameCounts.wrap(position, total);
        } else if (position <= 0) {
          return keyframes.get(0);
        } else if (position >= total) {
          return keyframes.get(n - 1);
        } else {
          p = position;
        }
        int k = (int) Math.min(segments - 1, Math.floor(p / framesPerSegment));
        double u = (p - (double) k * framesPerSegment) / framesPerSegment;
        // Half-cosine easing: zero speed at both keyframes, fastest mid-segment (Ha's sampler used a quarter sine,
        // which slows only into the target). u = 0 gives exactly 0, so segment starts are the keyframes, bit-exact.
        double eased = (1 - StrictMath.cos(Math.PI * u)) / 2;
        return interpolation.between(keyframes.get(k), keyframes.get((k + 1) % n), eased);
      }
    };
  }
}
