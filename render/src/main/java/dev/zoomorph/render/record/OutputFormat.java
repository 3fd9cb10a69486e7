package dev.zoomorph.render.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The output kinds, picked by the output's name. */
enum OutputFormat {
  PNG_FOLDER,
  MP4,
  GIF;

  static OutputFormat of(Path output) {
    String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".mp4")) {
      return MP4;
    }
    if (name.endsWith(".gif")) {
      return GIF;
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && !Files.isDirectory(output)) {
      throw new IllegalArgumentException("output " + output + " has the extension '" + name.substring(dot)
          + "': give a folder (PNG frames), a .mp4 or a .gif");
    }
    return PNG_FOLDER;
  }
}
