package dev.zoomorph.engine.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written under a temporary name and moved into place: the names, what a failed write leaves, and what a
 * killed writer left.
 */
class WholeFilesTest {
  @TempDir Path dir;

  @Test
  void aTemporaryNameSaysWhatItBecomes() {
    Path movie = dir.resolve("k9.mp4");
    assertThat(WholeFiles.temporaryFor(movie, 4242)).isEqualTo(dir.resolve(".k9.mp4.4242.tmp"));
    assertThat(WholeFiles.targetOf(WholeFiles.temporaryFor(movie))).isEqualTo("k9.mp4");
    assertThat(WholeFiles.targetOf(dir.resolve(".frame-000004.png.999.tmp"))).isEqualTo("frame-000004.png");
    assertThat(WholeFiles.targetOf(movie)).isNull();
    assertThat(WholeFiles.targetOf(dir.resolve(".k9.mp4.tmp"))).isNull();
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
    assertThatThrownBy(() -> WholeFiles.write(preset, temporary -> {
      Files.writeString(temporary, "{\"na");
      throw full;
    })).isSameAs(full);
    assertThat(preset).hasContent("{\"name\": \"mine\"}");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(preset);
    }
  }

  /** A process that is gone (kill -9) left its temporary file: the next writer of that file removes it. */
  @Test
  void aFreshTemporaryFileRemovesOnlyWhatEndedProcessesLeftForTheSameFile() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path movie = dir.resolve("k9.mp4");
    Path killed = Files.write(WholeFiles.temporaryFor(movie, ended.pid()), new byte[48]);
    Path running = Files.write(WholeFiles.temporaryFor(movie, ProcessHandle.current().parent().orElseThrow().pid()),
        new byte[48]);
    Path another = Files.write(WholeFiles.temporaryFor(dir.resolve("other.mp4"), ended.pid()), new byte[48]);

    Path fresh = WholeFiles.freshTemporaryFor(movie);
    assertThat(fresh).isEqualTo(WholeFiles.temporaryFor(movie)).doesNotExist();
    assertThat(killed).doesNotExist();
    assertThat(running).as("a running process's file under way").exists();
    assertThat(another).as("another file's").exists();
  }
}
