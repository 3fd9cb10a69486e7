package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code assemble} says of a folder of frames before it makes a movie of them. */
class AssembleCommandTest {
  @TempDir Path dir;

  /**
   * Frames of an odd size are complete ({@code --check} passes) but make no MP4 (yuv420p needs even sizes): the check
   * says so, as {@code assemble --out} does.
   */
  @Test
  void checkSaysWhatAMovieOfTheFramesCanBe() {
    Path odd = record("odd", "33x17");
    RecordCommandTest.Run check = RecordCommandTest.run(new AssembleCommand(), odd.toString(), "--check");
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out().strip()).isEqualTo(odd + ": all 5 frames are there, PNG images of 33x17; assemble --out"
        + " makes no movie of them: MP4 (yuv420p) needs an even width and height, was 33x17 (encode them with tools"
        + " that take odd sizes, or record at an even size)");
    RecordCommandTest.Run assemble = RecordCommandTest.run(new AssembleCommand(), odd.toString(), "--out",
        dir.resolve("odd.mp4").toString());
    assertThat(assemble.exitCode()).isEqualTo(2);
    assertThat(assemble.err()).contains("MP4 (yuv420p) needs an even width and height, was 33x17");

    Path even = record("even", "32x16");
    RecordCommandTest.Run fine = RecordCommandTest.run(new AssembleCommand(), even.toString(), "--check");
    assertThat(fine.exitCode()).as(fine.err()).isZero();
    assertThat(fine.out().strip()).isEqualTo(even + ": all 5 frames are there, PNG images of 32x16; assemble --out"
        + " makes an MP4 (H.264) of them");
  }

  private Path record(String name, String size, String... more) {
    Path out = dir.resolve(name);
    String[] args = RecordCommandTest.concat(new String[] {"--size", size, "--fps", "5", "--seconds", "1",
        "--backend", "cpu", "--quiet", "--out", out.toString()}, more);
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out;
  }
}
