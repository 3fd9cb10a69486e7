package dev.zoomorph.render.record;

import dev.zoomorph.engine.files.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A recording could not write its output and stopped; every frame written before stays complete on disk. {@link
 * #kind()} says why, so that a user can be told what to do: free space and resume, bring the folder back, or look at
 * the system's error.
 */
public final class OutputWriteException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;
  /** A file system with less than this left is taken as full when a write fails. */
  private static final long NEARLY_FULL = 1L << 20;

  /** Why the output could not be written. */
  public enum Kind {
    /** The file system holding the output is full. */
    DISK_FULL,
    /** The output's folder disappeared: deleted, moved, or its drive unmounted or unplugged. */
    FOLDER_GONE,
    /** Another I/O error; the message carries the system's. */
    OTHER
  }

  private final Kind kind;
  private final Path target;
  private final boolean resumable;

  private OutputWriteException(Kind kind, Path target, String message, IOException cause) {
    this(kind, target, message, cause, false);
  }

  private OutputWriteException(Kind kind, Path target, String message, IOException cause, boolean resumable) {
    super(message, cause);
    this.kind = kind;
    this.target = target;
    this.resumable = resumable;
  }

  /**
   * Why writing {@code target} failed with {@code cause}: the folder is gone if it no longer is a folder, the disk is
   * full if its file system has less than 1 MiB left (the JDK reports ENOSPC only as a message, so the file system is
   * asked instead); otherwise the system's error.
   */
  static OutputWriteException writing(Path target, IOException cause) {
    OutputWriteException storage = ofStorage(target, cause);
    return storage != null ? storage
        : new OutputWriteException(Kind.OTHER, target, "cannot write " + target + ": " + systemMessage(cause), cause);
  }

  /** As {@link #writing}, but null when neither the disk is full nor the folder gone (an encoder's own error). */
  static @Nullable OutputWriteException ofStorage(Path target, IOException cause) {
    Path folder = target.toAbsolutePath().getParent();
    if (folder == null) {
      return null;
    }
    if (!Files.isDirectory(folder)) {
      return new OutputWriteException(Kind.FOLDER_GONE, target, "the output folder " + folder
          + " is gone (deleted, moved, or its drive unmounted) while writing " + target.getFileName(), cause);
    }
    if (usableSpace(folder) < NEARLY_FULL) {
      // The cause adds nothing a user needs ("No space left on device", or an encoder's error number).
      return new OutputWriteException(Kind.DISK_FULL, target, "the disk holding " + folder + " is full while writing "
          + target.getFileName(), cause);
    }
    return null;
  }

  private static String systemMessage(IOException cause) {
    return FileErrors.reason(cause);
  }

  /** This failure, its message ending with what the recording kept; {@code resumable} for a PNG folder. */
  OutputWriteException kept(String what, boolean canResume) {
    OutputWriteException kept = new OutputWriteException(kind, target, getMessage() + ": " + what, getCause(),
        canResume);
    for (Throwable suppressed : getSuppressed()) {
      kept.addSuppressed(suppressed);
    }
    return kept;
  }

  private static long usableSpace(Path folder) {
    try {
      return Files.getFileStore(folder).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // unknown: not reported as full
    }
  }

  /** Why the output could not be written. */
  public Kind kind() {
    return kind;
  }

  /** Whether the recording can be resumed once the cause is fixed: a PNG folder keeps its complete frames. */
  public boolean resumable() {
    return resumable;
  }

  /** The file that could not be written. */
  public Path target() {
    return target;
  }
}
