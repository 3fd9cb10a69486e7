package dev.zoomorph.server;

import com.sun.management.OperatingSystemMXBean;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code zoomorph bench state}: what a viewer costs on the state stream ({@code /ws/show}) against the JPEG stream
 * ({@code /ws/frames}): bytes per frame and per second for one viewer of each at the show's pace, and the unpaced
 * render loop's frame rate with 0, 1 and a crowd of state-stream viewers, interleaved over several rounds so the
 * ratios come from one run. Viewers run in this JVM on 127.0.0.1, so their CPU is counted too.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
        "Measures the state stream against the JPEG stream: bytes per frame and per second per viewer, and the",
        "unpaced render loop's fps with 0, 1 and a crowd of state-stream viewers (rounds interleaved)."})
final class StateBenchCommand implements Callable<Integer> {

  private static final String HOST = "127.0.0.1";
  private static final WebsocketClientSpec SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(StateMessages.MAX_MODEL_BYTES).build();

  @Spec
  private CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Preset to play (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "tensorflow", converter = BackendConverter.class,
      description = "CPPN backend: auto, gl or tensorflow (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Option(names = "--size", defaultValue = "512x512", converter = FrameSize.Converter.class,
      description = "Frame size (default: ${DEFAULT-VALUE}).")
  private FrameSize size;

  @Option(names = "--fps", defaultValue = "30", description = "Pace of the bytes run (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--seconds", defaultValue = "10",
      description = "Length of each measurement (default: ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(names = "--crowd", defaultValue = "1000",
      description = "State-stream viewers watching the unpaced render loop (default: ${DEFAULT-VALUE}).")
  private int crowd;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Rounds of 0, 1 and the crowd, interleaved (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Override
  public Integer call() throws InterruptedException {
    if (seconds < 1 || crowd < 1 || rounds < 1) {
      throw new ParameterException(spec.commandLine(), "--seconds, --crowd and --rounds must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Duration window = Duration.ofSeconds(seconds);
    out.printf("preset %s, %s, %d s per measurement, %d cores, load average %.1f, Java %s%n", preset, size, seconds,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.version"));
    try (LiveServer live = LiveServer.start(Show.of(preset, size, fps, backend), HOST, 0)) {
      bytes(out, live, window);
    }
    try (LiveServer live = LiveServer.start(Show.of(preset, size, 1000, backend), HOST, 0)) {
      crowd(out, live, window);
    }
    out.flush();
    return 0;
  }

  /** One viewer of each stream at the show's pace. */
  private void bytes(PrintWriter out, LiveServer live, Duration window) throws InterruptedException {
    Counts jpeg = new Counts();
    Counts state = new Counts();
    Disposable viewers = Flux.merge(watch(live, "/ws/frames", jpeg), watch(live, "/ws/show", state)).subscribe();
    try {
      Thread.sleep(3000); // JIT, generator and both streams settle
      Counts.Snapshot j0 = jpeg.snapshot();
      Counts.Snapshot s0 = state.snapshot();
      Thread.sleep(window.toMillis());
      Counts.Snapshot j = jpeg.snapshot().minus(j0);
      Counts.Snapshot s = state.snapshot().minus(s0);
      double secs = window.toMillis() / 1000.0;
      out.printf("%nPer viewer at %.0f fps (%s):%n%-14s %12s %14s %14s%n", fps, size, "stream", "frames/s",
          "bytes/frame", "bytes/s");
      out.printf("%-14s %12.1f %14.0f %14.0f%n", "JPEG", j.frames / secs, j.bytes / (double) j.frames, j.bytes / secs);
      out.printf("%-14s %12.1f %14.0f %14.0f%n", "state", s.frames / secs, s.bytes / (double) s.frames,
          s.bytes / secs);
      out.printf("state stream, once per connection: palettes %d bytes, model %d bytes%n",
          state.palettesBytes.get(), state.modelBytes.get());
    } finally {
      viewers.dispose();
    }
  }

  /** The unpaced loop's fps with 0, 1 and the crowd of state viewers, in interleaved rounds. */
  private void crowd(PrintWriter out, LiveServer live, Duration window) throws InterruptedException {
    out.printf("%nUnpaced render loop with state-stream viewers (CPU: this process, %% of one core):%n%6s %8s %12s"
        + " %14s %8s%n", "round", "viewers", "render fps", "of 0 viewers", "CPU");
    Thread.sleep(3000);
    double[] sums = new double[3];
    for (int round = 1; round <= rounds; round++) {
      double alone = 0;
      int column = 0;
      for (int viewers : new int[] {0, 1, crowd}) {
        Counts counts = new Counts();
        Disposable watching = Flux.range(0, viewers)
            .flatMap(i -> watch(live, "/ws/show", counts), Math.max(1, viewers))
            .subscribe();
        try {
          awaitViewers(live, viewers);
          Thread.sleep(1000);
          double[] sample = sample(live, window);
          alone = viewers == 0 ? sample[0] : alone;
          sums[column++] += sample[0] / alone;
          out.printf("%6d %8d %12.1f %13.1f%% %7.0f%%%n", round, viewers, sample[0],
              100 * sample[0] / alone, sample[1]);
          out.flush();
        } finally {
          watching.dispose();
        }
        awaitViewers(live, 0);
      }
    }
    out.printf("mean over %d rounds, of 0 viewers: 1 viewer %.1f%%, %d viewers %.1f%%%n", rounds,
        100 * sums[1] / rounds, crowd, 100 * sums[2] / rounds);
  }

  /** Render fps and CPU (% of one core) over {@code window}. */
  private static double[] sample(LiveServer live, Duration window) throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long frames = live.renderLoop().frameCount();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double secs = (System.nanoTime() - start) / 1e9;
    return new double[] {(live.renderLoop().frameCount() - frames) / secs,
        (os.getProcessCpuTime() - cpu) / 1e7 / secs};
  }

  private static void awaitViewers(LiveServer live, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (live.viewers() != count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(live.viewers() + " viewers connected after 120 s, expected " + count);
      }
      Thread.sleep(50);
    }
  }

  /** A viewer of {@code path} on its own connection (a pool would cap the crowd), counting what it receives. */
  private static Mono<Void> watch(LiveServer live, String path, Counts counts) {
    return HttpClient.newConnection()
        .websocket(SPEC)
        .uri("ws://" + HOST + ":" + live.port() + path)
        .handle((in, out) -> in.receive().doOnNext(message -> counts.add(message.getByte(0),
            message.readableBytes(), path.equals("/ws/show"))).then())
        .then();
  }

  /** What a viewer received: frames and their bytes; for the state stream its once-per-connection messages apart. */
  private static final class Counts {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong palettesBytes = new AtomicLong();
    final AtomicLong modelBytes = new AtomicLong();

    record Snapshot(long frames, long bytes) {
      Snapshot minus(Snapshot before) {
        return new Snapshot(frames - before.frames, bytes - before.bytes);
      }
    }

    void add(byte kind, int length, boolean state) {
      if (state && kind == StateMessages.KIND_PALETTES) {
        palettesBytes.set(length);
      } else if (state && kind == StateMessages.KIND_MODEL) {
        modelBytes.set(length);
      } else {
        frames.incrementAndGet();
        bytes.addAndGet(length);
      }
    }

    Snapshot snapshot() {
      return new Snapshot(frames.get(), bytes.get());
    }
  }
}
