package dev.zoomorph.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Architecture and provenance of a model, stored as JSON in the safetensors header (see {@code docs/model-files.md}).
 *
 * @param kind what the file holds
 * @param latentSize size of z
 * @param channels 1 (grey) or 3 (RGB)
 * @param trainingWidth width of the training images in pixels (the CPPN's coordinates follow {@code View} at this size)
 * @param trainingHeight height of the training images
 * @param cppn the CPPN generator's shape, for CPPN kinds; null for DCGAN
 * @param encoder the VAE encoder's shape, for CPPN-VAE-GAN; null otherwise
 * @param dcgan the DCGAN generator's shape, for DCGAN; null otherwise
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
    List<Layer> layers,
    Dataset dataset,
    long steps,
    Map<String, Double> finalLosses,
    String command,
    long seed) {

  public ModelMetadata {
    if (kind == null) {
      throw new IllegalArgumentException("model metadata has no kind");
    }
    if (latentSize <= 0) {
      throw new IllegalArgumentException("model latentSize must be positive, was " + latentSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("model channels must be 1 or 3, was " + channels);
    }
    if (trainingWidth <= 0 || trainingHeight <= 0) {
      throw new IllegalArgumentException(
          "model training size must be positive, was " + trainingWidth + "x" + trainingHeight);
    }
    if (kind.isCppn() && cppn == null) {
      throw new IllegalArgumentException("a " + kind + " model needs the 'cppn' architecture entry");
    }
    if (kind.hasEncoder() && encoder == null) {
      throw new IllegalArgumentException("a " + kind + " model needs the 'encoder' architecture entry");
    }
    if (kind == ModelKind.DCGAN && dcgan == null) {
      throw new IllegalArgumentException("a dcgan model needs the 'dcgan' architecture entry");
    }
    layers = layers == null ? List.of() : List.copyOf(layers);
    dataset = dataset == null ? new Dataset("unknown", "unknown") : dataset;
    finalLosses = finalLosses == null ? Map.of() : Map.copyOf(finalLosses);
    command = command == null ? "" : command;
  }

  /** The CPPN generator's shape: hidden width, depth (number of hidden layers) and coordinate scale. */
  public record Cppn(int width, int depth, float scale) {}

  /**
   * The VAE encoder Q: an MLP over the flattened training image (rows top to bottom, values in [0, 1]) with these
   * hidden widths and the given activation, then two linear heads for μ and log σ².
   */
  public record Encoder(List<Integer> hidden, String activation) {
    public Encoder {
      hidden = List.copyOf(hidden);
      if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h <= 0)) {
        throw new IllegalArgumentException("encoder hidden widths must be positive and non-empty, were " + hidden);
      }
      if (!activation.equals("softplus") && !activation.equals("relu") && !activation.equals("tanh")) {
        throw new IllegalArgumentException("encoder activation must be softplus, relu or tanh, was " + activation);
      }
    }
  }

  /**
   * The DCGAN generator: z → dense to 4×4×(baseFilters·2^(n−1)) → n transposed 5×5 convolutions of stride 2, each
   * halving the filters (batch norm + ReLU between), the last to {@code channels} with tanh; side = 4·2^n.
   */
  public record Dcgan(int baseFilters, int upsamplings) {
    public Dcgan {
      if (baseFilters <= 0 || upsamplings < 1 || upsamplings > 6) {
        throw new IllegalArgumentException(
            "dcgan needs baseFilters > 0 and 1..6 upsamplings, was " + baseFilters + " and " + upsamplings);
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

  /** One layer: its tensor-name prefix, output units (or channels) and activation. */
  public record Layer(String name, int units, String activation) {}

  /** Training data: a name and its licence. */
  public record Dataset(String name, String licence) {}
}
