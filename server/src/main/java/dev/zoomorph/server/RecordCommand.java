package dev.zoomorph.server;

import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.CtrlC;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.record.FrameRanges;
import dev.zoomorph.render.record.FrameSelection;
import dev.zoomorph.render.record.OtherRecordingException;
import dev.zoomorph.render.record.OutputWriteException;
import dev.zoomorph.render.record.RecordResult;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
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
        "Records a zoom through a preset at any size up to 16384x16384.",
        "The output is a folder of PNG frames, an .mp4 (H.264, or VP9 above 4096x2304) or a looping .gif; with"
            + " --audio, a music video of a track. The same command gives identical frames. Ctrl-C finishes the"
            + " current frame and leaves a playable movie or a folder of complete frames; --resume continues a folder;"
            + " --frames, --shard and --shard-count split the frames between the machines of a render farm (join them"
            + " with assemble). See docs/render-farm.md."})
public final class RecordCommand implements Callable<Integer> {
  /** The variable a Kubernetes Indexed Job sets to each pod's index, 0 to completions − 1. */
  public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  /** Reads {@value #JOB_COMPLETION_INDEX} from the process's environment; picocli's constructor. */
  public RecordCommand() {
    this(System.getenv());
  }

  /** Reads {@value #JOB_COMPLETION_INDEX} from {@code environment}. */
  RecordCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Option(names = "--preset", defaultValue = Presets.DEFAULT, description = "Bundled preset name, or a preset .json or .yaml file (default: ${DEFAULT-VALUE}).")
  String preset = Presets.DEFAULT;

  @Option(names = "--size", required = true, converter = FrameSize.Converter.class,
      description = "Frame size WxH, e.g. 3840x2160.")
  @Nullable FrameSize size;

  @Option(names = "--fps", defaultValue = "" + ShowBuilder.DEFAULT_FPS,
      description = "Frames per second (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--seconds", description = "Length of the recording (default: the --audio track's).")
  @Nullable Double seconds;

  @Option(names = "--audio", paramLabel = "TRACK",
      description = "A music video: the track (WAV, FLAC, MP3, OGG) is analysed frame by frame on the video's own"
          + " time and moves the show as the preset's audio section binds it (docs/audio.md); an MP4 carries it as"
          + " AAC, a PNG folder gets audio.json, a GIF is silent (the track still moves its picture).")
  @Nullable Path audio;

  @Option(names = "--zoom", description = "FROM:TO magnification, reached exponentially (default: the preset's zoom, held).")
  @Nullable String zoom;

  @Option(names = "--center", description = "X,Y plane point zoomed into (default: the preset's centre).")
  @Nullable String center;

  @Option(names = "--rotate", description = "Rotation in degrees, counter-clockwise (default: the preset's).")
  @Nullable Double rotate;

