package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Builds shows from preset names: the one place where the server learns what to play.
 *
 * <p>Until the engine's preset format lands, the only preset is {@value #DEFAULT_PRESET}: a small seeded random CPPN
 * ({@link JavaCppnGenerator}) drifting between seeded Gaussian latents.
 */
public final class Shows {

  /** The preset {@code zoomorph serve} plays when none is named. */
  public static final String DEFAULT_PRESET = "default";

  private static final CppnSpec DEFAULT_SPEC = new CppnSpec(8, 12, 3, 3, 4f);
  private static final long DEFAULT_SEED = 20161;
  private static final Duration KEYFRAME_INTERVAL = Duration.ofSeconds(4);

  private Shows() {}

  /** The names {@link #fromPreset} accepts. */
  public static List<String> presetNames() {
    return List.of(DEFAULT_PRESET);
  }

  /**
   * The show a preset describes, rendering frames of {@code width × height} paced at {@code fps}.
   *
   * @throws IllegalArgumentException naming the preset if there is no such preset, or naming the value if the size
   *     or frame rate is out of range
   */
  public static Show fromPreset(String name, int width, int height, double fps) {
    if (!(fps > 0) || fps > 1000) {
      throw new IllegalArgumentException("frame rate must be in (0, 1000], was " + fps);
    }
    View view = View.of(width, height);
    if (!DEFAULT_PRESET.equals(name)) {
      throw new IllegalArgumentException("unknown preset '" + name + "'; available: " + presetNames());
    }
    JavaCppnGenerator generator = new JavaCppnGenerator(CppnWeights.random(DEFAULT_SPEC, DEFAULT_SEED));
    return new Show(generator, drift(DEFAULT_SPEC.latentSize(), DEFAULT_SEED, fps, KEYFRAME_INTERVAL), view);
  }

  /**
   * Latents paced at {@code fps} that glide (slerp with smoothstep easing) from one seeded Gaussian keyframe to the
   * next every {@code keyframeInterval}.
   */
  static Flux<Latent> drift(int latentSize, long seed, double fps, Duration keyframeInterval) {
    Duration period = Duration.ofNanos(Math.max(1, Math.round(1e9 / fps)));
    double ticksPerKeyframe = keyframeInterval.toNanos() / (double) period.toNanos();
    return Flux.interval(period).map(tick -> {
      double position = tick / ticksPerKeyframe;
      long key = (long) Math.floor(position);
      double t = position - key;
      double eased = t * t * (3 - 2 * t);
      return Latent.gaussian(latentSize, seed + key).slerp(Latent.gaussian(latentSize, seed + key + 1), eased);
    });
  }
}
