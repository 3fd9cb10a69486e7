package dev.zoomorph.engine.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.testing.SmallDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written under a temporary name and moved into place: the names, what a failed write leaves, what a killed
 * writer left, and that nothing planted at a temporary name or the file's own is written through.
 */
class WholeFilesTest {
  @TempDir Path dir;

  /** Of two writers of a new file, the first places it and the second is told, leaving it and no temporary file. */
  @Test
  void aNewFileIsPlacedOnceAndNeverReplaced() throws IOException {
    Path file = dir.resolve("manifest");
    WholeFiles.writeNew(file, "first".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WholeFiles.writeNew(file, "second".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(file).hasContent("first");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  /** A new file that does not fit on the disk leaves nothing, neither under its name nor under a temporary one. */
  @Test
  void aNewFileThatDoesNotFitLeavesNothing() throws IOException {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 64 << 10)) {
      Path file = disk.path().resolve("manifest");
      assertThatThrownBy(() -> WholeFiles.writeNew(file, new byte[1 << 20])).isInstanceOf(IOException.class)
          .hasMessageContaining("No space left on device");
      try (Stream<Path> files = Files.list(disk.path())) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void aTemporaryNameSaysWhatItBecomesAndWhoWroteIt() {
    Path movie = dir.resolve("k9.mp4");
    Path temp = WholeFiles.createTemporaryFor(movie);
    assertThat(temp.getFileName().toString()).matches("\\.k9\\.mp4\\." + ProcessHandle.current().pid()
        + "-[0-9a-f]{16}\\.tmp");
    assertThat(WholeFiles.targetOf(temp)).isEqualTo("k9.mp4");
    assertThat(WholeFiles.temporariesOf(movie, ProcessHandle.current().pid())).containsExactly(temp);
    assertThat(WholeFiles.targetOf(dir.resolve(".frame-000004.png.999-0123456789abcdef.tmp")))
        .isEqualTo("frame-000004.png");
    assertThat(WholeFiles.targetOf(dir.resolve(".frame-000004.png.999.tmp"))).as("as earlier versions named them")
        .isEqualTo("frame-000004.png");
    assertThat(WholeFiles.targetOf(movie)).isNull();
    assertThat(WholeFiles.targetOf(dir.resolve(".k9.mp4.tmp"))).isNull();
  }

  /** Threads, processes and a farm's machines writing one file each get a temporary file of their own. */
  @Test
  void everyWriterGetsATemporaryFileOfItsOwn() throws Exception {
    Path movie = dir.resolve("k9.mp4");
    Path first = WholeFiles.createTemporaryFor(movie);
    Path second = WholeFiles.createTemporaryFor(movie);
    assertThat(first).isNotEqualTo(second).isEmptyFile();
    assertThat(second).isEmptyFile();
  }

  /** A write that fails leaves the file as it was and no temporary file; one that completes is the file, readable. */
  @Test
  void aFileIsWrittenWholeOrNotAtAll() throws Exception {
    Path preset = dir.resolve("mine.json");
    WholeFiles.write(preset, "{\"name\": \"mine\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(preset).hasContent("{\"name\": \"mine\"}");
    assertThat(Files.getPosixFilePermissions(preset)).as("not owner-only, as a temp file would be")
        .contains(PosixFilePermission.OTHERS_READ);

    IOException full = new IOException("No space left on device");
    assertThatThrownBy(() -> WholeFiles.write(preset, out -> {
      out.write("{\"na".getBytes(StandardCharsets.UTF_8));
      throw full;
    })).isSameAs(full);
    assertThat(preset).hasContent("{\"name\": \"mine\"}");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(preset);
    }
  }

  /**
   * Links planted where a write would put its temporary file (the PID-named ones earlier versions used), or at the
   * file's own name, lead nowhere: the file pointed to is left as it was, and the file written is a file of its own.
   */
  @Test
  void aLinkAtATemporaryOrTheFilesOwnNameIsNeverWrittenThrough() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path victim = Files.writeString(outside.resolve("victim.txt"), "VICTIM");
    Path folder = Files.createDirectories(dir.resolve("presets"));
    Path planted = Files.createSymbolicLink(folder.resolve(".mine.json." + ProcessHandle.current().pid() + ".tmp"),
        victim);

    Path preset = folder.resolve("mine.json");
    WholeFiles.write(preset, "{\"name\": \"mine\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(victim).hasContent("VICTIM");
    assertThat(Files.isSymbolicLink(preset)).isFalse();
    assertThat(preset).hasContent("{\"name\": \"mine\"}");
    assertThat(Files.isSymbolicLink(planted)).as("left as it was").isTrue();

    Path linked = Files.createSymbolicLink(folder.resolve("linked.json"), victim);
    WholeFiles.write(linked, "{\"name\": \"linked\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(victim).hasContent("VICTIM");
    assertThat(Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)).as("the link replaced").isTrue();
    assertThat(linked).hasContent("{\"name\": \"linked\"}");
  }

  /** A process that is gone (kill -9) left its temporary file: the next writer of that file removes it. */
  @Test
  void aNewTemporaryFileRemovesOnlyWhatEndedProcessesLeftForTheSameFile() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long runningPid = ProcessHandle.current().parent().orElseThrow().pid();
    Path killed = Files.write(dir.resolve(".k9.mp4." + ended.pid() + "-00000000000000a1.tmp"), new byte[48]);
    Path killedEarlier = Files.write(dir.resolve(".k9.mp4." + ended.pid() + ".tmp"), new byte[48]);
    Path running = Files.write(dir.resolve(".k9.mp4." + runningPid + "-00000000000000b2.tmp"), new byte[48]);
    Path another = Files.write(dir.resolve(".other.mp4." + ended.pid() + "-00000000000000c3.tmp"), new byte[48]);
    assertThat(WholeFiles.temporariesOf(dir.resolve("k9.mp4"), ended.pid()))
        .containsExactlyInAnyOrder(killed, killedEarlier);

    Path fresh = WholeFiles.createTemporaryFor(dir.resolve("k9.mp4"));
    assertThat(fresh).isEmptyFile();
    assertThat(killed).doesNotExist();
    assertThat(killedEarlier).as("an earlier version's name").doesNotExist();
    assertThat(running).as("a running process's file under way").exists();
    assertThat(another).as("another file's").exists();
  }
}
