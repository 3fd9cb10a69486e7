package dev.zoomorph.engine.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for every file Zoomorph writes (presets, models, directions, frames, movies, manifests, checkpoints):
 * it is written under a hidden temporary name beside its own, {@code .NAME.PID-RANDOM.tmp}, and moved onto its name
 * when complete, atomically where the file system can. So a reader never sees half a file, and a full disk, a crash
 * or a {@code kill -9} never leaves one under its name.
 *
 * <p>The temporary file is created exclusively ({@code O_EXCL}: whatever is at that name already, a file or a symbolic
 * link planted there, makes the creation fail rather than be written through) under a name no one can guess (64
 * random bits), so two writers never share one: not two threads, not two processes, not two machines of a render farm
 * writing into one folder (whose PIDs may well be equal, in containers). The PID says which process wrote it, so a
 * later run can tell a killed one's leftovers from a running one's. The move onto the name replaces a link there, never
 * following it. The file is made as any new file is (not owner-only, as {@link Files#createTempFile} makes them), so it
 * is as readable as its neighbours.
 */
public final class WholeFiles {
  /**
   * Temporary names: {@code .NAME.PID-RANDOM.tmp}, NAME the file it becomes, PID the process writing it; RANDOM is
   * optional so that the {@code .NAME.PID.tmp} that earlier versions left when killed are still recognised.
   */
  private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.(\\d{1,18})(?:-[0-9a-f]{16})?\\.tmp");
  /** Fails where anything is at the name already, a dangling link included: never opens an existing file. */
  private static final OpenOption[] EXCLUSIVE = {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
      LinkOption.NOFOLLOW_LINKS};
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What fills a temporary file. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content to {@code out}, the temporary file just created (closing it is allowed). */
    void writeTo(OutputStream out) throws IOException;
  }

  private WholeFiles() {}

  /**
   * Writes {@code target} whole: a new temporary file beside it is created exclusively, {@code content} fills it
   * through the stream that created it, and it is then moved onto {@code target}; when either fails, the temporary
   * file is deleted and {@code target} is as it was.
   */
  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = newTemporaryName(absolute);
    OutputStream out = Files.newOutputStream(temp, EXCLUSIVE); // on failure nothing of ours is there to delete
    try {
      try (out) {
        content.writeTo(out);
      }
      moveIntoPlace(temp, absolute);
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
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} whole, as {@link #write} does, but only where nothing is at that name: the complete temporary
   * file is hard-linked onto the name, which fails when the name is taken, rather than moved over it. So of writers
   * racing for one name (render farm workers starting together), exactly one places its file; the others are told.
   * Where the file system has no hard links, the move that replaces nothing is used, which checks first (a window).
   *
   * @throws FileAlreadyExistsException when something is at {@code target}, placed before or meanwhile
   */
  public static void writeNew(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = newTemporaryName(absolute);
    OutputStream out = Files.newOutputStream(temp, EXCLUSIVE); // on failure nothing of ours is there
    try {
      try (out) {
        out.write(bytes);
      }
      try {
        Files.createLink(absolute, temp);
      } catch (UnsupportedOperationException noLinks) {
        Files.move(temp, absolute);
      }
    } finally {
      discard(temp); // placed: the name keeps the content; not placed (a full disk, the name taken): nothing is left
    }
  }

  /**
   * A new, empty temporary file for {@code target}, created exclusively, for a writer that opens files by name (FFmpeg,
   * the JDK's image writers) and is then moved into place with {@link #moveIntoPlace} or given up with
   * {@link #discard}. First deletes the temporary files for {@code target} that processes no longer running left
   * behind (a write killed by {@code kill -9}, the OOM killer or a power cut); a process still running (on this
   * machine: the name's PID is this machine's) may be writing its own, which stays. Not for a folder that other
   * machines write into (a render farm's), where another machine's PID says nothing here: {@link #write} leaves
   * others' files alone.
   *
   * @throws UncheckedIOException naming the folder when it cannot be listed or the file cannot be created
   */
  public static Path createTemporaryFor(Path target) {
    Path absolute = target.toAbsolutePath();
    try {
      temporaries(absolute).forEach((file, pid) -> {
        if (!running(pid)) {
          discard(file);
        }
      });
      Path temp = newTemporaryName(absolute);
      Files.newByteChannel(temp, EXCLUSIVE).close();
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write in the folder " + absolute.getParent() + ": "
          + FileErrors.reason(e), e);
    }
  }

  /**
   * The temporary files beside {@code target} that process {@code pid} is writing (or left, if it has ended), to watch
   * a write under way.
   *
   * @throws UncheckedIOException naming the folder when it cannot be listed
   */
  public static List<Path> temporariesOf(Path target, long pid) {
    Path absolute = target.toAbsolutePath();
    try {
      List<Path> files = new ArrayList<>();
      temporaries(absolute).forEach((file, writer) -> {
        if (writer == pid) {
          files.add(file);
        }
      });
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the folder " + absolute.getParent() + ": " + e.getMessage(), e);
    }
  }

  /** The name of the file that {@code file} becomes once complete; null when it is not a temporary name. */
  public static @Nullable String targetOf(Path file) {
    Matcher m = TEMPORARY.matcher(String.valueOf(file.getFileName()));
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Whether the process named in temporary file {@code file}'s name runs on this machine (then it may be writing it
   * still); false for a name that is not a temporary one. Says nothing of another machine's writer.
   */
  public static boolean writerRunsHere(Path file) {
    Matcher m = TEMPORARY.matcher(String.valueOf(file.getFileName()));
    return m.matches() && running(Long.parseLong(m.group(2)));
  }

  /**
   * Renames a finished temporary file onto its target, atomically where the file system can. A symbolic link at the
   * target is replaced (a rename never follows it), so the file it points to is left as it was.
   */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Deletes a temporary file that will not be moved into place, if it is there. One that cannot be deleted (another
   * user's, say) is left: it is only hidden litter, which the next {@link #createTemporaryFor} of its target removes
   * once its process has ended.
   */
  public static void discard(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // litter, as said
    }
  }

  /** A temporary name for {@code target} (absolute) that no other writer uses: this PID, 64 random bits. */
  private static Path newTemporaryName(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
  }

  /** The temporary files beside {@code target} (absolute) for it, each with the PID of the process that wrote it. */
  private static Map<Path, Long> temporaries(Path target) throws IOException {
    String name = String.valueOf(target.getFileName());
    Map<Path, Long> files = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
        file -> name.equals(targetOf(file)))) {
      for (Path file : entries) {
        Matcher m = TEMPORARY.matcher(String.valueOf(file.getFileName()));
        if (m.matches()) {
          files.put(file, Long.parseLong(m.group(2)));
        }
      }
    }
    return files;
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
