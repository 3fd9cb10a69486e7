package dev.zoomorph.audio.demo;

import dev.zoomorph.audio.AudioAnalyzer;
import dev.zoomorph.audio.AudioDevice;
import dev.zoomorph.audio.AudioInput;
import dev.zoomorph.audio.AudioTrack;
import dev.zoomorph.audio.PcmBlock;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.output.CommandErrors;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The audio module's demo: a text meter of what the analysis hears, ten lines a second: level and band bars, onsets,
 * and the tracked tempo and beat. {@code audio/run} runs it:
 *
 * <pre>
 * audio/run --clicks 128            # a click track made on the spot, analysed as fast as it goes
 * audio/run --track song.flac       # a sound file (WAV, FLAC, MP3, OGG), on its own timeline, as a recording hears it
 * audio/run --device default        # live from a capture device (audio/run --list lists them), Ctrl-C stops
 * </pre>
 *
 * {@code --seconds N} stops after N seconds of sound. Errors are one line, as the {@code zoomorph} commands report
 * them: exit status 2 for a bad argument, 1 for a track or device that cannot be opened.
 */
@Command(name = "audio/run", sortOptions = false,
    description = {"A text meter of what Zoomorph hears: level, bands, onsets, tempo and beat, ten lines a second.",
        "Without a source it plays a 128 bpm click track."})
public final class AudioMeter implements Callable<Integer> {
  private static final long LINE_NANOS = 100_000_000L;
  private static final int RATE = 48_000;
  private static final double DEFAULT_BPM = 128;
  /** A click track is made whole before it is analysed: at most this long. */
  private static final double MAX_CLICK_SECONDS = 16;

  /** Where the sound comes from; one of them. */
  static final class Source {
    @Option(names = "--clicks", paramLabel = "BPM", description = "A click track at BPM, made on the spot.")
    @Nullable Double clicks;

    @Option(names = "--track", paramLabel = "FILE", description = "A sound file (WAV, FLAC, MP3, OGG).")
    @Nullable Path track;

    @Option(names = "--device", paramLabel = "NAME",
        description = "A capture device: its name or part of it, or default. Ctrl-C stops.")
    @Nullable String device;

    @Option(names = "--list", description = "List the capture devices.")
    boolean list;
  }

  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true)
  private @Nullable Source source;

  @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds of sound.")
  private double seconds = Double.POSITIVE_INFINITY;

  // Help alone: the module has no version of its own to print.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  private final PrintStream out;
  private long nextLine;
  private boolean onset;
  private boolean beat;

  private AudioMeter(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the demo with {@code args}, printing the meter to {@code out} and errors to {@code err}; returns the exit
   * status when the sound or its seconds end.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = CommandErrors.reportedAsOneLine(new CommandLine(new AudioMeter(out)));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandLine commandLine = spec.commandLine();
    if (!(seconds > 0)) {
      throw new ParameterException(commandLine, "--seconds must be more than 0, was " + seconds);
    }
    Source from = source != null ? source : new Source();
    double bpm = from.clicks != null ? from.clicks : DEFAULT_BPM;
    if (!(bpm > 0 && bpm <= 1000)) {
      throw new ParameterException(commandLine, "--clicks must be more than 0 and at most 1000, was " + bpm);
    }
    if (from.list) {
      list();
    } else if (from.track != null) {
      track(from.track);
    } else if (from.device != null) {
      device(from.device);
    } else {
      clicks(bpm, Math.min(seconds, MAX_CLICK_SECONDS));
    }
    return 0;
  }

  private void list() {
    List<AudioDevice> devices = AudioInput.devices();
    if (devices.isEmpty()) {
      out.println(AudioInput.NO_DEVICES);
    }
    for (AudioDevice device : devices) {
      out.println(device.name() + "  (" + device.description() + ")");
    }
  }

  private void clicks(double bpm, double length) {
    float[] sound = new float[(int) (length * RATE)];
    for (double t = 0.1; t < length; t += 60 / bpm) {
      int start = (int) (t * RATE);
      for (int i = 0; i < RATE / 20 && start + i < sound.length; i++) {
        sound[start + i] = (float) (0.5 * Math.exp(-i * 40.0 / RATE) * Math.sin(2 * Math.PI * 70 * i / RATE));
      }
    }
    AudioAnalyzer analyzer = new AudioAnalyzer(AudioSpec.NONE, RATE);
    analyzer.accept(new PcmBlock(RATE, 1, sound), this::show);
  }

  private void track(Path file) {
    AudioTrack track = AudioTrack.open(file);
    out.println(track);
    AudioAnalyzer analyzer = Objects.requireNonNull(AudioAnalyzer.ofTrack(track, AudioSpec.NONE).block());
    track.blocks().takeWhile(block -> nextLine <= seconds * 1e9)
        .doOnNext(block -> analyzer.accept(block, this::show)).blockLast();
  }

  private void device(String name) throws InterruptedException {
    try (AudioInput input = AudioInput.open(name, () -> AudioSpec.NONE)) {
      out.printf("%s: %d Hz, buffer %d frames, sound to features within %d ms%n", input.deviceName(),
          input.sampleRate(), input.bufferFrames(), input.latency().toMillis());
      input.features().subscribe(this::show);
      Thread.sleep(Double.isInfinite(seconds) ? Long.MAX_VALUE : Duration.ofMillis((long) (seconds * 1000))
          .toMillis());
    }
  }

  private void show(AudioFeatures f) {
    onset |= f.onset();
    beat |= f.onBeat();
    if (f.nanos() < nextLine || f.nanos() > seconds * 1e9) {
      return;
    }
    nextLine += LINE_NANOS;
    StringBuilder bands = new StringBuilder();
    for (int b = 0; b < f.bandCount(); b++) {
      bands.append(" ").append(bar(f.band(b), 6));
    }
    out.printf(Locale.ROOT, "%6.1f s  level %s  bands%s  %s %s  %6.1f bpm  beat %7.2f%n", f.nanos() / 1e9,
        bar(f.level(), 10), bands, onset ? "ONSET" : "     ", beat ? "BEAT" : "    ", f.bpm(), f.beat());
    onset = false;
    beat = false;
  }

  private static String bar(double value, int width) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, value)) * width);
    return "#".repeat(filled) + ".".repeat(width - filled);
  }
}
