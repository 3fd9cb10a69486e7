package dev.zoomorph.server.cli;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlTimeline;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.FrameClock;
import dev.zoomorph.engine.show.LiveShow;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.PostProcessedGenerator;
import dev.zoomorph.render.PostProcessing;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import dev.zoomorph.render.record.ConsoleProgress;
import dev.zoomorph.render.record.RecordResult;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Recorder;
import dev.zoomorph.render.record.Shard;
import dev.zoomorph.render.record.ZoomPath;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph record}: renders a preset's zoom to a PNG folder, an MP4 or a GIF at any size. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Records a zoom through a preset at any size up to 16384x16384: a folder of PNG frames, an H.264 .mp4 or a"
          + " looping .gif. The same command gives identical frames. Ctrl-C finishes the current frame and leaves a"
          + " playable movie or a folder of complete frames; --resume continues a folder, --shard splits the frames"
          + " between machines (join them with assemble)."
    })
public final class RecordCommand implements Callable<Integer> {
  private static final String PRESET = "/zoomorph/preset";

  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT, description = "Bundled preset name, or a preset .json or .yaml file (default: ${DEFAULT-VALUE}).")
  String preset = Presets.DEFAULT;

  @Option(names = "--size", required = true, description = "Frame size WxH, e.g. 3840x2160.")
  String size = "";

  @Option(names = "--fps", defaultValue = "30", description = "Frames per second (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--seconds", required = true, description = "Length of the recording.")
  double seconds;

  @Option(names = "--zoom", description = "FROM:TO magnification, reached exponentially (default: the preset's zoom, held).")
  @Nullable String zoom;

  @Option(names = "--center", description = "X,Y plane point zoomed into (default: the preset's centre).")
  @Nullable String center;

  @Option(names = "--rotate", description = "Rotation in degrees, counter-clockwise (default: the preset's).")
  @Nullable Double rotate;

  @Option(names = "--seed", description = "Seed of the latent trajectory, replacing the preset's.")
  @Nullable Long seed;

  @Option(names = "--backend", defaultValue = "auto", description = "auto, gl or tensorflow (default: ${DEFAULT-VALUE}).")
  String backend = "auto";

  @Option(names = "--out", required = true, description = "A folder (PNG frames), a .mp4 or a .gif.")
  Path out = Path.of("");

  @Option(names = "--shard", defaultValue = "1/1", description = "K/N: render only the K-th of N contiguous chunks of frames (PNG folders).")
  String shard = "1/1";

  @Option(names = "--resume", description = "Keep the complete frames the PNG folder holds and render the rest.")
  boolean resume;

  @Option(names = "--controls", paramLabel = "FILE",
      description = "A timeline of timed control messages (SECONDS ADDRESS ARGS per line, see docs/control.md) that"
          + " plays the show as it was played live; the same file gives the same frames.")
  @Nullable Path controls;

  @Option(names = "--tile", defaultValue = "" + RecordSettings.DEFAULT_TILE_SIDE,
      description = "Render frames larger than this many pixels a side in tiles (default: ${DEFAULT-VALUE}).")
  int tile;

  @Override
  public Integer call() {
    // Everything that can be wrong is checked here, before a generator starts or a file is written.
    Preset chosen;
    Recorder recorder;
    Backend chosenBackend;
    LiveShow show;
    AtomicLong frameTime = new AtomicLong();
    @Nullable ControlTimeline timeline = null;
    try {
      chosen = Presets.load(preset);
      if (seed != null) {
        chosen = chosen.withTrajectory(reseeded(chosen.trajectory(), seed));
      }
      chosenBackend = Backend.parse(backend);
      int[] wh = parseSize(size);
      ViewSpec view = chosen.view();
      double[] fromTo = zoom == null ? new double[] {view.zoom(), view.zoom()} : parsePair(zoom, ":", "--zoom", "FROM:TO");
      double[] xy = center == null ? new double[] {view.centerX(), view.centerY()} : parsePair(center, ",", "--center", "X,Y");
      ZoomPath path = new ZoomPath(fromTo[0], fromTo[1], xy[0], xy[1], rotate == null ? view.rotationDegrees() : rotate);
      RecordSettings settings = RecordSettings.of(wh[0], wh[1], fps, seconds, path, out)
          .withShard(Shard.parse(shard))
          .withResume(resume)
          .withTileSide(tile);
      recorder = new Recorder(settings);
      // The live show's own composition, on frame-exact time: frame k is made at k/fps seconds, whatever the
      // machine's speed. Presets are not switched in a recording (yet): the timeline is refused if it tries.
      show = new LiveShow(chosen, settings.fps(), frameTime::get, name -> {
        throw new IllegalArgumentException("record cannot switch presets");
      });
      if (controls != null) {
        LiveShow checking = show;
        timeline = ControlTimeline.load(controls).checkedWith(message -> {
          if (message.address().equals(PRESET)) {
            throw new IllegalArgumentException(PRESET + ": record --controls cannot switch presets yet");
          }
          checking.check(message);
        });
      }
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    RecordSettings settings = recorder.settings();

    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      recorder.stop();
      try {
        finished.await(); // the JVM exits only after the current frame and the output's finalisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "record-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      RecordResult result;
      try (PostProcessedGenerator generator = RenderBackends.forModel(chosen.model(), chosenBackend,
              RenderOptions.HEADLESS.withPost(PostProcessing.of(chosen.post())));
          ConsoleProgress progress = new ConsoleProgress("record")) {
        result = recorder.run(generator, latents(show, timeline, frameTime, generator, settings.fps()), progress);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C arrived: the hook lets the JVM exit once this summary is out.
      }
      spec.commandLine().getOut().printf("%s: %d of %d frames complete (%d rendered now)%s; render %.1f s,"
              + " encode %.1f s, write %.1f s%n", settings.output(), result.complete(), result.total(),
          result.rendered(), result.stopped() ? ", stopped early" : "", seconds(result.renderTime()),
          seconds(result.encodeTime()), seconds(result.writeTime()));
      spec.commandLine().getOut().flush();
      return result.complete() == result.total() ? 0 : 130;
    } finally {
      finished.countDown();
    }
  }

  private static double seconds(java.time.Duration d) {
    return d.toNanos() / 1e9;
  }

  /**
   * The latent of frame 0, 1, 2, … as the show makes it on frame-exact time, with the timeline's messages applied
   * through the show's control bus before the frame they fall in. Taking frame k's latent also sets the generator's
   * post-processing to frame k's, since the recorder renders each frame right after taking its latent.
   */
  private static Iterator<Latent> latents(LiveShow show, @Nullable ControlTimeline timeline, AtomicLong frameTime,
      PostProcessedGenerator generator, double fps) {
    ControlBus bus = new ControlBus(show);
    Iterator<Scene> scenes = show.scenes(FrameClock.exact(fps).doOnNext(tick -> {
      frameTime.set(tick.nanos());
      if (timeline != null) {
        timeline.deliverUntil(tick.nanos(), message -> bus.submit("timeline", message));
      }
    })).toIterable(1).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Latent next() {
        Scene.Layer frame = scenes.next().current();
        generator.setPostProcessing(PostProcessing.of(frame.post()));
        return frame.latent();
      }
    };
  }

  private static TrajectorySpec reseeded(TrajectorySpec spec, long seed) {
    if (spec instanceof TrajectorySpec.Morph m) {
      return new TrajectorySpec.Morph(seed, m.keyframes(), m.secondsPerSegment(), m.slerp());
    }
    if (spec instanceof TrajectorySpec.RandomWalk w) {
      return new TrajectorySpec.RandomWalk(seed, w.timescaleSeconds());
    }
    TrajectorySpec.Loop l = (TrajectorySpec.Loop) spec;
    return new TrajectorySpec.Loop(seed, l.seconds(), l.harmonics());
  }

  static int[] parseSize(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--size must be WxH with whole numbers, such as 1920x1080, was '" + text + "'");
  }

  static double[] parsePair(String text, String separator, String option, String form) {
    String[] parts = text.split(java.util.regex.Pattern.quote(separator), -1);
    try {
      if (parts.length == 2) {
        return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be " + form + " with numbers, was '" + text + "'");
  }
}
