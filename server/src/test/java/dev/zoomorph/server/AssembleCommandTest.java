package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code assemble} says of a folder of frames before it makes a movie of them. */
class AssembleCommandTest {
  @TempDir Path dir;

  /**
   * Frames of an odd size, or under 16 pixels a side, are complete ({@code --check} passes) but make no MP4 (yuv420p
   * needs even sizes, OpenH264 16 pixels a side): the check says so, and {@code assemble --out} refuses them.
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

    // OpenH264 takes no frame under 16 pixels a side: refused before encoding, as an odd size is.
    Path tiny = record("tiny", "8x8");
    RecordCommandTest.Run tinyCheck = RecordCommandTest.run(new AssembleCommand(), tiny.toString(), "--check");
    assertThat(tinyCheck.exitCode()).as(tinyCheck.err()).isZero();
    assertThat(tinyCheck.out().strip()).isEqualTo(tiny + ": all 5 frames are there, PNG images of 8x8; assemble"
        + " --out makes no movie of them: MP4 (H.264) needs a width and height of at least 16 pixels, was 8x8 (encode"
        + " them with tools that take smaller frames, or record at 16x16 or larger)");
    Path tinyMovie = dir.resolve("tiny.mp4");
    RecordCommandTest.Run tinyAssemble = RecordCommandTest.run(new AssembleCommand(), tiny.toString(), "--out",
        tinyMovie.toString());
    assertThat(tinyAssemble.exitCode()).isEqualTo(2);
    assertThat(tinyAssemble.err()).contains("MP4 (H.264) needs a width and height of at least 16 pixels, was 8x8");
    assertThat(tinyMovie).doesNotExist();

    Path even = record("even", "32x16");
    RecordCommandTest.Run fine = RecordCommandTest.run(new AssembleCommand(), even.toString(), "--check");
    assertThat(fine.exitCode()).as(fine.err()).isZero();
    assertThat(fine.out().strip()).isEqualTo(even + ": all 5 frames are there, PNG images of 32x16; assemble --out"
        + " makes an MP4 (H.264) of them");
  }

  /**
   * The manifest gives the recording's length: a stray frame past it is refused by name (exit 2, as for missing
   * frames), neither counted into the movie nor taken for the end of a recording with frames missing.
   */
  @Test
  void aFramePastTheRecordingsEndIsRefusedByName() throws Exception {
    Path frames = record("frames", "32x16");
    Path stray = Files.copy(frames.resolve("frame-000004.png"), frames.resolve("frame-000005.png"));
    String pastTheEnd = " past the end of the recording, whose manifest (.zoomorph-recording) says it has 5 frames"
        + " (0-4); remove ";
    RecordCommandTest.Run check = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(2);
    assertThat(check.err()).contains(frames + ": frame-000005.png is" + pastTheEnd + "it");
    Path movie = dir.resolve("movie.mp4");
    RecordCommandTest.Run assemble = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--quiet");
    assertThat(assemble.exitCode()).isEqualTo(2);
    assertThat(assemble.err()).contains(frames + ": frame-000005.png is" + pastTheEnd + "it");
    assertThat(movie).doesNotExist();

    Files.move(stray, frames.resolve("frame-000009.png"));
    Files.copy(frames.resolve("frame-000004.png"), frames.resolve("frame-000007.png"));
    RecordCommandTest.Run two = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--check");
    assertThat(two.exitCode()).isEqualTo(2);
    assertThat(two.err()).contains(frames + ": frames 7,9 (frame-000007.png and 1 more) are" + pastTheEnd + "them");

    Files.delete(frames.resolve("frame-000007.png"));
    Files.delete(frames.resolve("frame-000009.png"));
    RecordCommandTest.Run fine = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--check");
    assertThat(fine.exitCode()).as(fine.err()).isZero();
    assertThat(fine.out()).contains("all 5 frames are there");

    Path manifest = frames.resolve(".zoomorph-recording");
    Files.writeString(manifest, Files.readString(manifest).replace("\nframes=5\n", "\nframes=-1\n"));
    RecordCommandTest.Run damaged = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--check");
    assertThat(damaged.exitCode()).isEqualTo(2);
    assertThat(damaged.err()).contains("cannot read the frame count from " + manifest
        + ": a recording has at least 1 frame, was -1");
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
    // A track that is not there is a usage error naming it, as it is for record --audio.
    RecordCommandTest.Run missing = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--audio", dir.resolve("nope.wav").toString(), "--quiet");
    assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err()).contains("audio track " + dir.resolve("nope.wav") + " does not exist or is not a file");
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
