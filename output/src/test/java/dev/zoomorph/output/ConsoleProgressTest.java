package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong();

  private List<String> lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    return text.lines().toList();
  }

  @Test
  void linesComeAtEveryTenthWithRateAndEta() {
    try (ConsoleProgress progress = new ConsoleProgress("record", "frames", ConsoleProgress.Style.LINES, out,
        nanos::get)) {
      progress.update(0, 1000);
      for (int done = 1; done <= 1000; done++) {
        nanos.addAndGet(5_000_000); // 200 frames/s
        progress.update(done, 1000);
      }
    }
    List<String> lines = lines();
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0)).isEqualTo("record: 10% (100/1000 frames), 200.00 frames/s, ETA 0:05");
    assertThat(lines.get(8)).isEqualTo("record: 90% (900/1000 frames), 200.00 frames/s, ETA 0:01");
    assertThat(lines.get(9)).isEqualTo("record: 100% (1000/1000 frames), 200.00 frames/s, done in 0:05");
  }

  @Test
  void slowWorkGetsALineEveryTenSecondsAndResumedWorkCountsOnlyNewWork() {
    try (ConsoleProgress progress = new ConsoleProgress("train", "steps", ConsoleProgress.Style.LINES, out,
        nanos::get)) {
      progress.update(500, 1000); // resumed half way
      progress.message("g=0.7 d=0.6");
      for (int done = 501; done <= 520; done++) {
        nanos.addAndGet(4_000_000_000L); // 0.25 steps/s
        progress.update(done, 1000);
      }
    }
    List<String> lines = lines();
    assertThat(lines).hasSize(6 + 1); // one per 3 steps (the first 12 s past 10 s) of 80 s, and the closing line
    assertThat(lines.get(0)).isEqualTo("train: 50% (503/1000 steps), 0.25 steps/s, ETA 33:08, g=0.7 d=0.6");
    assertThat(lines.get(6)).isEqualTo("train: 52% (520/1000 steps), 0.25 steps/s, ETA 32:00, g=0.7 d=0.6");
  }

  @Test
  void workStoppedRightAfterALineIsNotLinedTwice() {
    try (ConsoleProgress progress = new ConsoleProgress("train", "steps", ConsoleProgress.Style.LINES, out,
        nanos::get)) {
      progress.update(0, 600);
      for (int done = 1; done <= 60; done++) {
        nanos.addAndGet(100_000_000L);
        progress.update(done, 600);
      }
      // Ctrl-C: the command stops at step 60 and closes the progress.
    }
    assertThat(lines()).containsExactly("train: 10% (60/600 steps), 10.00 steps/s, ETA 0:54");
  }

  @Test
  void aBarKeepsASpaceBetweenTheRateAndTheMessage() {
    try (ConsoleProgress progress = new ConsoleProgress("train", "steps", ConsoleProgress.Style.BAR, out,
        nanos::get)) {
      progress.message("g=0.7 d=0.6");
      progress.update(0, 10);
      progress.update(10, 10);
    }
    String[] draws = bytes.toString(StandardCharsets.UTF_8).split("\r");
    assertThat(draws[draws.length - 1].strip()).contains("steps/s, ").endsWith(", g=0.7 d=0.6");
  }

  @Test
  void aNarrowTerminalLosesTheBarThenTheTaskBeforeTheNumbers() {
    String losses = "vae=0.9949 g=0.8219 d=0.7883";
    String status = "45% (450/1000 steps), 12.50 steps/s, ETA 0:44, " + losses;
    String wide = ConsoleProgress.barLine("train cppn-vae-gan", "steps", 450, 1000, 0, 36, losses, 140);
    assertThat(wide).hasSize(140).startsWith("train cppn-vae-gan [=").endsWith("] " + status);
    int noBar = "train cppn-vae-gan: ".length() + status.length();
    assertThat(ConsoleProgress.barLine("train cppn-vae-gan", "steps", 450, 1000, 0, 36, losses, noBar + 5))
        .isEqualTo("train cppn-vae-gan: " + status + "     ");
    assertThat(ConsoleProgress.barLine("train cppn-vae-gan", "steps", 450, 1000, 0, 36, losses, noBar - 1))
        .isEqualTo(status + " ".repeat(noBar - 1 - status.length()));
    // Narrower than the numbers: they come first, and the console cuts the end of the message.
    assertThat(ConsoleProgress.barLine("train cppn-vae-gan", "steps", 450, 1000, 0, 36, losses, 40))
        .isEqualTo(status);
  }

  @Test
  void offWritesNothing() {
    try (ConsoleProgress progress = new ConsoleProgress("sample", "pictures", ConsoleProgress.Style.OFF, out,
        nanos::get)) {
      for (int done = 0; done <= 10; done++) {
        nanos.addAndGet(20_000_000_000L);
        progress.update(done, 10);
      }
    }
    assertThat(bytes.size()).isZero();
  }

  @Test
  void withoutATerminalTheStyleIsLines() {
    // Surefire runs tests with pipes, not a terminal.
    assertThat(ConsoleProgress.Style.forConsole(false)).isEqualTo(ConsoleProgress.Style.LINES);
    assertThat(ConsoleProgress.Style.forConsole(true)).isEqualTo(ConsoleProgress.Style.OFF);
  }
}
