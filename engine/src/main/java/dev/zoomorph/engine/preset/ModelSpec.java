package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.json.Required;
import java.nio.file.Path;

/** Which generator a preset plays. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ModelSpec.RandomCppn.class, name = "random-cppn"),
  @JsonSubTypes.Type(value = ModelSpec.Trained.class, name = "model"),
})
public sealed interface ModelSpec {

  /** Size of the latents the model takes. */
  int latentSize();

  /** Channels of the pictures it draws: 1 (grey, which a palette can colour) or 3 (RGB). */
  int channels();

  /** A CPPN with seeded random weights: the classic abstract look, no training needed. */
  record RandomCppn(long seed, int latentSize, int width, int depth, int channels, float scale)
      implements ModelSpec {
    public RandomCppn {
      new CppnSpec(latentSize, width, depth, channels, scale); // validates, with messages naming the value
    }

    @JsonIgnore
    public CppnSpec spec() {
      return new CppnSpec(latentSize, width, depth, channels, scale);
    }
  }

  /**
   * A trained model file: a bundled model's name (e.g. {@code fashion-cppn-vae-gan}) or a {@code .safetensors} path,
   * relative to the preset's folder ({@link ModelFile#locate}; held as the file's absolute path, written back relative
   * to wherever the preset is saved). CPPN models render at any size; a DCGAN renders at its training size and is
   * resampled. The file is read and validated when the preset is loaded, so a bad file rejects the preset, naming the
   * file and tensor.
   */
  record Trained(String name, @JsonIgnore int latentSize, @JsonIgnore int channels) implements ModelSpec {
    public Trained {
      if (name.isBlank()) {
        throw new IllegalArgumentException("model name must not be empty");
      }
    }

    /** The model of this name or path (relative to the working folder); see {@link #of(String, Path)}. */
    public static Trained of(String name) {
      return of(name, Path.of(""));
    }

    /**
     * The model of this name or path, a relative path read from {@code folder}, after reading and validating its file;
     * it must draw pictures.
     */
    public static Trained of(String name, Path folder) {
      ModelMetadata meta = ModelFile.load(name, folder).metadata();
      if (!meta.kind().isGenerator()) {
        throw new IllegalArgumentException(name + " is a " + meta.kind() + " model, which draws no pictures (a "
            + "denoiser belongs in post.denoise)");
      }
      return new Trained(ModelFile.locate(name, folder), meta.latentSize(), meta.channels());
    }

    @JsonCreator
    static Trained fromJson(@Required @JsonProperty("name") String name,
        @JacksonInject(Presets.FOLDER) Path presetFolder) {
      return of(name, presetFolder);
    }
  }
}
