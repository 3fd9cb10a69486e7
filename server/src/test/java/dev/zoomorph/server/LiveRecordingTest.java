package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.render.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShowBuilder#recordTo}: a running show's frames, as shown, in a file that is playable once it stops. */
@Timeout(60)
class LiveRecordingTest {
  @TempDir Path dir;

  @Test
  void aRunningShowRecordsWhatItShowsToAPlayableFile() throws Exception {
    Path gif = dir.resolve("live.gif");
    long recorded;
    try (RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(32, 32).fps(20)
        .recordTo(gif).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (show.recordedFrames() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(show.recordedFrames()).as("frames written while the show plays").isGreaterThanOrEqualTo(10);
      show.close();
      recorded = show.recordedFrames();
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      int frames = reader.getNumImages(true);
      assertThat(frames).isEqualTo((int) recorded);
      // The default preset renders every pixel of the show's size.
      assertThat(reader.getWidth(0)).isEqualTo(32);
      assertThat(reader.read(0).getRGB(3, 3)).isNotEqualTo(reader.read(frames - 1).getRGB(3, 3));
    }
  }

  @Test
  void aFileInTheWayIsRefusedBeforeTheShowStarts() throws Exception {
    Path taken = Files.writeString(dir.resolve("taken.mp4"), "not mine");
    assertThatThrownBy(() -> Zoomorph.show("default").backend(Backend.CPU).size(32, 32).recordTo(taken)
        .start()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    assertThat(Files.readString(taken)).isEqualTo("not mine");
  }
}
