package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.preset.PostSpec;
import org.jspecify.annotations.Nullable;

/**
 * Post-processing, applied in this order: a denoising autoencoder on the generator's own picture, mixed with it by
 * {@code denoiseStrength} (on the CPU, {@link Denoising}); then (by post.frag in GL, or by {@link
 * RenderBackends#withPostProcessing}'s lookup table with the same maths) contrast around mid-grey, gamma
 * (output = input^gamma), a soft black-and-white threshold (smoothstep from {@code threshold − softness} to
 * {@code threshold + softness}; it turns a blurry VAE decode into crisp contours), then a palette for grey models.
 *
 * @param threshold the grey level in (0, 1) where the threshold switches, or NaN for no threshold
 * @param palette colour map for one-channel models (ignored for RGB models), or null for grey output
 * @param denoiser the denoiser, or null for none
 * @param denoiseStrength how much of the denoised picture the frame gets, 0 … 1
 */
public record PostProcessing(float contrast, float gamma, float threshold, float softness, @Nullable Palette palette,
    @Nullable Denoiser denoiser, float denoiseStrength) {

  /** The image as the generator made it. */
  public static final PostProcessing NONE = new PostProcessing(1, 1, Float.NaN, 0, null);

  /** Post-processing without a denoiser. */
  public PostProcessing(float contrast, float gamma, float threshold, float softness, @Nullable Palette palette) {
    this(contrast, gamma, threshold, softness, palette, null, 0);
  }

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
    if (!(denoiseStrength >= 0 && denoiseStrength <= 1)) {
      throw new IllegalArgumentException("denoise strength must be in [0, 1], was " + denoiseStrength);
    }
  }

  /**
   * A preset's post-processing ({@link dev.zoomorph.engine.preset.Preset#post()}) without a denoiser.
   *
   * @throws IllegalArgumentException when it names a denoiser: use {@link #of(PostSpec, Denoisers)}
   */
  public static PostProcessing of(PostSpec spec) {
    if (spec.denoise() != null) {
      throw new IllegalArgumentException("post-processing with a denoiser (" + spec.denoise()
          + ") needs the Denoisers that load it");
    }
    return of(spec, null);
  }

  /** A preset's post-processing, its denoiser (if any) taken from {@code denoisers}. */
  public static PostProcessing of(PostSpec spec, @Nullable Denoisers denoisers) {
    Double threshold = spec.threshold();
    String palette = spec.palette();
    String denoise = spec.denoise();
    Denoiser denoiser = denoise == null || denoisers == null ? null : denoisers.get(denoise);
    return new PostProcessing((float) spec.contrast(), (float) spec.gamma(),
        threshold == null ? Float.NaN : threshold.floatValue(), (float) spec.softness(),
        palette == null ? null : Palette.named(palette), denoiser, denoiser == null ? 0 : (float) spec.denoiseStrength());
  }

  /** True when this leaves every picture as it is. */
  public boolean isIdentity() {
    return isPointwiseIdentity() && !denoises();
  }

  /** True when the steps after the denoiser (contrast … palette) leave every value as it is. */
  boolean isPointwiseIdentity() {
    return contrast == 1 && gamma == 1 && !hasThreshold() && palette == null;
  }

  /** True when a denoiser changes the pictures. */
  public boolean denoises() {
    return denoiser != null && denoiseStrength > 0;
  }

  public boolean hasThreshold() {
    return !Float.isNaN(threshold);
  }

  public PostProcessing withContrast(float newContrast) {
    return new PostProcessing(newContrast, gamma, threshold, softness, palette, denoiser, denoiseStrength);
  }

  public PostProcessing withGamma(float newGamma) {
    return new PostProcessing(contrast, newGamma, threshold, softness, palette, denoiser, denoiseStrength);
  }

  /** Soft threshold at {@code level}, smooth over ±{@code newSoftness}. */
  public PostProcessing withThreshold(float level, float newSoftness) {
    return new PostProcessing(contrast, gamma, level, newSoftness, palette, denoiser, denoiseStrength);
  }

  public PostProcessing withPalette(@Nullable Palette newPalette) {
    return new PostProcessing(contrast, gamma, threshold, softness, newPalette, denoiser, denoiseStrength);
  }
}
