package dev.zoomorph.output;

import dev.zoomorph.engine.files.FileErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What commands check of their outputs before any work, so that hours of training or minutes of rendering never end
 * in "cannot write": one rule for every output (a model file, a recording's folder, a sample grid), missing parent
 * folders are created, a temporary file is made and removed where the output will be, and what cannot be written is
 * said in words ({@link FileErrors}). Files themselves are written whole ({@link
 * dev.zoomorph.engine.files.WholeFiles}).
 */
public final class Outputs {
  private Outputs() {}

  /**
   * Why {@code file} cannot be written, or null when it can: its parent folders are created, and a temporary file
   * beside it (as files are written: a temporary file moved into place) is created and removed.
   */
  public static @Nullable String whyNotWritable(Path file) {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return "it is a folder; name a file to write in it";
    }
    String folder = whyNoFolder(absolute.getParent());
    if (folder != null) {
      return folder;
    }
    try {
      Files.delete(Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp"));
      return null;
    } catch (IOException e) {
      return FileErrors.reason(e);
    }
  }

  /**
   * Why the folder {@code folder} cannot be created (with its parents) or written in, or null once it exists and
   * takes a file.
   */
  public static @Nullable String whyNoFolder(Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      return folder + " is a file, not a folder";
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      // The JDK names the file it failed on: a parent that is a file, say, is worth naming.
      return "cannot create the folder " + folder + ": " + FileErrors.reason(e);
    }
    try {
      Files.delete(Files.createTempFile(folder, ".zoomorph-probe", ".tmp"));
      return null;
    } catch (NoSuchFileException e) {
      // The folder is there (just made or checked): a file system such as /proc that takes no new files says so.
      return "cannot write in the folder " + folder + ": it takes no new files (a system folder such as /proc?)";
    } catch (IOException e) {
      return "cannot write in the folder " + folder + ": " + FileErrors.reason(e);
    }
  }
}
