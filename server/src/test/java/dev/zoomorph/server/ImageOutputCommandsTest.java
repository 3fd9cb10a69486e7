package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.trajectory.Trajectory;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.PostProcessing;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Stills;
import dev.zoomorph.render.record.ZoomPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code record} (GIF, PNG folder, MP4) and {@code render} (PNG) for a grey and a colour model, their files decoded
 * by FFmpeg or the JDK and compared with the frames the generator renders for the same settings.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImageOutputCommandsTest {
  private static final int W = 64;
  private static final int H = 48;
  private static final double FPS = 10;
  private static final int FRAMES = 4;
  private static final ZoomPath ZOOM = new ZoomPath(1, 4, 0.1, -0.2, 0);
  /**
   * H.264 (yuv420p, the recorder's 0.2 bits a pixel) keeps these 64x48 frames above these PSNRs: grey measured
   * 31.6-34.7 dB; colour 26.4-31.2 dB, lower because 4:2:0 halves the chroma resolution.
   */
  static final double MP4_MIN_PSNR_GREY_DB = 30;
  static final double MP4_MIN_PSNR_COLOUR_DB = 24;

  @TempDir Path dir;

  /** A random CPPN preset with 1 (grey) or 3 (colour) channels and no post-processing. */
  private Path preset(int channels) throws Exception {
    return Files.writeString(dir.resolve("model-" + channels + ".json"), """
        {"name": "c%d",
         "model": {"kind": "random-cppn", "seed": 41, "latentSize": 8, "width": 16, "depth": 3, "channels": %d,
                   "scale": 3},
         "trajectory": {"kind": "morph", "seed": 5, "keyframes": 3, "secondsPerSegment": 0.3, "slerp": true},
         "renderScale": 1}
        """.formatted(channels, channels));
  }

  private static Generator generator(Preset preset) {
    return RenderBackends.forModel(preset.model(), Backend.CPU,
        RenderOptions.HEADLESS.withPost(PostProcessing.of(preset.post())));
  }

  /** What {@code record} renders: frame k of the trajectory at 10 fps, viewed along the zoom. */
  private static List<Frame> recorded(Path presetFile) {
    Preset preset = Presets.load(presetFile.toString());
    List<Frame> frames = new ArrayList<>();
    try (Generator generator = generator(preset)) {
      Trajectory.Run run = preset.trajectory().toTrajectory(generator.latentSize()).start(FPS);
      for (int f = 0; f < FRAMES; f++) {
        frames.add(Stills.render(generator, run.next(), ZOOM.viewAt(f, FRAMES, W, H),
            RecordSettings.DEFAULT_TILE_SIDE));
      }
    }
    return frames;
  }

  private String[] record(Path presetFile, Path out) {
    return new String[] {"--preset", presetFile.toString(), "--size", W + "x" + H, "--fps", "" + FPS, "--seconds",
        "" + FRAMES / FPS, "--zoom", "1:4", "--center", "0.1,-0.2", "--backend", "cpu", "--quiet", "--out",
        out.toString()};
  }

  private void runRecord(Path presetFile, Path out) {
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), record(presetFile, out));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).as("--quiet shows no progress").isEmpty();
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void recordGifDecodesToTheRenderedFrames(int channels) throws Exception {
    Path presetFile = preset(channels);
    Path gif = dir.resolve("zoom.gif");
    runRecord(presetFile, gif);
    List<Frame> rendered = recorded(presetFile);
    List<Frame> decoded = DecodedFrames.ffmpeg(gif);
    assertThat(decoded).hasSize(FRAMES);
    for (int f = 0; f < FRAMES; f++) {
      assertThat(decoded.get(f).width()).isEqualTo(W);
      assertThat(decoded.get(f).height()).isEqualTo(H);
      if (channels == 1) {
        assertThat(DecodedFrames.requireGrey(decoded.get(f)).pixels()).as("grey GIF frame %d is exact", f)
            .isEqualTo(rendered.get(f).pixels());
      } else {
        assertThat(DecodedFrames.meanError(decoded.get(f), rendered.get(f))).as("per-frame palette, frame %d", f)
            .isLessThan(4);
      }
    }
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void recordPngFolderDecodesToExactlyTheRenderedFrames(int channels) throws Exception {
    Path presetFile = preset(channels);
    Path folder = dir.resolve("frames");
    runRecord(presetFile, folder);
    List<Frame> rendered = recorded(presetFile);
    try (var files = Files.list(folder)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".png")).count()).isEqualTo(FRAMES);
    }
    for (int f = 0; f < FRAMES; f++) {
      Frame decoded = DecodedFrames.png(folder.resolve(String.format("frame-%06d.png", f)));
      assertThat(decoded.channels()).as("grey stays one channel").isEqualTo(channels);
      assertSameFrame(decoded, rendered.get(f));
    }
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void recordMp4DecodesCloseToTheRenderedFrames(int channels) throws Exception {
    Path presetFile = preset(channels);
    Path movie = dir.resolve("zoom.mp4");
    runRecord(presetFile, movie);
    List<Frame> rendered = recorded(presetFile);
    List<Frame> decoded = DecodedFrames.ffmpeg(movie);
    assertThat(decoded).hasSize(FRAMES);
    for (int f = 0; f < FRAMES; f++) {
      assertThat(decoded.get(f).width()).isEqualTo(W);
      assertThat(decoded.get(f).height()).isEqualTo(H);
      Frame got = channels == 1 ? DecodedFrames.requireGrey(decoded.get(f)) : decoded.get(f);
      assertThat(DecodedFrames.psnr(got, rendered.get(f))).as("PSNR of frame %d in dB", f)
          .isGreaterThan(channels == 1 ? MP4_MIN_PSNR_GREY_DB : MP4_MIN_PSNR_COLOUR_DB);
    }
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void renderPngDecodesToExactlyTheRenderedFrame(int channels) throws Exception {
    Path presetFile = preset(channels);
    Path png = dir.resolve("still.png");
    RecordCommandTest.Run run = RecordCommandTest.run(new RenderCommand(), "--preset", presetFile.toString(),
        "--size", "40x30", "--frame", "2", "--zoom", "2", "--center", "0.1,0.2", "--backend", "cpu",
        "--out", png.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    Preset preset = Presets.load(presetFile.toString());
    Frame rendered;
    try (Generator generator = generator(preset)) {
      Trajectory.Run trajectory = preset.trajectory().toTrajectory(generator.latentSize()).start(30);
      trajectory.advance(2);
      rendered = Stills.render(generator, trajectory.latent(), new View(40, 30, 0.1, 0.2, 2, 0),
          RecordSettings.DEFAULT_TILE_SIDE);
    }
    Frame decoded = DecodedFrames.png(png);
    assertThat(decoded.channels()).isEqualTo(channels);
    assertSameFrame(decoded, rendered);
  }

  private static void assertSameFrame(Frame decoded, Frame rendered) {
    assertThat(new int[] {decoded.width(), decoded.height(), decoded.channels()})
        .containsExactly(rendered.width(), rendered.height(), rendered.channels());
    assertThat(decoded.pixels()).isEqualTo(rendered.pixels());
  }
}
