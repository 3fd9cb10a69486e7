package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.ViewSpec;
import org.jspecify.annotations.Nullable;

/**
 * What one frame shows: the playing preset's latent and view and, while a switch between presets of different
 * models crossfades, the preset being left too. (A switch between presets of the same model blends latents
 * instead, so it has no {@code fading} layer.)
 *
 * @param fading the preset being left, or null when no frame crossfade is under way
 * @param fadingWeight how much of the picture is {@code fading}'s, from 1 at the switch down to 0; 0 without one
 */
public record Scene(Layer current, @Nullable Layer fading, double fadingWeight) {

  public Scene {
    if (!(fadingWeight >= 0 && fadingWeight <= 1)) {
      throw new IllegalArgumentException("fading weight must be in [0, 1], was " + fadingWeight);
    }
  }

  /**
   * One preset's picture: render {@code latent} with {@code preset}'s model, looking at {@code view}, and
   * post-process it with {@code post} (the preset's, as the live controls have changed it).
   */
  public record Layer(Preset preset, Latent latent, ViewSpec view, PostSpec post) {}
}
