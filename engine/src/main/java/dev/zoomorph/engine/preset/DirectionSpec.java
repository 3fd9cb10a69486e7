package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.zoomorph.engine.latent.Direction;
import org.jspecify.annotations.Nullable;

/**
 * A latent direction a preset plays ({@code "directions": {"boot": "boot.json"}}): the direction file made by
 * {@code zoomorph direction}, relative to the preset's folder, and once {@link Presets} has loaded the preset, the
 * direction in it, checked against the preset's model.
 *
 * @param file the direction file's path as the preset gives it
 * @param direction the direction, or null before the preset is loaded
 */
public record DirectionSpec(@JsonValue String file, @JsonIgnore @Nullable Direction direction) {
  public DirectionSpec {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("a direction needs a file");
    }
  }

  @JsonCreator
  static DirectionSpec of(String file) {
    return new DirectionSpec(file, null);
  }
}
