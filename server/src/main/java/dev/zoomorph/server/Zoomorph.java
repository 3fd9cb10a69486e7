package dev.zoomorph.server;

import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.playlist.Playlist;
import dev.zoomorph.playlist.Playlists;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Zoomorph as a library: the entry point for a program that plays a show. {@code zoomorph serve} is built on it.
 *
 * <pre>{@code
 * try (RunningShow show = Zoomorph.show("fashion").size(512, 512).serve(8080).osc(9000).start()) {
 *   show.controls().submit("my-app", ControlMessage.of("/zoomorph/zoom", 2.0));
 *   show.frames().take(30).blockLast();
 * }
 * }</pre>
 *
 * See docs/embedding.md for a complete example.
 */
public final class Zoomorph {
  private Zoomorph() {}

  /**
   * A show of a bundled preset (by name) or a preset file (by path).
   *
   * @throws PresetException naming the preset, field and problem
   */
  public static ShowBuilder show(String presetNameOrPath) {
    Objects.requireNonNull(presetNameOrPath, "presetNameOrPath");
    return new ShowBuilder(Presets.load(presetNameOrPath));
  }

  /** A show of {@code preset}. */
  public static ShowBuilder show(Preset preset) {
    Objects.requireNonNull(preset, "preset");
    return new ShowBuilder(preset);
  }

  /**
   * A show that plays the playlist in {@code file} (JSON or YAML; see the playlist module's README): its entries in
   * turn, on its schedule, through the control bus. While it plays, an edit of the file takes effect (one that does
   * not load is refused in the log, and the playlist plays on as it was); see docs/playlists.md.
   *
   * @throws dev.zoomorph.playlist.PlaylistException naming the file, the entry and the field
   */
  public static ShowBuilder playlist(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] loaded = Playlists.contents(file); // what is played: an edit made since is seen, and played
    return new ShowBuilder(Playlists.load(file, loaded), file, loaded);
  }

  /** A show that plays {@code playlist}; with no file to follow, it plays as it is until the show stops. */
  public static ShowBuilder playlist(Playlist playlist) {
    Objects.requireNonNull(playlist, "playlist");
    return new ShowBuilder(playlist);
  }

  /**
   * A recording of a bundled preset (by name) or a preset file (by path) on frame-exact time.
   *
   * @throws PresetException naming the preset, field and problem
   */
  public static Recording record(String presetNameOrPath) {
    Objects.requireNonNull(presetNameOrPath, "presetNameOrPath");
    return new Recording(Presets.load(presetNameOrPath));
  }

  /** A recording of {@code preset} on frame-exact time. */
  public static Recording record(Preset preset) {
    Objects.requireNonNull(preset, "preset");
    return new Recording(preset);
  }

  /**
   * A show of a bundled model by name (e.g. {@code fashion-cppn-vae-gan}) or a {@code .safetensors} path, morphing
   * through seeded keyframes like the default preset; give it latents of your own with
   * {@link ShowBuilder#latents}.
   *
   * @throws IllegalArgumentException naming the file and the problem when the model file is missing or bad
   */
  public static ShowBuilder model(String bundledNameOrPath) {
    Objects.requireNonNull(bundledNameOrPath, "bundledNameOrPath");
    Preset base = Presets.load(Presets.DEFAULT);
    ModelSpec model = ModelSpec.Trained.of(bundledNameOrPath);
    return new ShowBuilder(new Preset("embedded", "", model, new TrajectorySpec.Morph(7, 8, 4, true),
        base.view(), 1, base.tempo(), base.smoothingSeconds(), base.crossfadeSeconds(), base.midi(), base.post()));
  }
}
