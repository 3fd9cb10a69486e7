package dev.zoomorph.engine.files;

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
 * The one rule for every file Zoomorph writes (presets, models, directions, frames, movies, manifests, checkpoints):
 * it is written under a hidden temporary name beside its own, {@code .NAME.PID.tmp}, and moved onto its name when
 * complete, atomically where the file system can. So a reader never sees half a file, and a full disk, a crash or a
 * {@code kill -9} never leaves one under its name. The temporary file is made as any new file is (not as
 * {@link Files#createTempFile} makes them, owner-only), so the file is as readable as its neighbours.
 */
public final class WholeFiles {
  /** {@link #temporaryFor}'s names: {@code .NAME.PID.tmp}, NAME the file it becomes, PID the process writing it. */
  private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(\\d{1,18})\\.tmp");

  /** What fills a temporary file. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content into {@code temporary}. */
    void writeTo(Path temporary) throws IOException;
  }

  private WholeFiles() {}

  /**
   * Writes {@code target} whole: {@code content} fills its temporary file, which is then moved onto it; when either
   * fails, the temporary file is deleted and {@code target} is as it was.
   */
  public static void write(Path target, Content content) throws IOException {
    Path temp = temporaryFor(target);
    try {
      content.writeTo(temp);
      moveIntoPlace(temp, target);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Writes {@code bytes} to {@code target} whole. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, temporary -> Files.write(temporary, bytes));
  }

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
          discard(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the folder " + absolute.getParent() + ": " + e.getMessage(), e);
    }
    return temporaryFor(absolute);
  }

  /** Renames a finished temporary file onto its target, atomically where the file system can. */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Deletes a temporary file that will not be moved into place, if it is there. One that cannot be deleted (another
   * user's, say) is left: it is only hidden litter, which the next write of its target removes once its process has
   * ended.
   */
  public static void discard(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // litter, as said
    }
  }
}
