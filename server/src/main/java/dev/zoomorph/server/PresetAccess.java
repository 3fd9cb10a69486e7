package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlException.Problem;
import dev.zoomorph.engine.control.ControlGuard;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.preset.Presets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What presets the network inputs (OSC and the HTTP API) may name: bundled presets, and {@code .json}/{@code .yaml}
 * files inside the preset folder ({@code --preset-dir}), by file name or by preset name ({@code mine} for
 * {@code mine.json}, as a saved preset reads back); a relative path is taken inside that folder. Anything else
 * (an absolute path elsewhere, {@code ..}, a symbolic link whose target is outside, a file under a folder that is
 * such a link, whether that file exists or not) is refused before it is opened: the check resolves links with
 * {@link Path#toRealPath} (which reads directories and links, never the file), and the show then loads the resolved
 * file. Inputs from the command line and the program (the playlist, a timeline, code submitting to the bus) are not
 * restricted, but find what the preset folder holds by the name they give first ({@link #found}), as the network does.
 */
final class PresetAccess implements ControlGuard {

  /** Why a name through a symbolic link out of the folder is refused, whether or not the file there exists. */
  private static final String LINKS_OUT = "it leads through a symbolic link out of the preset folder ";

  /** The control inputs whose messages come over the network. */
  static final Set<String> NETWORK_INPUTS = Set.of(ControlInputs.OSC, ControlInputs.HTTP);

  private final @Nullable Path folder;

  /** Network inputs may name bundled presets and files in {@code folder} (none when null). */
  PresetAccess(@Nullable Path folder) {
    this.folder = folder;
  }

  @Override
  public ControlMessage admit(String input, ControlMessage message) {
    if (!message.address().equals(ShowAddresses.PRESET) || message.args().isEmpty()
        || !(message.args().get(0) instanceof String name)) {
      return message;
    }
    List<Object> args = new ArrayList<>(message.args());
    args.set(0, NETWORK_INPUTS.contains(input) ? admit(name) : found(name));
    return new ControlMessage(message.address(), args);
  }

  /**
   * What an input the show's own program gives (a program's code, MIDI, the playlist) loads for {@code nameOrPath}:
   * anything, unrestricted, but what the preset folder holds by that name is found there first, as the network's is
   * (a saved preset's name, or a relative path to a file there); anything else is loaded as named.
   */
  String found(String nameOrPath) {
    if (folder == null || Presets.isBundled(nameOrPath)) {
      return nameOrPath;
    }
    if (!Presets.isFileName(nameOrPath)) {
      return Presets.fileIn(folder, nameOrPath).map(Path::toString).orElse(nameOrPath);
    }
    Path there = folder.resolve(nameOrPath); // an absolute path stays what it is
    return Files.isRegularFile(there) ? there.toString() : nameOrPath;
  }

  /**
   * The name to load for {@code nameOrPath} from the network: a bundled name as it is, a file as its real path; any
   * other name is a saved preset's, its file in the folder ({@link Presets#fileIn}).
   *
   * @throws ControlException ({@link Problem#FORBIDDEN}) for a file outside the folder (by its name, or by its real
   *     path whether or not it exists), ({@link Problem#NOT_LOADABLE}) for a name no preset has, or when the preset
   *     folder cannot be read; nothing was read
   */
  String admit(String nameOrPath) {
    if (!Presets.isFileName(nameOrPath)) {
      if (Presets.isBundled(nameOrPath)) {
        return nameOrPath;
      }
      // A saved preset by its name (what /zoomorph/preset reads as), as its file in the folder.
      Optional<Path> saved = folder == null ? Optional.empty() : Presets.fileIn(folder, nameOrPath);
      if (saved.isEmpty()) {
        throw new ControlException(Problem.NOT_LOADABLE, ShowAddresses.PRESET, "no preset named '" + nameOrPath
            + "': none of the bundled ones (" + String.join(", ", Presets.bundled()) + ")"
            + (folder == null ? "" : ", nor " + nameOrPath + ".json or .yaml in the preset folder " + folder));
      }
      nameOrPath = saved.get().getFileName().toString();
    }
    if (folder == null) {
      throw forbidden(nameOrPath, "this show has no preset folder, so only bundled presets can be named");
    }
    // Outside by its name alone, whether or not the folder is there (it is made by the first save).
    Path named = folder.toAbsolutePath().normalize();
    if (!named.resolve(nameOrPath).normalize().startsWith(named)) {
      throw forbidden(nameOrPath, "it is outside the preset folder " + folder);
    }
    Path root;
    try {
      root = folder.toRealPath();
    } catch (IOException e) {
      // The request is not at fault: the show's folder cannot be resolved (not made yet, gone, unreadable, a link
      // loop). Nothing can be admitted, so nothing is read; the show plays on.
      throw new ControlException(Problem.NOT_LOADABLE, ShowAddresses.PRESET, "'" + nameOrPath
          + "' cannot be loaded: the preset folder " + folder + (e instanceof NoSuchFileException
          ? " does not exist yet (saving a preset makes it)" : " cannot be read (" + e.getMessage() + ")"), e);
    }
    Path asked = root.resolve(nameOrPath).normalize(); // an absolute path stays what it is
    if (!asked.startsWith(root)) {
      throw forbidden(nameOrPath, "it is outside the preset folder " + folder);
    }
    // Where it leads is decided before whether it is there: through a link out of the folder, a missing file and a
    // present one are refused alike, so the answer never tells what is outside. What is there of the path (its
    // deepest part that exists, a link itself counting) is resolved.
    Path there = asked;
    while (!there.equals(root) && !Files.exists(there, LinkOption.NOFOLLOW_LINKS)) {
      there = there.getParent();
    }
    Path real;
    try {
      real = there.toRealPath();
    } catch (IOException e) {
      // A link that leads nowhere (or in a loop): where it would lead cannot be told, so it is not followed.
      throw forbidden(nameOrPath, LINKS_OUT + folder);
    }
    if (!real.startsWith(root)) {
      throw forbidden(nameOrPath, LINKS_OUT + folder);
    }
    if (!there.equals(asked)) {
      // Missing, and inside the folder by its real path: let the loader say so, naming what was asked.
      return asked.toString();
    }
    if (!Files.isRegularFile(real)) {
      throw forbidden(nameOrPath, "it is not a regular file");
    }
    return real.toString();
  }

  /**
   * The preset files in the folder that the network may name, by file name ({@code mine.json}), sorted: its
   * {@code .json}, {@code .yaml} and {@code .yml} files, not those in subfolders nor links that lead out of it. Empty
   * without a folder or when it cannot be read. Reads the folder: call it off the render loop.
   */
  List<String> files() {
    if (folder == null) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(path -> path.getFileName().toString())
          .filter(name -> Presets.isFileName(name) && !name.startsWith("."))
          .filter(name -> {
            try {
              admit(name);
              return true;
            } catch (ControlException refused) {
              return false;
            }
          })
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  private static ControlException forbidden(String nameOrPath, String why) {
    return new ControlException(Problem.FORBIDDEN, ShowAddresses.PRESET,
        "'" + nameOrPath + "' is refused over the network: " + why);
  }
}
