package dev.zoomorph.server;

import dev.zoomorph.audio.AudioAnalyzer;
import dev.zoomorph.audio.AudioControls;
import dev.zoomorph.audio.PcmBlock;
import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.record.RecordResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * {@code zoomorph bench audio}: what listening costs. The analysis's CPU time per second of sound; the render loop's
 * frame rate with a live audio input running beside it against without, in alternating rounds; the time from a
 * sound reaching the input to the control it moves; and {@code record --audio} at 1080p against {@code record},
 * alternating. The live input is simulated (a thread that hands the analysis a synthetic mix a hop at a time, in real
 * time, as a capture device does), so it runs on machines without a sound card.
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
    description = "Audio analysis cost, its effect on the render loop, sound-to-control latency and record --audio "
        + "throughput (about 4 min).")
final class AudioBenchCommand implements Callable<Integer> {
  private static final int RATE = 48_000;
  private static final double BPM = 128;

  @Spec CommandSpec spec;

  @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds of each comparison.")
  int rounds;

  @Option(names = "--round-seconds", defaultValue = "8", description = "Seconds the render loop runs each round.")
  double roundSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Java %s, %d processors, load average at start: %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    analysisCost(out);
    renderLoop(out);
    recording(out);
    out.printf("load average at the end: %s%n", loadAverage());
    out.flush();
    return 0;
  }

  /** CPU time of the analysis per second of sound, on this thread, after a warm-up. */
  private void analysisCost(PrintWriter out) {
    float[] mix = mix(60);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> perSecond = new ArrayList<>();
    for (int run = 0; run < 4; run++) {
      AudioAnalyzer analyzer = new AudioAnalyzer(AudioSpec.NONE, RATE);
      long[] frames = new long[1];
      long cpu = threads.getCurrentThreadCpuTime();
      for (int at = 0; at < mix.length; at += 512) {
        analyzer.accept(new PcmBlock(RATE, 1, Arrays.copyOfRange(mix, at, Math.min(mix.length, at + 512))),
            f -> frames[0]++);
      }
      double ms = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / 60;
      if (run > 0) {
        perSecond.add(ms); // the first run warms the JIT up
      }
    }
    out.printf(Locale.ROOT, "analysis: %s CPU ms per second of sound (48 kHz mono, 5 bands; runs after a warm-up)"
        + "%n", format(perSecond));
  }

  /**
   * The render loop flat out (1000 fps asked) on the audio-pulse preset at 512², with and without a live input's
   * analysis and bus traffic beside it, rounds alternating; and, with it, sound-to-control latency.
   */
  private void renderLoop(PrintWriter out) throws InterruptedException {
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    List<Double> latencies = new CopyOnWriteArrayList<>();
    List<Double> cores = new ArrayList<>();
    try (Show show = Show.of("audio-pulse", new FrameSize(512, 512), 1000, Backend.CPU)) {
      RenderLoop loop = new RenderLoop(show);
      try (ControlBus bus = new ControlBus(show.controls())) {
        Thread.sleep(2000); // warm up
        for (int round = 0; round < rounds; round++) {
          without.add(fps(loop));
          SimulatedInput input = new SimulatedInput(bus, show);
          Disposable watch = input.watchLatency(latencies);
          input.start();
          long wall = System.nanoTime();
          with.add(fps(loop));
          cores.add(input.cpuNanos() / (double) (System.nanoTime() - wall));
          input.stop();
          watch.dispose();
        }
      } finally {
        loop.close();
      }
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < without.size(); i++) {
      ratios.add(with.get(i) / without.get(i));
    }
    out.printf(Locale.ROOT, "render loop flat out, audio-pulse 512², TensorFlow: without audio %s fps, with %s fps;"
        + " with/without per round %s%n", format(without), format(with), format(ratios));
    out.printf(Locale.ROOT, "live input thread (analysis, adapter, bus): %s of one core per round%n",
        format(cores));
    List<Double> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    out.printf(Locale.ROOT, "sound to features (a kick reaching the input → the features reporting its onset, from"
        + " which the adapter sends at once): median %.1f ms, worst %.1f ms over %d onsets (a device's buffer and the"
        + " sound system come before this)%n",
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2),
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1), sorted.size());
  }

  private double fps(RenderLoop loop) throws InterruptedException {
    long before = loop.frameCount();
    long t0 = System.nanoTime();
    Thread.sleep((long) (roundSeconds * 1000));
    return (loop.frameCount() - before) / ((System.nanoTime() - t0) / 1e9);
  }

  /** {@code record} of audio-pulse at 1080p, 60 frames to MP4, with and without a 2 s track, alternating. */
  private void recording(PrintWriter out) throws IOException {
    Path dir = Files.createTempDirectory("zoomorph-audio-bench");
    Path track = dir.resolve("mix.wav");
    writeWav(track, mix(2));
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      without.add(record(dir.resolve("plain-" + round + ".mp4"), null));
      with.add(record(dir.resolve("audio-" + round + ".mp4"), track));
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < without.size(); i++) {
      ratios.add(with.get(i) / without.get(i));
    }
    out.printf(Locale.ROOT, "record 1920x1080, 60 frames, MP4, TensorFlow: without audio %s frames/s, with --audio %s"
        + " frames/s; with/without per round %s%n", format(without), format(with), format(ratios));
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  private static double record(Path out, @Nullable Path track) {
    Recording recording = Zoomorph.record("audio-pulse").backend(Backend.CPU).size(1920, 1080).fps(30)
        .seconds(2).to(out);
    if (track != null) {
      recording.audio(track);
    }
    long t0 = System.nanoTime();
    RecordResult result = recording.run((done, total) -> { });
    return result.rendered() / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * A live input without a device: a thread that hands the analysis a hop of the mix whenever a device would (in
   * real time), the adapter's messages going to the bus; as the capture thread of {@code AudioInput} does.
   */
  private static final class SimulatedInput {
    private final ControlBus bus;
    private final AudioAnalyzer analyzer = new AudioAnalyzer(AudioSpec.NONE, RATE);
    private final Sinks.Many<AudioFeatures> features = Sinks.many().multicast().directBestEffort();
    private final float[] mix = mix(30); // 64 beats exactly: it loops on the beat
    private final Thread thread;
    private final Disposable attached;
    private volatile boolean stopped;
    private volatile long startNanos;

    SimulatedInput(ControlBus bus, Show show) {
      this.bus = bus;
      this.attached = bus.attach(AudioControls.INPUT,
          new AudioControls(show.controls()::preset).controls(features.asFlux()));
      this.thread = new Thread(this::run, "bench-audio");
      thread.setDaemon(true);
    }

    void start() {
      startNanos = System.nanoTime();
      thread.start();
    }

    /** CPU time the input's thread has used. */
    long cpuNanos() {
      return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    void stop() throws InterruptedException {
      stopped = true;
      thread.join();
      attached.dispose();
    }

    /**
     * Records, for each kick, the time from its sound reaching the input (in real time, as a device would have it)
     * to the features that report its onset coming out; the adapter then sends on the same thread, at once.
     */
    Disposable watchLatency(List<Double> latencies) {
      return features.asFlux().filter(AudioFeatures::onset).subscribe(f -> {
        double heard = (System.nanoTime() - startNanos) / 1e9;
        double beat = 60 / BPM;
        double kick = Math.floor((heard - 0.005) / beat) * beat; // the kick it reports (a hat may lead it by 5 ms)
        latencies.add((heard - kick) * 1000);
      });
    }

    private void run() {
      int hop = analyzer.hop();
      for (long at = 0; !stopped; at += hop) {
        long due = startNanos + Math.round((at + hop) * 1e9 / RATE);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        }
        float[] block = new float[hop];
        for (int i = 0; i < hop; i++) {
          block[i] = mix[(int) ((at + i) % mix.length)];
        }
        analyzer.accept(new PcmBlock(RATE, 1, block), features::tryEmitNext);
      }
    }
  }

  /** A synthetic mix at 128 bpm: kick on every beat, hats on the eighths, a bass line and a pad, over noise. */
  static float[] mix(double seconds) {
    int length = (int) Math.round(seconds * RATE);
    float[] out = new float[length];
    SplittableRandom random = new SplittableRandom(1);
    double beat = 60 / BPM;
    for (int i = 0; i < length; i++) {
      double t = (double) i / RATE;
      double inBeat = t % beat;
      double inEighth = t % (beat / 2);
      double kick = 0.7 * Math.exp(-inBeat * 30) * Math.sin(2 * Math.PI * (50 + 80 * Math.exp(-inBeat * 40)) * inBeat);
      double hats = 0.08 * Math.exp(-inEighth * 120) * (random.nextDouble() * 2 - 1);
      double bassHz = (int) (t / (4 * beat)) % 2 == 0 ? 55 : 73.4;
      double bass = 0.15 * Math.sin(2 * Math.PI * bassHz * t);
      double pad = 0.05 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277.2 * t)
          + Math.sin(2 * Math.PI * 329.6 * t));
      out[i] = (float) (kick + hats + bass + pad + 0.002 * (random.nextDouble() * 2 - 1));
    }
    return out;
  }

  private static void writeWav(Path file, float[] mono) throws IOException {
    byte[] pcm = new byte[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      int v = (int) Math.max(-32768, Math.min(32767, Math.round(mono[i] * 32767.0)));
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, mono.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  private static String format(List<Double> values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", value));
    }
    return "[" + text + "]";
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
