package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

/** FFmpeg's log lines reach SLF4J, or the error of the call on whose thread they were said. */
class FfmpegLogTest {

  @Test
  void aThreadCollectsWhatFfmpegSaysOnItOnceAndOnlyErrors() throws InterruptedException {
    String logged;
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (FfmpegLog.Lines lines = FfmpegLog.collect()) {
      avutil.av_log(null, avutil.AV_LOG_ERROR, "the first problem\n");
      avutil.av_log(null, avutil.AV_LOG_INFO, "a notice below the level\n");
      avutil.av_log(null, avutil.AV_LOG_ERROR, "the first problem\n");
      Thread other = new Thread(() -> avutil.av_log(null, avutil.AV_LOG_ERROR, "said on another thread\n"));
      other.start();
      other.join();
      avutil.av_log(null, avutil.AV_LOG_FATAL, "the second problem\n");

      assertThat(lines.lines()).containsExactly("the first problem", "the second problem");
      assertThat(lines.asClause()).isEqualTo(" (FFmpeg: the first problem; the second problem)");
    } finally {
      System.setErr(stderr);
      logged = captured.toString(StandardCharsets.UTF_8);
    }
    assertThat(logged).as("the other thread's line is logged; the collected ones, taken into an error, are not")
        .contains("ERROR ffmpeg - said on another thread").doesNotContain("problem").doesNotContain("notice");
  }

  @Test
  void linesNoErrorTookAreLoggedWhenTheCollectionCloses() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (FfmpegLog.Lines outer = FfmpegLog.collect()) {
      try (FfmpegLog.Lines inner = FfmpegLog.collect()) {
        avutil.av_log(null, avutil.AV_LOG_ERROR, "a damaged frame, skipped\n");
        assertThat(inner.lines()).containsExactly("a damaged frame, skipped");
      }
      avutil.av_log(null, avutil.AV_LOG_ERROR, "after the inner one closed\n");
      assertThat(outer.lines()).as("the outer collection goes on").containsExactly("after the inner one closed");
      assertThat(outer.asClause()).isEqualTo(" (FFmpeg: after the inner one closed)");
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("ERROR ffmpeg - a damaged frame, skipped")
        .doesNotContain("after the inner one closed");
  }
}
