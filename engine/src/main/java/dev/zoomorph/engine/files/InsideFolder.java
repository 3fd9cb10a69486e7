package dev.zoomorph.engine.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Files written inside a folder by a name relative to it land inside it by their real path, not by their name alone:
 * the way from the folder down to the file goes through folders only, never through a symbolic link, which could lead
 * anywhere (out of the folder, or to another place in it than the name says). The folder itself may be a link, or lie
 * under one: where it leads is the folder.
 */
public final class InsideFolder {
  private InsideFolder() {}

  /**
   * The first symbolic link on the way from {@code folder} down to the folder of {@code file} (a path under
   * {@code folder} by its name), among the subfolders that are there already; empty when there is none.
   */
  public static Optional<Path> linkOnTheWay(Path folder, Path file) {
    for (Path step : steps(folder, file)) {
      if (Files.isSymbolicLink(step)) {
        return Optional.of(step);
      }
      if (!Files.isDirectory(step, LinkOption.NOFOLLOW_LINKS)) {
        break; // not there yet (made by the write), or a file (on which the write fails)
      }
    }
    return Optional.empty();
  }

  /**
   * Makes {@code folder} if need be, then the folders below it down to {@code file}'s, each one never through a link:
   * a folder is made where nothing is, and what is there already must be a folder, not a link.
   *
   * @throws LinkRefusedException naming a link on the way (one put there since {@link #linkOnTheWay} was asked)
   * @throws IOException if a folder cannot be made, or a file is in the way
   */
  public static void makeFolders(Path folder, Path file) throws IOException {
    Files.createDirectories(folder);
    for (Path step : steps(folder, file)) {
      try {
        Files.createDirectory(step); // mkdir: a link at that name makes it fail, never leads it elsewhere
      } catch (FileAlreadyExistsException there) {
        // checked below
      }
      if (Files.isSymbolicLink(step)) {
        throw new LinkRefusedException(step + " is a symbolic link: files are written inside " + folder
            + " only, never through a link");
      }
      if (!Files.isDirectory(step, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotDirectoryException(step.toString());
      }
    }
  }

  /** The folders from just below {@code folder} down to {@code file}'s, outermost first. */
  private static List<Path> steps(Path folder, Path file) {
    Path parent = file.getParent();
    if (parent == null || !parent.startsWith(folder)) {
      throw new IllegalArgumentException(file + " is not inside " + folder);
    }
    List<Path> steps = new ArrayList<>();
    for (Path step = parent; !step.equals(folder); step = step.getParent()) {
      steps.add(0, step);
    }
    return steps;
  }
}
