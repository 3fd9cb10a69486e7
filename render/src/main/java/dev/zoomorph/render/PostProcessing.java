package dev.zoomorph.render;

import dev.zoomorph.engine.preset.PostSpec;
import org.jspecify.annotations.Nullable;

/**
 * Post-processing, applied in this order (by post.frag in GL, or by {@link RenderBackends#withPostProcessing}'s
 * lookup table with the same maths): contrast around mid-grey, gamma (output = input^gamma), a soft black-and-white
 * threshold (smoothstep from {@code threshold − softness} to {@code threshold + softness}; it turns a blurry VAE
 * decode into crisp contours), then a palette for grey models.
 *
 * @param threshold the grey level in (0, 1) where the threshold switches, or NaN for no threshold
 * @param palette colour map for one-channel models (ignored for RGB models), or null for grey output
 */
public record PostProcessing(float contrast, float gamma, float threshold, float softness, @Nullable Palette palette) {

  /** The image as the generator made it. */
  public static final PostProcessing NONE = new PostProcessing(1, 1, Float.NaN, 0, null);

  public PostProcessing {
    if (!(contrast >= 0) || !Float.isFinite(contrast)) {
      throw new IllegalArgumentException("contrast must be finite and non-negative, was " + contrast);
    }
    if (!(gamma > 0) || !Float.isFinite(gamma)) {
      throw new IllegalArgumentException("gamma must be positive and finite, was " + gamma);
    }
    if (!Float.isNaN(threshold) && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1) or NaN for none, was " + threshold);
    }
    if (!(softness >= 0 && softness <= 0.5f)) {
      throw new IllegalArgumentException("threshold softness must be in [0, 0.5], was " + softness);
    }
  }

  /** A preset's post-processing ({@link dev.zoomorph.engine.preset.Preset#post()}). */
  public static PostProcessing of(PostSpec spec) {
    Double threshold = spec.threshold();
    String palette = spec.palette();
    return new PostProcessing((float) spec.contrast(), (float) spec.gamma(),
        threshold == null ? Float.NaN : threshold.floatValue(), (float) spec.softness(),
        palette == null ? null : Palette.named(palette));
  }

  /** True when this leaves every picture as it is. */
  public boolean isIdentity() {
    return contrast == 1 && gamma == 1 && !hasThreshold() && palette == null;
  }

  public boolean hasThreshold() {
    return !Float.isNaN(threshold);
  }

  public PostProcessing withContrast(float newContrast) {
    return new PostProcessing(newContrast, gamma, threshold, softness, palette);
  }

  public PostProcessing withGamma(float newGamma) {
    return new PostProcessing(contrast, newGamma, threshold, softness, palette);
  }

  /** Soft threshold at {@code level}, smooth over ±{@code newSoftness}. */
  public PostProcessing withThreshold(float level, float newSoftness) {
    return new PostProcessing(contrast, gamma, level, newSoftness, palette);
  }

  public PostProcessing withPalette(@Nullable Palette newPalette) {
    return new PostProcessing(contrast, gamma, threshold, softness, newPalette);
  }
}
