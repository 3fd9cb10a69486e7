package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.output.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderPngTest {
  private static final int FRAMES = 12;
  private static final ZoomPath ZOOM = new ZoomPath(1, 20, 0.1, -0.2, 15);

  @TempDir Path dir;

  private static RecordSettings settings(Path out) {
    return new RecordSettings(48, 32, 24, FRAMES, ZOOM, out, Shard.WHOLE, false, RecordSettings.DEFAULT_TILE_SIDE);
  }

  private static RecordResult record(RecordSettings settings, Generator generator) {
    return Shots.record(new Recorder(settings), generator, ReferenceCppn.latents(8, 5, FRAMES), ProgressListener.NONE);
  }

  /** The CPU CPPN, as in a real recording. */
  private static RecordResult recordOnTheCpu(RecordSettings settings, int channels, long seed) {
    try (CppnGenerator generator = new CppnGenerator(ReferenceCppn.weights(channels, seed))) {
      return record(settings, generator);
    }
  }

  /** frame name → SHA-256 of the file. */
  static Map<String, String> hashes(Path folder) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        hashes.put(f.getFileName().toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    return hashes;
  }

  @Test
  void writesEveryFrameAtItsSizeAndShowsTheZoomPath() throws Exception {
    Path out = dir.resolve("frames");
    List<int[]> progress = new ArrayList<>();
    RecordResult result = Shots.record(new Recorder(settings(out)), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, FRAMES), (d, t) -> progress.add(new int[] {d, t}));

    assertThat(result.rendered()).isEqualTo(FRAMES);
    assertThat(result.complete()).isEqualTo(FRAMES);
    assertThat(result.stopped()).isFalse();
    assertThat(progress).hasSize(FRAMES + 1);
    assertThat(progress.get(0)).containsExactly(0, FRAMES);
    assertThat(progress.get(FRAMES)).containsExactly(FRAMES, FRAMES);
    assertThat(hashes(out).keySet()).containsExactlyElementsOf(Stream.concat(Stream.of(PngSequence.MANIFEST),
        Stream.iterate(0, i -> i + 1).limit(FRAMES).map(PngSequence::frameName)).toList());
    // Frame 7 is exactly what the generator draws for frame 7's latent and view.
    BufferedImage seven = ImageIO.read(out.resolve("frame-000007.png").toFile());
    assertThat(seven.getWidth()).isEqualTo(48);
    assertThat(seven.getHeight()).isEqualTo(32);
    Latent latent7 = latentOf(7);
    Frame expected = ReferenceCppn.random(3, 1).render(latent7, ZOOM.viewAt(7, FRAMES, 48, 32));
    assertThat(Images.toFrame(seven).pixels()).isEqualTo(expected.pixels());
  }

  private static Latent latentOf(int frame) {
    var it = ReferenceCppn.latents(8, 5, FRAMES);
    for (int i = 0; i < frame; i++) {
      it.next();
    }
    return it.next();
  }

  @Test
  void repeatedRunsGiveByteIdenticalFrames() throws Exception {
    recordOnTheCpu(settings(dir.resolve("a")), 3, 1);
    recordOnTheCpu(settings(dir.resolve("b")), 3, 1);
    assertThat(hashes(dir.resolve("a"))).hasSize(FRAMES + 1).isEqualTo(hashes(dir.resolve("b")));
  }

  @Test
  void resumeAfterAStoppedRunGivesTheSameFramesAsAnUninterruptedRun() throws Exception {
    recordOnTheCpu(settings(dir.resolve("whole")), 3, 1);

    Path out = dir.resolve("resumed");
    Recorder first = new Recorder(settings(out));
    RecordResult stopped;
    try (CppnGenerator cpu = new CppnGenerator(ReferenceCppn.weights(3, 1))) {
      stopped = Shots.record(first, cpu, ReferenceCppn.latents(8, 5, FRAMES), (done, total) -> {
        if (done == 5) {
          first.stop();
        }
      });
    }
    assertThat(stopped.stopped()).isTrue();
    int kept = stopped.rendered(); // the frame rendering while frame 4 was written completes too
    assertThat(kept).isBetween(5, 6);
    assertThat(hashes(out)).hasSize(kept + 1).containsKey(PngSequence.MANIFEST);

    List<int[]> progress = new ArrayList<>();
    RecordResult resumed;
    try (CppnGenerator cpu = new CppnGenerator(ReferenceCppn.weights(3, 1))) {
      resumed = Shots.record(new Recorder(settings(out).withResume(true)), cpu,
          ReferenceCppn.latents(8, 5, FRAMES), (d, t) -> progress.add(new int[] {d, t}));
    }
    assertThat(resumed.rendered()).isEqualTo(FRAMES - kept);
    assertThat(progress.get(0)).containsExactly(kept, FRAMES);
    assertThat(hashes(out)).isEqualTo(hashes(dir.resolve("whole")));
  }

  @Test
  void aCrashedRunLeavesOnlyCompleteFramesAndResumeFillsTheRest() throws Exception {
    record(settings(dir.resolve("whole")), ReferenceCppn.random(3, 1));
    Path out = dir.resolve("crashed");
    ReferenceCppn crashing = new ReferenceCppn(ReferenceCppn.random(3, 1).weightsForTest()) {
      @Override
      public Frame render(Latent latent, View view) {
        if (rendered == 4) {
          throw new IllegalStateException("simulated crash");
        }
        return super.render(latent, view);
      }
    };
    assertThatThrownBy(() -> record(settings(out), crashing)).hasMessage("simulated crash");
    // A process killed while writing leaves a temporary file; it never carries a frame name.
    Files.write(out.resolve(".frame-000004.png." + endedPid() + "-0123456789abcdef.tmp"), new byte[] {1, 2, 3});
    assertThat(hashes(out)).hasSize(6).containsKeys("frame-000003.png").doesNotContainKey("frame-000004.png");

    assertThatThrownBy(() -> new Recorder(settings(out)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds frame-000000.png")
        .hasMessageContaining("--resume");
    record(settings(out).withResume(true), ReferenceCppn.random(3, 1));
    assertThat(hashes(out)).isEqualTo(hashes(dir.resolve("whole")));
  }

  /** The PID of a process that has ended. */
  private static long endedPid() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    return ended.pid();
  }

  /**
   * A temporary frame file whose writer runs on this machine (a worker with an overlapping range, still finishing its
   * frame) is left to it; one whose writer has ended is removed.
   */
  @Test
  void aFrameAnotherRunningWorkerIsWritingIsLeftToIt() throws Exception {
    Path out = Files.createDirectories(dir.resolve("overlap"));
    Path running = out.resolve(".frame-000001.png." + ProcessHandle.current().pid() + "-0123456789abcdef.tmp");
    Path ended = out.resolve(".frame-000002.png." + endedPid() + "-0123456789abcdef.tmp");
    Files.write(running, new byte[] {1});
    Files.write(ended, new byte[] {2});
    BitSet all = new BitSet();
    all.set(0, FRAMES);
    PngSequence.existingFrames(out, 48, 32, all);
    assertThat(running).exists();
    assertThat(ended).doesNotExist();
  }

  @Test
  void shardsTogetherEqualTheWhole() throws Exception {
    recordOnTheCpu(settings(dir.resolve("whole")), 1, 2);
    Path farm = dir.resolve("farm");
    int[] sizes = new int[5];
    for (int k = 1; k <= 5; k++) {
      sizes[k - 1] = recordOnTheCpu(settings(farm).withFrames(new Shard(k, 5)), 1, 2).rendered();
    }
    assertThat(sizes).containsExactly(2, 2, 3, 2, 3);
    assertThat(hashes(farm)).isEqualTo(hashes(dir.resolve("whole")));
  }

  @Test
  void tiledFramesMatchWholeFramesAndTheSameTilingIsByteIdentical() throws Exception {
    RecordSettings big = new RecordSettings(150, 70, 24, 3, ZOOM, dir.resolve("whole"), Shard.WHOLE, false, 1024);
    Shots.record(new Recorder(big), ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
    List<int[]> tileSizes = new ArrayList<>();
    ReferenceCppn counting = new ReferenceCppn(ReferenceCppn.random(3, 1).weightsForTest()) {
      @Override
      public Frame render(Latent latent, View view) {
        tileSizes.add(new int[] {view.width(), view.height()});
        return super.render(latent, view);
      }
    };
    RecordSettings tiled = new RecordSettings(150, 70, 24, 3, ZOOM, dir.resolve("tiled"), Shard.WHOLE, false, 64);
    Shots.record(new Recorder(tiled), counting, ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
    assertThat(tileSizes).hasSize(3 * 6);
    assertThat(tileSizes).allSatisfy(s -> assertThat(s[0] <= 64 && s[1] <= 64).isTrue());

    for (int f = 0; f < 3; f++) {
      Frame whole = Images.toFrame(ImageIO.read(dir.resolve("whole").resolve(PngSequence.frameName(f)).toFile()));
      Frame tiles = Images.toFrame(ImageIO.read(dir.resolve("tiled").resolve(PngSequence.frameName(f)).toFile()));
      int worst = 0;
      for (int i = 0; i < whole.pixels().length; i++) {
        worst = Math.max(worst, Math.abs((whole.pixels()[i] & 0xff) - (tiles.pixels()[i] & 0xff)));
      }
      assertThat(worst).as("tile seams in frame %d", f).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void badInputFailsBeforeAnyWork() throws IOException {
    assertThatThrownBy(() -> new RecordSettings(0, 32, 24, 5, ZOOM, dir, Shard.WHOLE, false, 1024))
        .hasMessageContaining("size").hasMessageContaining("0x32");
    assertThatThrownBy(() -> new RecordSettings(16385, 32, 24, 5, ZOOM, dir, Shard.WHOLE, false, 1024))
        .hasMessageContaining("16384");
    assertThatThrownBy(() -> new ZoomPath(0, 10, 0, 0, 0)).hasMessageContaining("zoom FROM").hasMessageContaining("0");
    assertThatThrownBy(() -> new ZoomPath(-2, 10, 0, 0, 0)).hasMessageContaining("zoom FROM");
    assertThatThrownBy(() -> Shard.parse("6/5")).hasMessageContaining("6/5 is out of range");
    assertThatThrownBy(() -> Shard.parse("0/5")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Shard.parse("x")).hasMessageContaining("K/N");
    assertThatThrownBy(() -> RecordSettings.of(64, 64, 30, 0, ZOOM, dir)).hasMessageContaining("seconds");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> new Recorder(settings(file.resolve("frames"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output: cannot create the folder " + file.resolve("frames") + ": not a directory");
    assertThatThrownBy(() -> new Recorder(settings(file.resolve("movie.mp4"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("output: " + file + " is a file, not a folder");
    assertThatThrownBy(() -> new Recorder(settings(dir.resolve("movie.avi")))).hasMessageContaining(".avi");
    assertThatThrownBy(() -> new Recorder(settings(dir.resolve("m.mp4")).withFrames(new Shard(1, 2))))
        .hasMessageContaining("PNG folder");
    assertThatThrownBy(() -> new Recorder(settings(dir.resolve("m.gif")).withResume(true)))
        .hasMessage("resume needs a PNG folder output; " + dir.resolve("m.gif") + " is a GIF animation");
    assertThatThrownBy(() -> new Recorder(settings(dir.resolve("m.mp4")).withResume(true)))
        .hasMessage("resume needs a PNG folder output; " + dir.resolve("m.mp4") + " is an MP4 movie");
    assertThatThrownBy(() -> new Recorder(new RecordSettings(47, 32, 24, 5, ZOOM, dir.resolve("m.mp4"), Shard.WHOLE,
        false, 1024))).hasMessageContaining("even width and height");
    assertThatThrownBy(() -> new Recorder(settings(file))).hasMessageContaining("not a folder");

    ReferenceCppn generator = ReferenceCppn.random(3, 1);
    Recorder twoChannels = new Recorder(settings(dir.resolve("two-channels")));
    assertThatThrownBy(() -> twoChannels.run(2, List.<Shot>of(view -> generator.render(Latent.zeros(8), view))
        .iterator(), ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 or 3 channels, not 2");
    assertThat(generator.rendered).isZero();
    assertThat(dir.resolve("two-channels")).isEmptyDirectory();

    Recorder shortOfLatents = new Recorder(settings(dir.resolve("short")));
    assertThatThrownBy(() -> Shots.record(shortOfLatents, generator, ReferenceCppn.latents(8, 1, 4),
        ProgressListener.NONE))
        .hasMessageContaining("ended after 4 frames");
  }

  /** A show that switches between a grey and a colour model mid-recording: its grey frames are written in colour. */
  @Test
  void greyShotsOfAColourRecordingAreWrittenInColourAndAColourShotOfAGreyRecordingFails() throws IOException {
    ReferenceCppn grey = ReferenceCppn.random(1, 1);
    ReferenceCppn colour = ReferenceCppn.random(3, 1);
    List<Latent> latents = new ArrayList<>();
    ReferenceCppn.latents(8, 5, FRAMES).forEachRemaining(latents::add);
    List<Shot> shots = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      Generator generator = f % 2 == 0 ? grey : colour;
      Latent latent = latents.get(f);
      shots.add(view -> generator.render(latent, view));
    }
    Path out = dir.resolve("mixed");
    new Recorder(settings(out)).run(3, shots.iterator(), ProgressListener.NONE);
    for (int f = 0; f < 2; f++) {
      Frame written = Images.toFrame(ImageIO.read(out.resolve(PngSequence.frameName(f)).toFile()));
      Frame drawn = (f == 0 ? grey : colour).render(latents.get(f), ZOOM.viewAt(f, FRAMES, 48, 32));
      assertThat(drawn.channels()).isEqualTo(f == 0 ? 1 : 3);
      assertThat(written.channels()).isEqualTo(3);
      assertThat(written.pixels()).as("frame %d", f).isEqualTo(drawn.asRgb().pixels());
    }

    Path greyOut = dir.resolve("grey");
    assertThatThrownBy(() -> new Recorder(settings(greyOut)).run(1, shots.iterator(), ProgressListener.NONE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("frame 1 has colour");
    assertThat(greyOut.resolve(PngSequence.frameName(0))).isRegularFile();
  }

  @Test
  void resumeAndShardsMustKeepTheRecordingsSettings() {
    Path out = dir.resolve("f");
    Recorder first = new Recorder(settings(out).withFrames(new Shard(1, 2)));
    Shots.record(first, ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, FRAMES), ProgressListener.NONE);
    RecordSettings otherZoom = new RecordSettings(48, 32, 24, FRAMES, new ZoomPath(1, 8, 0.1, -0.2, 15), out,
        new Shard(2, 2), false, RecordSettings.DEFAULT_TILE_SIDE);
    assertThatThrownBy(() -> new Recorder(otherZoom)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zoom=1.0:20.0, this one has zoom=1.0:8.0: pass --zoom 1.0:20.0");
    assertThatThrownBy(() -> new Recorder(settings(out).withFrames(new Shard(2, 2)).withTileSide(512)))
        .hasMessageContaining("tile=1024, this one has tile=512: pass --tile 1024");
    assertThatThrownBy(() -> new Recorder(settings(out).withFrameCount(13).withResume(true)))
        .hasMessageContaining("frames=12, this one has frames=13 (round(seconds × fps) frames): pass the --seconds"
            + " that gives 12");
    Shots.record(new Recorder(settings(out).withFrames(new Shard(2, 2))), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, FRAMES), ProgressListener.NONE);
  }

  /**
   * Two workers that start together, before either has written the folder's manifest, with other settings: both pass
   * the checks made before any work, but only the first to start writing takes the folder; the other is refused as a
   * later one is, and writes nothing.
   */
  @Test
  void twoWorkersStartingTogetherWithOtherSettingsCannotBothTakeTheFolder() throws Exception {
    Path out = dir.resolve("race");
    Recorder first = new Recorder(settings(out).withFrames(new Shard(1, 2)));
    Recorder second = new Recorder(new RecordSettings(48, 32, 24, FRAMES, new ZoomPath(1, 8, 0.1, -0.2, 15), out,
        new Shard(2, 2), false, RecordSettings.DEFAULT_TILE_SIDE));
    Shots.record(first, ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, FRAMES), ProgressListener.NONE);
    Map<String, String> taken = hashes(out);
    assertThatThrownBy(() -> Shots.record(second, ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, FRAMES),
        ProgressListener.NONE)).isInstanceOf(OtherRecordingException.class)
        .hasMessageContaining("zoom=1.0:20.0, this one has zoom=1.0:8.0");
    assertThat(hashes(out)).isEqualTo(taken);
  }

  /** A folder's frames without its manifest (a copy that left the hidden file out) cannot be vouched for. */
  @Test
  void framesWithoutTheirManifestAreRefused() throws Exception {
    Path out = dir.resolve("copy");
    record(settings(out), ReferenceCppn.random(3, 1));
    Files.delete(out.resolve(PngSequence.MANIFEST));
    Files.delete(out.resolve(PngSequence.frameName(5)));
    assertThatThrownBy(() -> new Recorder(settings(out).withResume(true))).isInstanceOf(OtherRecordingException.class)
        .hasMessageContaining("holds frames (frame-000000.png) but no manifest (.zoomorph-recording)");
  }

  @Test
  void refusesAFolderOfFramesOfAnotherSize() throws IOException {
    record(settings(dir.resolve("f")), ReferenceCppn.random(3, 1));
    RecordSettings other = new RecordSettings(64, 32, 24, FRAMES, ZOOM, dir.resolve("f"), Shard.WHOLE, true, 1024);
    assertThatThrownBy(() -> new Recorder(other)).hasMessageContaining("size=48x32, this one has size=64x32");
    // Frames from elsewhere, without a manifest, are checked by their PNG headers.
    Files.delete(dir.resolve("f").resolve(PngSequence.MANIFEST));
    assertThatThrownBy(() -> new Recorder(other)).hasMessageContaining("48x32, not 64x32");
  }

  @Test
  void zoomIsExponentialAndHitsBothEnds() {
    ZoomPath path = new ZoomPath(2, 2e6, 0.5, 0.25, 0);
    assertThat(path.zoomAt(0, 61)).isEqualTo(2);
    assertThat(path.zoomAt(60, 61)).isEqualTo(2e6);
    for (int f = 1; f < 60; f++) {
      assertThat(path.zoomAt(f + 1, 61) / path.zoomAt(f, 61)).isCloseTo(Math.pow(1e6, 1 / 60.0),
          org.assertj.core.api.Assertions.within(1e-12));
    }
    assertThat(path.zoomAt(0, 1)).isEqualTo(2);
    View v = path.viewAt(30, 61, 640, 360);
    assertThat(v.centerX()).isEqualTo(0.5);
    assertThat(v.zoom()).isCloseTo(2e3, org.assertj.core.api.Assertions.within(1e-9));
  }
}
