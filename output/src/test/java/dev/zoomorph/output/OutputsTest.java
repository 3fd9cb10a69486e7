package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written under a temporary name and renamed into place: the names, and what a killed writer left. */
class OutputsTest {
  @TempDir Path dir;

  @Test
  void aTemporaryNameSaysWhatItBecomes() {
    Path movie = dir.resolve("k9.mp4");
    assertThat(Outputs.temporaryFor(movie, 4242)).isEqualTo(dir.resolve(".k9.mp4.4242.tmp"));
    assertThat(Outputs.targetOf(Outputs.temporaryFor(movie))).isEqualTo("k9.mp4");
    assertThat(Outputs.targetOf(dir.resolve(".frame-000004.png.999.tmp"))).isEqualTo("frame-000004.png");
    assertThat(Outputs.targetOf(movie)).isNull();
    assertThat(Outputs.targetOf(dir.resolve(".k9.mp4.tmp"))).isNull();
  }

  /** A process that is gone (kill -9) left its temporary file: the next writer of that file removes it. */
  @Test
  void aFreshTemporaryFileRemovesOnlyWhatEndedProcessesLeftForTheSameFile() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path movie = dir.resolve("k9.mp4");
    Path killed = Files.write(Outputs.temporaryFor(movie, ended.pid()), new byte[48]);
    Path running = Files.write(Outputs.temporaryFor(movie, ProcessHandle.current().parent().orElseThrow().pid()),
        new byte[48]);
    Path another = Files.write(Outputs.temporaryFor(dir.resolve("other.mp4"), ended.pid()), new byte[48]);

    Path fresh = Outputs.freshTemporaryFor(movie);
    assertThat(fresh).isEqualTo(Outputs.temporaryFor(movie)).doesNotExist();
    assertThat(killed).doesNotExist();
    assertThat(running).as("a running process's file under way").exists();
    assertThat(another).as("another file's").exists();
  }
}
