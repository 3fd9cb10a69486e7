package dev.zoomorph.engine.files;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What a classpath folder (such as the bundled presets' {@code zoomorph/presets/}) holds. */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  /**
   * The names, without {@code ending}, of the files ending in it directly in {@code folder} (e.g.
   * {@code zoomorph/presets/models/}) as {@code loader} sees it, whether a build tree's folder or a jar's; sorted.
   */
  public static List<String> names(ClassLoader loader, String folder, String ending) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try {
      for (URL found : Collections.list(loader.getResources(folder))) {
        URI uri = found.toURI();
        Path path = uri.getScheme().equals("jar") ? jarFileSystem(uri).getPath(folder) : Path.of(uri);
        try (Stream<Path> files = Files.list(path)) {
          files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(ending))
              .forEach(name -> names.add(name.substring(0, name.length() - ending.length())));
        }
      }
    } catch (URISyntaxException e) {
      throw new IOException("the classpath folder " + folder + " has no usable address: " + e.getMessage(), e);
    }
    return List.copyOf(names);
  }

  /** The jar's file system, opened once and left open: the jar is on the classpath for the process's life. */
  private static FileSystem jarFileSystem(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      return FileSystems.getFileSystem(uri);
    }
  }
}
