package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.render.Backend;
import dev.zoomorph.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that records its show ({@link ShowBuilder#recordTo}) and ends without closing it still gets its movie:
 * the show's threads are daemons, so the JVM exits at once, and before the show closed itself at exit only the
 * movie's temporary file was left.
 */
class RecordToAtExitTest {
  @TempDir Path dir;

  /** Records into {@code args[0]} until 10 frames are written, then returns from main with the show open. */
  static final class LeftOpen {
    public static void main(String[] args) throws InterruptedException {
      RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(64, 64).fps(20)
          .recordTo(Path.of(args[0])).start();
      while (show.recordedFrames() < 10) {
        Thread.sleep(20);
      }
      System.out.println("recorded " + show.recordedFrames() + " frames; returning without close()");
    }
  }

  @Test
  @Timeout(180)
  void aShowLeftOpenAsTheProgramEndsFinalisesItsMovie() throws Exception {
    Path movie = dir.resolve("left-open.mp4");
    ChildJvm.Result result = ChildJvm.run(Duration.ofMinutes(2), Map.of(), List.of(), LeftOpen.class.getName(),
        movie.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).as("main returned with the show open").contains("returning without close()");
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(grabber.getLengthInVideoFrames()).as(result.output()).isGreaterThanOrEqualTo(10);
      grabber.stop();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
          .containsExactly("left-open.mp4");
    }
  }
}