  @Option(names = "--seed", description = "Seed of the latent trajectory, replacing the preset's.")
  @Nullable Long seed;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "auto, gl or cpu (default: ${DEFAULT-VALUE}).")
  Backend backend = Backend.AUTO;

  @Option(names = "--out", required = true, description = "A folder (PNG frames), a .mp4 or a .gif.")
  Path out = Path.of("");

  @Option(names = "--frames", paramLabel = "RANGES",
      description = "Render only these frames (PNG folders), numbered from 0 as in the file names: A-B inclusive,"
          + " A-B:STEP, N, or lists such as 1-10,20-30 (the Deadline/OpenCue/Flamenco chunk convention).")
  @Nullable String frames;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Render only the K-th of N contiguous chunks of frames, K from 1 (PNG folders).")
  @Nullable String shard;

  @Option(names = "--shard-count", paramLabel = "N",
      description = "Render the chunk of N that the Kubernetes Indexed Job's JOB_COMPLETION_INDEX (0 to N-1) names"
          + " (PNG folders).")
  @Nullable Integer shardCount;

  @Option(names = "--resume", description = "Keep the frames the PNG folder holds and render the rest, and any frame"
      + " cut short (its PNG header or end missing); kept frames are not decoded.")
  boolean resume;

  @Option(names = "--controls", paramLabel = "FILE",
      description = "A timeline of timed control messages (SECONDS ADDRESS ARGS per line, see docs/control.md) that"
          + " plays the show as it was played live; the same file gives the same frames.")
  @Nullable Path controls;

  @Option(names = "--tile", defaultValue = "" + RecordSettings.DEFAULT_TILE_SIDE,
      description = "Render frames larger than this many pixels a side in tiles (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(names = "--quiet", description = "No progress on standard error (the summary line still prints).")
  boolean quiet;

  @Override
  public Integer call() {
    Recording recording;
    try {
      recording = Zoomorph.record(preset);
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // Ctrl-C from here on, while a track, a timeline or a backend loads too, ends with the summary: the JVM exits only
    // after the current frame and the output's finalisation (a stop before the first frame leaves no movie).
    try (CtrlC ctrlC = CtrlC.stops(recording::stop, "record")) {
      return record(recording, ctrlC);
    }
  }

  private int record(Recording recording, CtrlC ctrlC) {
    // Everything that can be wrong is checked here, before a generator starts or a file is written.
    try {
      recording.backend(backend).fps(fps).frames(frameSelection()).resume(resume).tileSide(tile).to(out);
      if (seconds == null && audio == null) {
        throw new IllegalArgumentException("--seconds is needed (or --audio TRACK, whose length it then takes)");
      }
      if (seconds != null) {
        recording.seconds(seconds);
      }
      if (audio != null) {
        recording.audio(audio);
      }
      FrameSize frame = Objects.requireNonNull(size);
      recording.size(frame.width(), frame.height());
      if (seed != null) {
        recording.seed(seed);
      }
      if (zoom != null) {
        double[] fromTo = parsePair(zoom, ":", "--zoom", "FROM:TO");
        recording.zoom(fromTo[0], fromTo[1]);
      }
      if (center != null) {
        double[] xy = parsePair(center, ",", "--center", "X,Y");
        recording.center(xy[0], xy[1]);
      }
      if (rotate != null) {
        recording.rotate(rotate);
      }
      if (controls != null) {
        recording.controls(controls);
      }
      recording.prepare();
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    RecordSettings settings = recording.settings();
    recording.notes().forEach(note -> spec.commandLine().getErr().println("record: " + note));
    spec.commandLine().getErr().flush();

    RecordResult result;
    try (ConsoleProgress progress =
        new ConsoleProgress("record", "frames", ConsoleProgress.Style.forConsole(quiet))) {
      result = recording.run(progress::update);
    } catch (OutputWriteException e) {
      ctrlC.workEnded();
      spec.commandLine().getErr().println("zoomorph record: stopped: " + e.getMessage() + whatToDo(e));
      spec.commandLine().getErr().flush();
      return 1;
    } catch (OtherRecordingException e) {
      // Another worker took the folder with other settings as this one started: refused as a later one is.
      ctrlC.workEnded();
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ctrlC.workEnded();
    if (result.total() == 0 && settings.frames() instanceof Shard shard) {
      // More workers than frames (an Indexed Job may have them): nothing to do is not a failure.
      spec.commandLine().getOut().printf("%s: shard %s has no frames: %d frames in %d shards; nothing written%n",
          settings.output(), shard, settings.frameCount(), shard.count());
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (result.stopped() && result.complete() == 0 && Files.notExists(settings.output())) {
      spec.commandLine().getOut().printf("%s: stopped before the first frame; no file was written%n",
          settings.output());
      spec.commandLine().getOut().flush();
      return 130;
    }
    spec.commandLine().getOut().printf("%s: %d of %d frames complete (%d rendered now)%s; render %.1f s,"
            + " encode %.1f s, write %.1f s%n", settings.output(), result.complete(), result.total(),
        result.rendered(), result.stopped() ? ", stopped early" : "", seconds(result.renderTime()),
        seconds(result.encodeTime()), seconds(result.writeTime()));
    spec.commandLine().getOut().flush();
    return result.complete() == result.total() ? 0 : 130;
  }

  /** What the user can do about an output that could not be written. */
  private static String whatToDo(OutputWriteException e) {
    return switch (e.kind()) {
      case DISK_FULL -> e.resumable() ? "; free some space, then run the same command with --resume to render the rest"
          : "; free some space and record again (or record to a PNG folder, which --resume can continue)";
      case FOLDER_GONE -> e.resumable() ? "; bring the folder back (or plug its drive in again) and run the same"
          + " command with --resume" : "; bring the folder back and record again";
      case OTHER -> "";
    };
  }

  /** All frames, or the one of --frames, --shard and --shard-count given. */
  private FrameSelection frameSelection() {
    int given = (frames == null ? 0 : 1) + (shard == null ? 0 : 1) + (shardCount == null ? 0 : 1);
    if (given > 1) {
      throw new IllegalArgumentException("--frames, --shard and --shard-count each choose the frames to render:"
          + " give one of them");
    }
    if (frames != null) {
      try {
        return FrameRanges.parse(frames);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--frames " + frames + ": " + e.getMessage(), e);
      }
    }
    if (shard != null) {
      return Shard.parse(shard);
    }
    if (shardCount != null) {
      return jobShard(shardCount);
    }
    return Shard.WHOLE;
  }

  /** The shard of a Kubernetes Indexed Job's pod: index {@value #JOB_COMPLETION_INDEX} of {@code count}. */
  private Shard jobShard(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("--shard-count must be at least 1, was " + count);
    }
    String index = environment.get(JOB_COMPLETION_INDEX);
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException("--shard-count " + count + " takes the shard from " + JOB_COMPLETION_INDEX
          + " (set in each pod of a Kubernetes Indexed Job), which is not set; elsewhere use --shard K/N or --frames");
    }
    int k;
    try {
      k = Integer.parseInt(index.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(JOB_COMPLETION_INDEX + "=" + index + " is not a whole number", e);
    }
    if (k < 0 || k >= count) {
      throw new IllegalArgumentException(JOB_COMPLETION_INDEX + "=" + k + " is out of range for --shard-count "
          + count + ": it must be in 0.." + (count - 1) + " (the Job's completions must equal --shard-count)");
    }
    return new Shard(k + 1, count);
  }

  private static double seconds(java.time.Duration d) {
    return d.toNanos() / 1e9;
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
