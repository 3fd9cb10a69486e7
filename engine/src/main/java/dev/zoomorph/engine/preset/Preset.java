package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A show preset.
 *
 * @param renderScale the generator renders at this fraction of the output size and the result is upscaled
 *     (1 = full resolution); lets a small CPU reach the live frame rate
 */
public record Preset(
    String name,
    String description,
    ModelSpec model,
    TrajectorySpec trajectory,
    ViewSpec view,
    double renderScale) {

  public Preset {
    requirePresent("name", name);
    requirePresent("model", model);
    requirePresent("trajectory", trajectory);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, was '" + name + "'");
    }
    if (!(renderScale > 0 && renderScale <= 1)) {
      throw new IllegalArgumentException("renderScale must be in (0, 1], was " + renderScale);
    }
  }

  // JSON may say null where Java's types say it cannot be.
  @SuppressWarnings("ConstantValue")
  private static void requirePresent(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  /** The JSON form, where description, view and renderScale are optional. */
  @JsonCreator
  static Preset fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty("description") @Nullable String description,
      @JsonProperty(value = "model", required = true) ModelSpec model,
      @JsonProperty(value = "trajectory", required = true) TrajectorySpec trajectory,
      @JsonProperty("view") @Nullable ViewSpec view,
      @JsonProperty("renderScale") @Nullable Double renderScale) {
    return new Preset(name, description == null ? "" : description, model, trajectory,
        view == null ? ViewSpec.DEFAULT : view, renderScale == null ? 1.0 : renderScale);
  }
}
