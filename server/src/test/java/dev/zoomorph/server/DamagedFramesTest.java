package dev.zoomorph.server;

import static dev.zoomorph.server.RecordCommandTest.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording's folder with a frame damaged after it was written (a copy or transfer cut short, bytes overwritten):
 * {@code assemble --check} and {@code assemble} name it, {@code record --resume} renders it again.
 */
class DamagedFramesTest {
  private static final String[] RECORDING = {"--size", "32x32", "--fps", "5", "--seconds", "2", "--zoom", "1:8",
      "--backend", "cpu", "--quiet"};

  @TempDir Path dir;

  /** A frame cut short is caught by its last bytes (a complete PNG ends with its IEND chunk). */
  @Test
  void aFrameCutShortIsNamedByCheckAndRenderedAgainByResume() throws Exception {
    Path farm = record("farm");
    Path frame = farm.resolve("frame-000004.png");
    try (FileChannel file = FileChannel.open(frame, StandardOpenOption.WRITE)) {
      file.truncate(file.size() / 2); // the PNG header is whole, the image data is not
    }

    RecordCommandTest.Run check = RecordCommandTest.run(new AssembleCommand(), farm.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.err()).contains(farm + ": 1 frame is not a PNG image (damaged or cut short), frames 4; delete it"
        + " and render it again (record --frames 4 --resume with the recording's options)");

    RecordCommandTest.Run resumed =
        RecordCommandTest.run(new RecordCommand(), concat(RECORDING, "--resume", "--out", farm.toString()));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("record: " + farm + ": 1 frame is not a complete PNG image (damaged or cut"
        + " short), frames 4; rendering it again");
    assertThat(resumed.out()).contains("10 of 10 frames complete (1 rendered now)");
    assertThat(RecordCommandTest.hashes(farm)).isEqualTo(RecordCommandTest.hashes(record("whole")));
    assertThat(RecordCommandTest.run(new AssembleCommand(), farm.toString(), "--check").exitCode()).isZero();
  }

  /**
   * A frame damaged inside (its header and end intact) fails the assembly naming the file, and leaves no movie under
   * its name (the movie is written under a temporary name): once the frame is rendered again, the same command works.
   */
  @Test
  void assembleNamesAFrameItCannotDecodeAndLeavesNoMovie() throws Exception {
    Path farm = record("farm");
    Path frame = farm.resolve("frame-000006.png");
    byte[] png = Files.readAllBytes(frame);
    for (int i = 41; i < png.length - 20; i++) {
      png[i] = (byte) 0xff; // the image data's chunk, from its length on
    }
    Files.write(frame, png);

    Path movie = dir.resolve("movie.mp4");
    RecordCommandTest.Run assembled = RecordCommandTest.run(new AssembleCommand(), farm.toString(), "--out",
        movie.toString(), "--quiet");
    assertThat(assembled.exitCode()).isEqualTo(1);
    assertThat(assembled.err()).contains("cannot read " + frame + ": ")
        .contains("; delete it and render it again (record --frames 6 --resume with the recording's options)");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("nothing half-made").containsExactly("farm");
    }

    Files.delete(frame);
    RecordCommandTest.Run resumed =
        RecordCommandTest.run(new RecordCommand(), concat(RECORDING, "--resume", "--out", farm.toString()));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    RecordCommandTest.Run again = RecordCommandTest.run(new AssembleCommand(), farm.toString(), "--out",
        movie.toString(), "--quiet");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("10 of 10 frames");
  }

  private Path record(String name) {
    Path out = dir.resolve(name);
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), concat(RECORDING, "--out", out.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out;
  }
}
