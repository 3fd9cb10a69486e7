package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameRangesTest {
  private static final ZoomPath ZOOM = new ZoomPath(1, 20, 0.1, -0.2, 15);

  @TempDir Path dir;

  private static List<Integer> frames(String text, int frameCount) {
    return FrameRanges.parse(text).frames(frameCount).stream().boxed().toList();
  }

  @Test
  void readsTheRenderFarmChunkConvention() {
    assertThat(frames("3-6", 10)).containsExactly(3, 4, 5, 6);
    assertThat(frames("0-9:4", 10)).containsExactly(0, 4, 8);
    assertThat(frames("1-2, 5-6,9", 10)).containsExactly(1, 2, 5, 6, 9);
    assertThat(frames("7", 10)).containsExactly(7);
    assertThat(frames("2-5,4-6", 10)).containsExactly(2, 3, 4, 5, 6);
    assertThat(FrameRanges.parse("0-9:4, 12").toString()).isEqualTo("0-9:4,12");
    BitSet bits = new BitSet();
    bits.set(4, 8);
    bits.set(12);
    assertThat(FrameRanges.of(bits)).hasToString("4-7,12");
    assertThat(FrameRanges.of(bits).frames(13)).isEqualTo(bits);
  }

  @Test
  void badRangesAreRefusedWithTheExactProblem() {
    assertThatThrownBy(() -> FrameRanges.parse("10-5")).hasMessage("end 5 is before start 10");
    assertThatThrownBy(() -> FrameRanges.parse("1-10:0")).hasMessage("step 0 must be at least 1");
    assertThatThrownBy(() -> FrameRanges.parse("1-10,,20-30")).hasMessage("empty range in the list: remove the extra comma");
    assertThatThrownBy(() -> FrameRanges.parse("")).hasMessageStartingWith("no frames given");
    assertThatThrownBy(() -> FrameRanges.parse("-5")).hasMessage(
        "'-5' is not a frame range: write N, A-B or A-B:STEP with whole numbers from 0");
    assertThatThrownBy(() -> FrameRanges.parse("1-x")).hasMessageStartingWith("'1-x' is not a frame range");
    assertThatThrownBy(() -> FrameRanges.parse("5:2")).hasMessageStartingWith("'5:2' is not a frame range");
    assertThatThrownBy(() -> FrameRanges.parse("0-99999999999")).hasMessage(
        "frame 99999999999 is past the last frame a recording can have, 999999");
    assertThatThrownBy(() -> FrameRanges.parse("0-1000000")).hasMessage(
        "frame 1000000 is past the last frame a recording can have, 999999");
    assertThatThrownBy(() -> FrameRanges.parse("5-12").frames(12)).hasMessage(
        "frame 12 is past the end: the recording has 12 frames, 0-11");
    assertThatThrownBy(() -> new RecordSettings(48, 32, 24, 12, ZOOM, dir, FrameRanges.parse("0-12"), false, 1024))
        .hasMessage("frame 12 is past the end: the recording has 12 frames, 0-11");
  }

  @Test
  void rendersExactlyTheSelectedFramesAndResumesThem() throws Exception {
    RecordSettings whole = new RecordSettings(48, 32, 24, 12, ZOOM, dir.resolve("whole"), Shard.WHOLE, false, 1024);
    Shots.record(new Recorder(whole), ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 12),
        ProgressListener.NONE);
    Map<String, String> expected = new TreeMap<>(RecorderPngTest.hashes(dir.resolve("whole")));

    Path part = dir.resolve("part");
    RecordSettings selected = new RecordSettings(48, 32, 24, 12, ZOOM, part, FrameRanges.parse("1-3,8-11:2"), false,
        1024);
    RecordResult first = Shots.record(new Recorder(selected), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, 12), ProgressListener.NONE);
    assertThat(first.rendered()).isEqualTo(5);
    assertThat(first.total()).isEqualTo(5);
    Map<String, String> partHashes = RecorderPngTest.hashes(part);
    partHashes.remove(PngSequence.MANIFEST);
    assertThat(partHashes.keySet()).containsExactly("frame-000001.png", "frame-000002.png", "frame-000003.png",
        "frame-000008.png", "frame-000010.png");
    assertThat(expected).containsAllEntriesOf(partHashes);

    // The same frames again: refused without --resume, nothing to do with it.
    assertThatThrownBy(() -> new Recorder(new RecordSettings(48, 32, 24, 12, ZOOM, part,
        FrameRanges.parse("3-4"), false, 1024))).hasMessageContaining("already holds frame-000003.png");
    RecordResult again = Shots.record(new Recorder(selected.withResume(true)), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, 12), ProgressListener.NONE);
    assertThat(again.rendered()).isZero();
    assertThat(again.complete()).isEqualTo(5);

    // Assemble names what is missing in the form --frames takes; rendering exactly that completes the folder.
    IncompleteRecordingException incomplete = catchThrowableOfType(
        IncompleteRecordingException.class, () -> new Assembler(part, dir.resolve("m.mp4"), 24, null));
    assertThat(incomplete.missing()).hasToString("0,4-7,9,11");
    assertThat(incomplete).hasMessageContaining("7 of its 12 frames are missing, frames 0,4-7,9,11");
    Shots.record(new Recorder(new RecordSettings(48, 32, 24, 12, ZOOM, part, incomplete.missing(), false, 1024)),
        ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 12), ProgressListener.NONE);
    assertThat(RecorderPngTest.hashes(part)).isEqualTo(expected);
  }
}
