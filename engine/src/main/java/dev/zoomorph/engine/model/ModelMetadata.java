package dev.zoomorph.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zoomorph.engine.generator.CppnSpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Architecture and provenance of a model, stored as JSON in the safetensors header (see {@code docs/model-files.md}).
 *
 * @param kind what the file holds
 * @param latentSize size of z (0 for a denoiser, which has none)
 * @param channels 1 (grey) or 3 (RGB)
 * @param trainingWidth width of the training images in pixels (the CPPN's coordinates follow {@code View} at this size)
 * @param trainingHeight height of the training images
 * @param cppn the CPPN generator's shape, for CPPN kinds; null otherwise
 * @param encoder the VAE encoder's shape, for CPPN-VAE-GAN and VAE-DCGAN; null otherwise
 * @param dcgan the DCGAN generator's shape, for DCGAN and VAE-DCGAN; null otherwise
 * @param denoiser the denoising autoencoder's shape, for the denoiser; null otherwise
 * @param layers every layer in order, for people and tools reading the file
 * @param dataset what the model was trained on
 * @param steps training steps done
 * @param finalLosses the last losses by name (e.g. {@code d}, {@code g}, {@code vae})
 * @param command the command line that made the file
 * @param seed the training seed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
    ModelKind kind,
    int latentSize,
    int channels,
    int trainingWidth,
    int trainingHeight,
    @Nullable Cppn cppn,
    @Nullable Encoder encoder,
    @Nullable Dcgan dcgan,
    @Nullable Denoiser denoiser,
    List<Layer> layers,
    Dataset dataset,
    long steps,
    Map<String, Double> finalLosses,
    String command,
    long seed) {

  /** The largest training side, far above any training's (26 to 64 here): larger is a damaged or crafted file. */
  public static final int MAX_SIDE = 16384;

  public ModelMetadata {
    if (kind == null) {
      throw new IllegalArgumentException("model metadata has no kind");
    }
    if (kind.isGenerator() ? latentSize <= 0 : latentSize != 0) {
      throw new IllegalArgumentException("a " + kind + " model's latentSize must be "
          + (kind.isGenerator() ? "positive" : "0") + ", was " + latentSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("model channels must be 1 or 3, was " + channels);
    }
    if (trainingWidth <= 0 || trainingHeight <= 0 || trainingWidth > MAX_SIDE || trainingHeight > MAX_SIDE) {
      throw new IllegalArgumentException("model training size must be 1.." + MAX_SIDE + " a side, was "
          + trainingWidth + "x" + trainingHeight);
    }
    if (kind.isCppn()) {
      if (cppn == null) {
        throw new IllegalArgumentException("a " + kind + " model needs the 'cppn' architecture entry");
      }
      // The generator's own checks (latent size, width, depth, scale), made here so that a file the generator would
      // refuse is refused when it is read, naming it, by every command alike.
      new CppnSpec(latentSize, cppn.width(), cppn.depth(), channels, cppn.scale());
    }
    if (kind.hasEncoder() && encoder == null) {
      throw new IllegalArgumentException("a " + kind + " model needs the 'encoder' architecture entry");
    }
    if (kind.isDcgan() && dcgan == null) {
      throw new IllegalArgumentException("a " + kind + " model needs the 'dcgan' architecture entry");
    }
    if (kind == ModelKind.DENOISER && denoiser == null) {
      throw new IllegalArgumentException("a denoiser model needs the 'denoiser' architecture entry");
    }
    layers = layers == null ? List.of() : List.copyOf(layers);
    dataset = dataset == null ? new Dataset("unknown", "unknown") : dataset;
    finalLosses = finalLosses == null ? Map.of() : Map.copyOf(finalLosses);
    command = command == null ? "" : command;
  }

  /** The CPPN generator's shape: hidden width, depth (number of hidden layers) and coordinate scale. */
  public record Cppn(int width, int depth, float scale) {}

  /**
   * The VAE encoder Q over the training image (rows top to bottom, values in [0, 1]): first {@code convolutions}, 5×5
   * convolutions of stride 2 with these filter counts (VAE-DCGAN), then the flattened result through dense layers of
   * the {@code hidden} widths, all with {@code activation}, then two linear heads for μ and log σ². The CPPN-VAE-GAN's
   * is an MLP (no convolutions).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Encoder(List<Integer> hidden, String activation, List<Integer> convolutions) {
    /** The activations an encoder may use. */
    public static final List<String> ACTIVATIONS = List.of("softplus", "relu", "tanh", "leaky-relu");

    public Encoder {
      hidden = hidden == null ? List.of() : List.copyOf(hidden);
      convolutions = convolutions == null ? List.of() : List.copyOf(convolutions);
      if (hidden.isEmpty() && convolutions.isEmpty()) {
        throw new IllegalArgumentException("an encoder needs hidden layers or convolutions");
      }
      if (hidden.stream().anyMatch(h -> h == null || h <= 0) || convolutions.stream().anyMatch(c -> c == null || c <= 0)) {
        throw new IllegalArgumentException("encoder widths must be positive, were hidden " + hidden
            + " and convolutions " + convolutions);
      }
      if (!ACTIVATIONS.contains(activation)) {
        throw new IllegalArgumentException(
            "encoder activation must be one of " + String.join(", ", ACTIVATIONS) + ", was " + activation);
      }
    }

    /** An MLP encoder (the CPPN-VAE-GAN's). */
    public Encoder(List<Integer> hidden, String activation) {
      this(hidden, activation, List.of());
    }
  }

  /**
   * The DCGAN generator: z → dense to 4×4×(baseFilters·2^(n−1)) → n transposed 5×5 convolutions of stride 2, each
   * halving the filters (batch norm + ReLU between), the last to {@code channels} with tanh; side = 4·2^n.
   */
  public record Dcgan(int baseFilters, int upsamplings) {
    public Dcgan {
      // Bounded so that filters(0) = baseFilters · 2^(upsamplings−1) and the 4×4 projection fit an int.
      if (baseFilters <= 0 || baseFilters > 65536 || upsamplings < 1 || upsamplings > 6) {
        throw new IllegalArgumentException(
            "dcgan needs baseFilters in 1..65536 and 1..6 upsamplings, was " + baseFilters + " and " + upsamplings);
      }
    }

    /** Output side in pixels. */
    public int side() {
      return 4 << upsamplings;
    }

    /** Filters after upsampling k (k = 0 is the dense 4×4 projection). */
    public int filters(int k) {
      return baseFilters << (upsamplings - 1 - k);
    }
  }

  /**
   * The denoising autoencoder: 3×3 convolutions, {@code filters} wide at full resolution and twice that at half
   * resolution (one stride-2 convolution down, nearest-neighbour upsampling back, a skip connection from the first
   * layer), ReLU between and a sigmoid out. Fully convolutional, so it takes pictures of any size. The noise it was
   * trained to remove: Gaussian of standard deviation {@code noiseSigma} on [0, 1] values, then a
   * {@code noiseSaltPepper} fraction of pixels set to black or white.
   */
  public record Denoiser(int filters, double noiseSigma, double noiseSaltPepper) {
    public Denoiser {
      if (filters <= 0 || filters > 256) {
        throw new IllegalArgumentException("denoiser filters must be in 1..256, was " + filters);
      }
      if (!(noiseSigma >= 0 && noiseSigma <= 1) || !(noiseSaltPepper >= 0 && noiseSaltPepper <= 1)) {
        throw new IllegalArgumentException("denoiser noise must be in 0..1, was sigma " + noiseSigma
            + " and salt-and-pepper " + noiseSaltPepper);
      }
    }
  }

  /** One layer: its tensor-name prefix, output units (or channels) and activation. */
  public record Layer(String name, int units, String activation) {}

  /** Training data: a name, its licence and the credit the licence asks for (null when none). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Dataset(String name, String licence, @Nullable String credit) {
    public Dataset(String name, String licence) {
      this(name, licence, null);
    }
  }
}
