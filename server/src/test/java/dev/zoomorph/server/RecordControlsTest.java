package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code record --controls}: a show played from a timeline of control messages, frame-exact and repeatable. */
@Timeout(120)
class RecordControlsTest {
  @TempDir Path dir;

  private static final String[] COMMON = {"--preset", "default", "--size", "48x32", "--fps", "10", "--seconds", "1.2",
      "--backend", "cpu"};

  private Path timeline(String text) throws Exception {
    Path file = dir.resolve("set-" + text.hashCode() + ".txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private RecordCommandTest.Run record(Path out, String... more) {
    String[] args = new String[COMMON.length + more.length + 2];
    System.arraycopy(COMMON, 0, args, 0, COMMON.length);
    System.arraycopy(more, 0, args, COMMON.length, more.length);
    args[args.length - 2] = "--out";
    args[args.length - 1] = out.toString();
    return RecordCommandTest.run(new RecordCommand(), args);
  }

  /** A recording played from a timeline, and the same recording without it. */
  private record Played(Path folder, Map<String, String> frames, Map<String, String> without) {}

  /** Records the show with {@code set} twice (the frames must be the same) and once without it. */
  private Played playTwice(Path set) throws Exception {
    Path plain = dir.resolve("plain");
    Path once = dir.resolve("once");
    Path twice = dir.resolve("twice");
    assertThat(record(plain).exitCode()).isZero();
    RecordCommandTest.Run first = record(once, "--controls", set.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(record(twice, "--controls", set.toString()).exitCode()).isZero();
    Map<String, String> frames = RecordCommandTest.hashes(once);
    assertThat(frames).hasSize(12 + 1); // 12 frames and the manifest
    assertThat(RecordCommandTest.hashes(twice)).as("a second run").isEqualTo(frames);
    return new Played(once, frames, RecordCommandTest.hashes(plain));
  }

  @Test
  void aTimelineChangesTheFramesFromItsTimesAndRepeatsByteForByte() throws Exception {
    Path set = timeline("""
        # a short set: a contrast move at 0.3 s, a hold at 0.6 s, a latent nudge while held at 0.8 s
        0.3 /zoomorph/post/contrast 2.5
        0.6 /zoomorph/hold true
        0.8 /zoomorph/latent/0 3.0   # held: sets the picture's latent directly
        """);
    Played played = playTwice(set);
    Map<String, String> a = played.frames();
    Map<String, String> without = played.without();
    // Frames 0-2 start before 0.3 s: the same as without the timeline; from frame 3 on, the contrast shows.
    for (int f = 0; f < 12; f++) {
      String name = String.format("frame-%06d.png", f);
      if (f < 3) {
        assertThat(a.get(name)).as(name).isEqualTo(without.get(name));
      } else {
        assertThat(a.get(name)).as(name).isNotEqualTo(without.get(name));
      }
    }
    // Held from 0.6 s: frames 6 and 7 are one picture; the latent set at 0.8 s changes frame 8, then it holds.
    assertThat(a.get("frame-000006.png")).isEqualTo(a.get("frame-000007.png"));
    assertThat(a.get("frame-000008.png")).isNotEqualTo(a.get("frame-000007.png"));
    assertThat(a.get("frame-000011.png")).isEqualTo(a.get("frame-000009.png"));
  }

  /**
   * Lines that set the zoom and the centre move the recording's view as they move the live show (they were set
   * aside): from its time, a frame is the frame of a recording made at that zoom and centre; drawn in tiles, the
   * moved frame's tiles line up.
   */
  @Test
  void aTimelineThatMovesTheViewMovesTheRecordingWholeAndInTiles() throws Exception {
    // The first value an address receives lands at once, so each move shows whole in the frame it falls in.
    Path set = timeline("0.3 /zoomorph/zoom 3\n0.6 /zoomorph/center 0.2 -0.1\n");
    Map<String, String> a = playTwice(set).frames();
    Path zoomed = dir.resolve("zoomed");
    Path zoomedElsewhere = dir.resolve("zoomed-elsewhere");
    assertThat(record(zoomed, "--zoom", "3:3").exitCode()).isZero();
    assertThat(record(zoomedElsewhere, "--zoom", "3:3", "--center", "0.2,-0.1").exitCode()).isZero();
    Map<String, String> without = RecordCommandTest.hashes(dir.resolve("plain"));
    Map<String, String> atZoom = RecordCommandTest.hashes(zoomed);
    Map<String, String> atZoomElsewhere = RecordCommandTest.hashes(zoomedElsewhere);
    for (int f = 0; f < 12; f++) {
      String name = String.format("frame-%06d.png", f);
      assertThat(a.get(name)).as(name).isEqualTo((f < 3 ? without : f < 6 ? atZoom : atZoomElsewhere).get(name));
    }
    Path tiled = dir.resolve("tiled");
    RecordCommandTest.Run inTiles = record(tiled, "--controls", set.toString(), "--tile", "16");
    assertThat(inTiles.exitCode()).as(inTiles.err()).isZero();
    for (int f : new int[] {4, 11}) {
      String name = String.format("frame-%06d.png", f);
      BufferedImage whole = ImageIO.read(dir.resolve("once").resolve(name).toFile());
      BufferedImage tiles = ImageIO.read(tiled.resolve(name).toFile());
      for (int y = 0; y < whole.getHeight(); y++) {
        for (int x = 0; x < whole.getWidth(); x++) {
          for (int shift = 0; shift < 24; shift += 8) {
            int difference = ((whole.getRGB(x, y) >> shift) & 0xff) - ((tiles.getRGB(x, y) >> shift) & 0xff);
            assertThat(Math.abs(difference)).as("%s pixel %d,%d", name, x, y).isLessThanOrEqualTo(2);
          }
        }
      }
    }
  }

  /**
   * A set that switches from the colour default preset to the grey digits one at 0.3 s with a 0.4 s crossfade:
   * frame-exact and repeatable, the frames before the switch as without it, then a fade, then only digits.
   */
  @Test
  void aTimelineSwitchesPresetsWithACrossfadeFrameExactly() throws Exception {
    Path set = timeline("0.3 /zoomorph/preset digits 0.4\n");
    Played played = playTwice(set);
    Map<String, String> a = played.frames();
    Map<String, String> without = played.without();
    Path once = played.folder();
    for (int f = 0; f < 3; f++) {
      String name = String.format("frame-%06d.png", f);
      assertThat(a.get(name)).as(name).isEqualTo(without.get(name));
    }
    assertThat(colourful(once.resolve("frame-000002.png"))).as("the default preset's colour").isTrue();
    assertThat(a.get("frame-000005.png")).isNotEqualTo(without.get("frame-000005.png"));
    assertThat(colourful(once.resolve("frame-000005.png"))).as("midway through the fade").isTrue();
    for (int f = 8; f < 12; f++) {
      Path frame = once.resolve(String.format("frame-%06d.png", f));
      assertThat(colourful(frame)).as("frame %d: digits only, grey", f).isFalse();
      assertThat(greyLevels(frame)).as("frame %d has a picture", f).isGreaterThan(8);
    }
  }

  /**
   * Each line is checked against the preset playing at its time: after a switch from a random walk in colour to the
   * grey digits morph, its keyframes and a palette are accepted (they were refused before any frame, judged against
   * the first preset), and the palette shows; a line the preset then playing lacks is still refused, naming it.
   */
  @Test
  void linesAfterASwitchAreCheckedAgainstThePresetTheySwitchedTo() throws Exception {
    Path set = timeline("0.3 /zoomorph/preset digits 0\n0.5 /zoomorph/keyframe 3\n0.7 /zoomorph/post/palette fire\n");
    Path out = dir.resolve("switched");
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), "--preset", "drift", "--size", "48x32",
        "--fps", "10", "--seconds", "1.2", "--backend", "cpu", "--controls", set.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(colourful(out.resolve("frame-000005.png"))).as("digits, grey, before the palette").isFalse();
    assertThat(colourful(out.resolve("frame-000008.png"))).as("digits through the fire palette").isTrue();

    Path back = timeline("0.3 /zoomorph/preset drift 0\n0.5 /zoomorph/keyframe 3\n");
    Path refusedOut = dir.resolve("refused");
    RecordCommandTest.Run refused = record(refusedOut, "--controls", back.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains(back + ":2: /zoomorph/keyframe: not there now: preset 'drift' has no keyframes");
    assertThat(refusedOut).doesNotExist();
  }

  /** Whether any pixel of the PNG has channels that differ. */
  private static boolean colourful(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) != (rgb & 0xff) || ((rgb >> 8) & 0xff) != (rgb & 0xff)) {
          return true;
        }
      }
    }
    return false;
  }

  /** How many different blue levels the PNG has. */
  private static long greyLevels(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
        .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()) & 0xff).distinct().count();
  }

  @Test
  void renderFrameNIsRecordFrameNOfTheSameShow() throws Exception {
    Path frames = dir.resolve("drift");
    assertThat(RecordCommandTest.run(new RecordCommand(), "--preset", "drift", "--size", "40x24", "--fps", "30",
        "--seconds", "0.2", "--backend", "cpu", "--out", frames.toString()).exitCode()).isZero();
    Path still = dir.resolve("still.png");
    assertThat(RecordCommandTest.run(new RenderCommand(), "--preset", "drift", "--size", "40x24", "--frame", "5",
        "--backend", "cpu", "--out", still.toString()).exitCode()).isZero();
    BufferedImage recorded = ImageIO.read(frames.resolve("frame-000005.png").toFile());
    BufferedImage rendered = ImageIO.read(still.toFile());
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 40; x++) {
        assertThat(rendered.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(recorded.getRGB(x, y));
      }
    }
  }

  @Test
  void aMalformedLineIsRefusedWithFileLineAndProblemBeforeAnyFrame() throws Exception {
    Map<String, String> bad = Map.of(
        "0 /zoomorph/zoom 2\nsoon /zoomorph/zoom 3\n", ":2: the time 'soon' is not a number of seconds",
        "1 /zoomorph/zoom 2\n0.5 /zoomorph/zoom 3\n", ":2: time 0.5 s is before the line above it",
        "0 /zoomorph/warp 1\n", ":1: /zoomorph/warp: unknown address",
        "0\n", ":1: expected SECONDS ADDRESS [ARGUMENTS...]",
        "# fine\n0 /zoomorph/speed fast\n", ":2: /zoomorph/speed: argument 0 must be a number",
        "0 /zoomorph/center 1\n", ":1: /zoomorph/center: expects 2 argument(s), got 1",
        "0 /zoomorph/preset nowhere\n", ":1: /zoomorph/preset: no bundled preset named 'nowhere'",
        "0 /zoomorph/post/palette \"fire\n", ":1: a quoted argument is not closed");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      Path set = timeline(entry.getKey());
      Path out = dir.resolve("out-" + entry.getKey().hashCode());
      RecordCommandTest.Run run = record(out, "--controls", set.toString());
      assertThat(run.exitCode()).as(entry.getKey()).isEqualTo(2);
      assertThat(run.err()).as(entry.getKey()).contains(set + entry.getValue());
      assertThat(out).as("output made for " + entry.getKey()).doesNotExist();
    }
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"broken\", \"model\": ");
    Path switchToBroken = timeline("0.5 /zoomorph/preset " + broken + "\n");
    RecordCommandTest.Run refused = record(dir.resolve("out-broken"), "--controls", switchToBroken.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains(switchToBroken + ":1: /zoomorph/preset: ").contains("broken.json");
    assertThat(dir.resolve("out-broken")).as("output made before a broken preset").doesNotExist();
    RecordCommandTest.Run missing = record(dir.resolve("none"), "--controls", dir.resolve("nope.txt").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.txt: no such timeline file");
    assertThat(dir.resolve("none")).as("output made for a missing timeline").doesNotExist();
  }
}
