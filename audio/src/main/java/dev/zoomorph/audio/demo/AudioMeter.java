package dev.zoomorph.audio.demo;

import dev.zoomorph.audio.AudioAnalyzer;
import dev.zoomorph.audio.AudioDevice;
import dev.zoomorph.audio.AudioInput;
import dev.zoomorph.audio.AudioTrack;
import dev.zoomorph.audio.PcmBlock;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

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
 * {@code --seconds N} stops after N seconds of sound.
 */
public final class AudioMeter {
  private static final long LINE_NANOS = 100_000_000L;
  private static final int RATE = 48_000;

  private final PrintStream out;
  private final double seconds;
  private long nextLine;
  private boolean onset;
  private boolean beat;

  private AudioMeter(PrintStream out, double seconds) {
    this.out = out;
    this.seconds = seconds;
  }

  public static void main(String[] args) throws InterruptedException {
    run(args, System.out);
  }

  /** Runs the demo with {@code args}, printing to {@code out}; returns when the sound or its seconds end. */
  static void run(String[] args, PrintStream out) throws InterruptedException {
    String mode = args.length > 0 ? args[0] : "--clicks";
    String value = args.length > 1 ? args[1] : "128";
    double seconds = Double.POSITIVE_INFINITY;
    for (int i = 2; i + 1 < args.length; i += 2) {
      if (args[i].equals("--seconds")) {
        seconds = Double.parseDouble(args[i + 1]);
      }
    }
    AudioMeter meter = new AudioMeter(out, seconds);
    switch (mode) {
      case "--list" -> {
        for (AudioDevice device : AudioInput.devices()) {
          out.println(device.name() + "  (" + device.description() + ")");
        }
      }
      case "--clicks" -> meter.clicks(Double.parseDouble(value), Math.min(seconds, 16));
      case "--track" -> meter.track(Path.of(value));
      case "--device" -> meter.device(value);
      default -> throw new IllegalArgumentException("usage: audio/run --clicks BPM | --track FILE | --device NAME"
          + " | --list [--seconds N]");
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
