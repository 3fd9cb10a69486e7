package dev.zoomorph.engine.latent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.json.JsonProblem;
import dev.zoomorph.json.Required;
import dev.zoomorph.json.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A latent direction, an attribute vector ("smile vector"): the mean latent of one set of pictures minus that of
 * another under a model's encoder, e.g. ankle boots minus sneakers. Adding {@link #times}{@code (a)} to a latent moves
 * its picture towards the second set by the amount a: {@code z.add(boot.times(0.8))}.
 *
 * <p>A direction belongs to the model whose encoder made it: {@link #model} names it and {@link #modelId} is its
 * {@code ModelFile.id()}; {@link #checkFor} refuses it for any other. Stored as JSON ({@link #read}, {@link #write}).
 *
 * @param model the model's name as given when the direction was made (bundled name or file)
 * @param modelId the model's weights' id ({@code ModelFile.id()})
 * @param from what the first set was (a folder, {@code label:K})
 * @param to what the second set was
 * @param fromCount pictures encoded from the first set
 * @param toCount pictures encoded from the second set
 * @param vector mean latent of {@code to} minus mean latent of {@code from}
 */
// norm is written for people reading the file and follows from the vector; latentSize too, and is checked against it.
@JsonIgnoreProperties(value = {"norm"}, allowGetters = true)
@JsonPropertyOrder({"model", "modelId", "latentSize", "from", "to", "fromCount", "toCount", "norm", "vector"})
public record Direction(String model, String modelId, String from, String to, int fromCount, int toCount,
    @JsonIgnore Latent vector) {

  private static final ObjectMapper JSON =
      StrictJson.strict(JsonMapper.builder()).enable(SerializationFeature.INDENT_OUTPUT).build();

  public Direction {
    if (fromCount < 1 || toCount < 1) {
      throw new IllegalArgumentException("a direction needs pictures on both sides, had " + fromCount + " and "
          + toCount);
    }
  }

  /** The direction scaled by {@code amount}: what to add to a latent. */
  public Latent times(double amount) {
    return vector.scale(amount);
  }

  /** Euclidean length of {@link #vector}. */
  @JsonProperty("norm")
  public double norm() {
    return vector.norm();
  }

  @JsonProperty("latentSize")
  public int latentSize() {
    return vector.size();
  }

  @JsonProperty("vector")
  float[] components() {
    return vector.toArray();
  }

  @JsonCreator
  static Direction fromJson(@Required @JsonProperty("model") String model,
      @Required @JsonProperty("modelId") String modelId,
      @JsonProperty("from") String from, @JsonProperty("to") String to,
      @Required @JsonProperty("fromCount") int fromCount,
      @Required @JsonProperty("toCount") int toCount,
      @Required @JsonProperty("vector") List<Float> vector,
      @JsonProperty("latentSize") @Nullable Integer latentSize) {
    // Written beside the vector; a file whose two disagree is damaged or edited, and would be refused later as made
    // for another model, naming the same model twice.
    if (latentSize != null && latentSize != vector.size()) {
      throw new IllegalArgumentException("its vector has " + vector.size() + " values where its latentSize says "
          + latentSize);
    }
    float[] values = new float[vector.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = vector.get(i);
    }
    return new Direction(model, modelId, from == null ? "" : from, to == null ? "" : to, fromCount, toCount,
        Latent.of(values));
  }

  /**
   * This direction, if it was made with the model {@code name} whose id is {@code id} and latents have
   * {@code latentSize} components.
   *
   * @throws IllegalArgumentException naming both models when it was made for another
   */
  public Direction checkFor(String name, String id, int latentSize) {
    if (!modelId.equals(id) || vector.size() != latentSize) {
      throw new IllegalArgumentException("the direction was made for model " + model + " (id " + modelId
          + ", latent size " + vector.size() + "), not for " + name + " (id " + id + ", latent size " + latentSize
          + ")");
    }
    return this;
  }

  /**
   * The direction in a JSON file.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static Direction read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("direction file " + file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(bytes, "direction file " + file);
  }

  /**
   * The direction in JSON {@code bytes}; {@code source} names them in errors.
   *
   * @throws IllegalArgumentException naming the source and the problem
   */
  public static Direction parse(byte[] bytes, String source) {
    try {
      return JSON.readValue(bytes, Direction.class);
    } catch (JacksonException e) {
      JsonProblem problem = JsonProblem.of(e);
      throw new IllegalArgumentException(source + " is not a direction: "
          + (problem.syntax() ? problem.notValid("JSON") : problem), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Writes the direction as JSON to {@code file}, atomically. */
  public void write(Path file) {
    try {
      WholeFiles.write(file.toAbsolutePath(), out -> JSON.writeValue(out, this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write direction " + file + ": " + e.getMessage(), e);
    }
  }
}
