package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.engine.model.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A preset's post-processing, done after the generator: a denoising autoencoder mixed in by a strength, contrast
 * around mid-grey, gamma (output = input^gamma), a soft black-and-white threshold, then a colour map for one-channel
 * models.
 *
 * <p>JSON: {@code {"denoise": "fashion-denoiser", "denoiseStrength": 0.8, "contrast": 1.2, "gamma": 0.9,
 * "threshold": 0.5, "softness": 0.08, "palette": "fire"}}, every field optional.
 *
 * @param contrast 0 or more; 1 leaves the image as it is
 * @param gamma above 0; 1 leaves the image as it is
 * @param threshold grey level in (0, 1) where the picture turns from black to white, or null for none
 * @param softness half-width of the threshold's soft edge, 0..0.5 (0: hard contours)
 * @param palette one of {@link #PALETTES}, for one-channel models (RGB models ignore it), or null for grey
 * @param denoise a denoiser model (bundled name or {@code .safetensors} path, relative to the preset's folder as the
 *     model's is: {@link ModelFile#locate}) that cleans the generator's picture before the rest, or null for none
 * @param denoiseStrength how much of the denoised picture the frame gets, 0 (the raw picture) … 1 (all denoised)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostSpec(double contrast, double gamma, @Nullable Double threshold, double softness,
    @Nullable String palette, @Nullable String denoise, double denoiseStrength) {

  /** The palette names the renderer knows. */
  public static final List<String> PALETTES = List.of("fire", "ice", "viridis");

  /** The picture as the generator made it. */
  public static final PostSpec NONE = new PostSpec(1, 1, null, 0, null);

  /** Post-processing without a denoiser. */
  public PostSpec(double contrast, double gamma, @Nullable Double threshold, double softness,
      @Nullable String palette) {
    this(contrast, gamma, threshold, softness, palette, null, 1);
  }

  public PostSpec {
    if (!(contrast >= 0) || !Double.isFinite(contrast)) {
      throw new IllegalArgumentException("contrast must be finite and 0 or more, was " + contrast);
    }
    if (!(gamma > 0) || !Double.isFinite(gamma)) {
      throw new IllegalArgumentException("gamma must be finite and above 0, was " + gamma);
    }
    if (threshold != null && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
    }
    if (!(softness >= 0 && softness <= 0.5)) {
      throw new IllegalArgumentException("softness must be in 0..0.5, was " + softness);
    }
    if (palette != null) {
      String name = palette.toLowerCase(Locale.ROOT);
      if (!PALETTES.contains(name)) {
        throw new IllegalArgumentException(
            "palette '" + palette + "' is unknown; known: " + String.join(", ", PALETTES));
      }
      palette = name;
    }
    if (denoise != null && denoise.isBlank()) {
      throw new IllegalArgumentException("denoise must name a denoiser model, was empty");
    }
    if (!(denoiseStrength >= 0 && denoiseStrength <= 1)) {
      throw new IllegalArgumentException("denoiseStrength must be in 0..1, was " + denoiseStrength);
    }
  }

  /** This post-processing with the denoiser mixed in by {@code strength}. */
  public PostSpec withDenoiseStrength(double strength) {
    return new PostSpec(contrast, gamma, threshold, softness, palette, denoise, strength);
  }

  /** True when this changes nothing, so the renderer can skip the pass. */
  @JsonIgnore
  public boolean isIdentity() {
    return contrast == 1 && gamma == 1 && threshold == null && palette == null
        && (denoise == null || denoiseStrength == 0);
  }

  /** The JSON form, where every field is optional. */
  @JsonCreator
  static PostSpec fromJson(
      @JsonProperty("contrast") @Nullable Double contrast,
      @JsonProperty("gamma") @Nullable Double gamma,
      @JsonProperty("threshold") @Nullable Double threshold,
      @JsonProperty("softness") @Nullable Double softness,
      @JsonProperty("palette") @Nullable String palette,
      @JsonProperty("denoise") @Nullable String denoise,
      @JsonProperty("denoiseStrength") @Nullable Double denoiseStrength,
      @JacksonInject(Presets.FOLDER) Path presetFolder) {
    return new PostSpec(contrast == null ? NONE.contrast : contrast, gamma == null ? NONE.gamma : gamma, threshold,
        softness == null ? NONE.softness : softness, palette,
        // An empty name is left for the constructor to refuse.
        denoise == null || denoise.isBlank() ? denoise : ModelFile.locate(denoise, presetFolder),
        denoiseStrength == null ? NONE.denoiseStrength : denoiseStrength);
  }
}
