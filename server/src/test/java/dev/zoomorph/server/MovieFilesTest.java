package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A movie is written under a temporary name beside it and renamed into place only when complete: a recording killed
 * mid-way ({@code kill -9}, the OOM killer, a power cut) or an assembly that fails leaves nothing under the movie's
 * name, so the same command runs again.
 */
class MovieFilesTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aKilledRecordingLeavesOnlyItsTemporaryFileWhichTheNextRunRemoves() throws Exception {
    Path movie = dir.resolve("k9.mp4");
    Process process = RecordCommandTest.child(dir.resolve("child.log"), "record", "--size", "256x192", "--fps", "10",
        "--seconds", "600", "--backend", "cpu", "--quiet", "--out", movie.toString());
    RecordCommandTest.awaitUntil("the movie to start", Duration.ofMinutes(2),
        () -> !WholeFiles.temporariesOf(movie, process.pid()).isEmpty() || !process.isAlive());
    assertThat(process.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
    ChildJvm.kill(process);
    assertThat(movie).doesNotExist();
    Path temporary = WholeFiles.temporariesOf(movie, process.pid()).get(0);

    RecordCommandTest.Run again = RecordCommandTest.run(new RecordCommand(), "--size", "64x48", "--fps", "10",
        "--seconds", "1", "--backend", "cpu", "--quiet", "--out", movie.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(temporary).as("left by a process that is gone").doesNotExist();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(grabber.getLengthInVideoFrames()).isEqualTo(10);
      grabber.stop();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("child.log", "k9.mp4");
    }
  }
}
