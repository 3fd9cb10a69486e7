package dev.zoomorph.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system for tests that fill a disk: a tmpfs of a given size mounted on a folder (as root, or
 * with passwordless sudo; the test is skipped, saying why, where neither is possible). {@link #resize} frees space
 * the way deleting files elsewhere would; {@link #close} unmounts it.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private final List<String> sudo;

  private SmallDisk(Path mountPoint, List<String> sudo) {
    this.mountPoint = mountPoint;
    this.sudo = sudo;
  }

  /** Mounts a tmpfs of {@code bytes} (whole 4 KiB pages) on {@code mountPoint}, creating the folder. */
  public static SmallDisk mount(Path mountPoint, long bytes) {
    try {
      Files.createDirectories(mountPoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String options = "size=" + bytes + ",mode=0777";
    String asRoot = run(List.of(), "mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
    if (asRoot == null) {
      return new SmallDisk(mountPoint, List.of());
    }
    String withSudo = run(List.of("sudo", "-n"), "mount", "-t", "tmpfs", "-o", options, "tmpfs",
        mountPoint.toString());
    if (withSudo == null) {
      return new SmallDisk(mountPoint, List.of("sudo", "-n"));
    }
    Assumptions.abort("filling a disk needs a small tmpfs, and mounting one needs root or passwordless sudo: "
        + asRoot.strip() + "; " + withSudo.strip());
    throw new AssertionError("unreachable");
  }

  /** The mounted folder. */
  public Path path() {
    return mountPoint;
  }

  /** Grows (or shrinks) the file system to {@code bytes}, keeping its files. */
  public void resize(long bytes) {
    String failed = run(sudo, "mount", "-o", "remount,size=" + bytes, mountPoint.toString());
    if (failed != null) {
      throw new IllegalStateException("cannot resize the tmpfs at " + mountPoint + ": " + failed);
    }
  }

  /** Unmounts it (lazily, so that a file still open does not keep it), leaving the empty folder. */
  @Override
  public void close() {
    String failed = run(sudo, "umount", "-l", mountPoint.toString());
    if (failed != null) {
      throw new IllegalStateException("cannot unmount the tmpfs at " + mountPoint + ": " + failed);
    }
  }

  /** Runs the command; null when it succeeded, else what it said. */
  private static @Nullable String run(List<String> prefix, String... command) {
    List<String> line = new ArrayList<>(prefix);
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", line) + " did not finish within 30 s";
      }
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.exitValue() == 0 ? null : String.join(" ", line) + ": " + said;
    } catch (IOException e) {
      return String.join(" ", line) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
