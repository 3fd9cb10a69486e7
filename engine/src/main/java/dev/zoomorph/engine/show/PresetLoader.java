package dev.zoomorph.engine.show;

import dev.zoomorph.engine.preset.Preset;

/**
 * Loads the preset that {@code /zoomorph/preset} names, on the thread that applied the message (never the render
 * loop's). The server's loader also builds the preset's generator when its model is new, so a preset that cannot be
 * played is refused before the switch.
 */
@FunctionalInterface
public interface PresetLoader {

  /**
   * The preset {@code nameOrPath} names, ready to play.
   *
   * @throws RuntimeException whose message names the preset, field and problem; the show goes on unchanged
   */
  Preset load(String nameOrPath);
}
