package dev.zoomorph.engine.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Why a file could not be read or written, in words for the one line a command prints: "no such file or directory",
 * "not a directory", the system's own reason otherwise. Never a Java type, and never the file's name: the JDK's
 * messages name the file it tried, which may be a temporary one the user never heard of, so the caller names the
 * user's path.
 */
public final class FileErrors {
  private FileErrors() {}

  /** The reason {@code e} gives, in words. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the folder is not empty";
    }
    if (e instanceof FileSystemException fs) {
      // The operating system's reason ("Not a directory", "No space left on device", "Read-only file system").
      String reason = fs.getReason();
      return reason == null || reason.isBlank() ? "an input/output error" : lowerFirst(reason);
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "an input/output error" : message;
  }

  private static String lowerFirst(String text) {
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
