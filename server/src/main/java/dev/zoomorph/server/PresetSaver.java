package dev.zoomorph.server;

import dev.zoomorph.engine.control.midi.MidiBinding;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Saves the running show as a preset, for {@code POST /api/preset/save}. The show provides it; the server hands it
 * the MIDI bindings in force, learned ones included, so that they are saved with the preset.
 */
@FunctionalInterface
interface PresetSaver {

  /**
   * @param name the preset name to save as, or null for the preset playing now
   * @return where it was saved (a file path or preset name), for the reply
   * @throws IllegalArgumentException if the name cannot be a preset name
   * @throws dev.zoomorph.engine.preset.PresetException if the preset names a file that cannot go with it
   * @throws dev.zoomorph.engine.files.LinkRefusedException if a file would be written through a symbolic link in the
   *     preset folder (nothing is written)
   */
  String save(@Nullable String name, List<MidiBinding> midiBindings);
}
