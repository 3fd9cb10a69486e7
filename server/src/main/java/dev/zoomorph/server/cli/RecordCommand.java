package dev.zoomorph.server.cli;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.trajectory.Trajectory;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.PostProcessing;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import dev.zoomorph.render.record.RecordResult;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Recorder;
import dev.zoomorph.render.record.Shard;
import dev.zoomorph.render.record.ZoomPath;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Option(names = "--tile", defaultValue = "" + RecordSettings.DEFAULT_TILE_SIDE,
      description = "Render frames larger than this many pixels a side in tiles (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(names = "--quiet", description = "No progress on standard error (the summary line still prints).")
  boolean quiet;

  @Override
  public Integer call() {
    // Everything that can be wrong is checked here, before a generator starts or a file is written.
    Preset chosen;
    Recorder recorder;
    Backend chosenBackend;
    try {
      chosen = Presets.load(preset);
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
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    TrajectorySpec trajectory = seed == null ? chosen.trajectory() : reseeded(chosen.trajectory(), seed);
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
      try (Generator generator = RenderBackends.forModel(chosen.model(), chosenBackend,
              RenderOptions.HEADLESS.withPost(PostProcessing.of(chosen.post())));
          ConsoleProgress progress =
              new ConsoleProgress("record", "frames", ConsoleProgress.Style.forConsole(quiet))) {
        Iterator<Latent> latents = latents(trajectory.toTrajectory(generator.latentSize()).start(settings.fps()));
        result = recorder.run(generator, latents, progress::update);
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

  private static Iterator<Latent> latents(Trajectory.Run run) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Latent next() {
        return run.next();
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
