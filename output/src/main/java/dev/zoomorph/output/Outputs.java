package dev.zoomorph.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What commands check of their outputs before any work, so that hours of training or minutes of rendering never end
 * in "cannot write": one rule for every output (a model file, a recording's folder, a sample grid), missing parent
 * folders are created, a temporary file is made and removed where the output will be, and what cannot be written is
 * said in words ({@link FileErrors}). Also the one rule for files written under a temporary name and renamed into
 * place when complete (PNG frames, movies), so that nothing half-made ever sits under a file's own name.
 */
public final class Outputs {
  /** {@link #temporaryFor}'s names: {@code .NAME.PID.tmp}, NAME the file it becomes, PID the process writing it. */
  private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(\\d{1,18})\\.tmp");

  private Outputs() {}

  /** The hidden name this process writes {@code target} under before renaming it: {@code .NAME.PID.tmp} beside it. */
  public static Path temporaryFor(Path target) {
    return temporaryFor(target, ProcessHandle.current().pid());
  }

  /** The hidden name process {@code pid} writes {@code target} under before renaming it. */
  public static Path temporaryFor(Path target, long pid) {
    Path absolute = target.toAbsolutePath();
    return absolute.resolveSibling("." + absolute.getFileName() + "." + pid + ".tmp");
  }

  /** The name of the file that {@code file} becomes once complete; null when it is not a {@link #temporaryFor} name. */
  public static @Nullable String targetOf(Path file) {
    Matcher m = TEMPORARY.matcher(String.valueOf(file.getFileName()));
    return m.matches() ? m.group(1) : null;
  }

  /**
   * {@link #temporaryFor}{@code (target)}, after deleting the temporary files for {@code target} that processes no
   * longer running left behind (a write killed by {@code kill -9}, the OOM killer or a power cut). A process still
   * running (on this machine: the name's PID is this machine's) may be writing its own, which stays.
   *
   * @throws UncheckedIOException naming the folder when it cannot be listed
   */
  public static Path freshTemporaryFor(Path target) {
    Path absolute = target.toAbsolutePath();
    String name = String.valueOf(absolute.getFileName());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(absolute.getParent(),
        file -> name.equals(targetOf(file)))) {
      for (Path file : files) {
        Matcher m = TEMPORARY.matcher(String.valueOf(file.getFileName()));
        if (m.matches() && !running(Long.parseLong(m.group(2)))) {
          deleteLeftover(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the folder " + absolute.getParent() + ": " + FileErrors.reason(e), e);
    }
    return temporaryFor(absolute);
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void deleteLeftover(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Another user's file, say: it is only litter, and the new file is written under another name.
    }
  }

  /** Renames a finished temporary file onto its target, atomically where the file system can. */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

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
    } catch (IOException e) {
      return "cannot write in the folder " + folder + ": " + FileErrors.reason(e);
    }
  }
}
