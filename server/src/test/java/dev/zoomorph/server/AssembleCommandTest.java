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

  /**
   * A music video's frames show the sound at their own rate: assembled with their track at another {@code --fps}, the
   * sound would be out of step with the picture it moves, so that is refused naming both rates; without the track the
   * frames may be retimed.
   */
  @Test
  void framesMadeToATrackAreNotRetimedWithIt() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("song.wav"), ClickTrack.pcm(ClickTrack.times(120, 0.1, 1), 1, true));
    Path frames = record("video", "32x16", "--preset", "audio-pulse", "--audio", track.toString());

    Path movie = dir.resolve("fps.mp4");
    RecordCommandTest.Run retimed = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--audio", track.toString(), "--fps", "10", "--quiet");
    assertThat(retimed.exitCode()).isEqualTo(2);
    assertThat(retimed.err()).contains(frames + " was recorded at 5 fps to the track song.wav, which moves its frames;"
        + " at --fps 10 the sound would be out of step with them: leave --fps out (the recording's 5 fps)");
    assertThat(movie).doesNotExist();

    RecordCommandTest.Run inStep = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--audio", track.toString(), "--quiet");
    assertThat(inStep.exitCode()).as(inStep.err()).isZero();
    RecordCommandTest.Run silent = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        dir.resolve("fast.mp4").toString(), "--fps", "10", "--quiet");
    assertThat(silent.exitCode()).as(silent.err()).isZero();
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
