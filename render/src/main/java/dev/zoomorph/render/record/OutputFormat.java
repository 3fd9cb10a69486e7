package dev.zoomorph.render.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** The output kinds, picked by the output's name: .mp4, .gif, or a folder for anything but another media file. */
enum OutputFormat {
  PNG_FOLDER("a folder of PNG frames"),
  MP4("an MP4 movie"),
  GIF("a GIF animation");

  /** Extensions of files someone may expect to get, which would otherwise silently become a folder's name. */
  private static final Set<String> OTHER_MEDIA = Set.of("png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "apng",
      "avi", "mov", "mkv", "webm", "m4v", "mpg", "mpeg", "ogv", "wmv", "flv");

  /** What the output is, as a message says it: "… is an MP4 movie". */
  final String described;

  OutputFormat(String described) {
    this.described = described;
  }

  static OutputFormat of(Path output) {
    String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".mp4")) {
      return MP4;
    }
    if (name.endsWith(".gif")) {
      return GIF;
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0 && OTHER_MEDIA.contains(name.substring(dot + 1)) && !Files.isDirectory(output)) {
      throw new IllegalArgumentException("output " + output + " has the extension '" + name.substring(dot)
          + "': give a folder (PNG frames), a .mp4 or a .gif");
    }
    return PNG_FOLDER;
  }
}
