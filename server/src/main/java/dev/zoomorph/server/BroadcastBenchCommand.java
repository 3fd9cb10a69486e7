package dev.zoomorph.server;

import com.sun.management.OperatingSystemMXBean;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.web.HttpLimits;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code zoomorph bench broadcast}: how many frames per second reach 1, 10, 100 … WebSocket viewers on loopback,
 * and how much a crowd of viewers slows the render loop. Viewers run in this JVM, so they share its CPU.
 */
@Command(
    name = "broadcast",
    mixinStandardHelpOptions = true,
    description = {
        "Measures WebSocket delivery of JPEG frames to viewers.",
        "Frames per second reaching N viewers of a paced show, and the unpaced render loop's frame rate with no"
            + " viewers and with a crowd of them. Viewers run in-process on 127.0.0.1."})
final class BroadcastBenchCommand implements Callable<Integer> {

  private static final String HOST = "127.0.0.1";
  /** The benchmarks' viewers all come from this JVM, so from one address: as many as they ask for. */
  static final HttpLimits CROWD = HttpLimits.DEFAULT.withAnyNumberOfConnections();

  @Spec
  private CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Preset to broadcast (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "CPPN backend: auto, gl or cpu (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Option(names = "--size", defaultValue = "512x512", converter = FrameSize.Converter.class,
      description = "Frame size (default: ${DEFAULT-VALUE}).")
  private FrameSize size;

  @Option(names = "--fps", defaultValue = "30", description = "Pace of the delivery runs (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--seconds", defaultValue = "10", description = "Length of each measurement (default: ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(names = "--clients", defaultValue = "1,10,100", split = ",",
      description = "Viewer counts for the delivery runs (default: ${DEFAULT-VALUE}).")
  private List<Integer> clientCounts;

  @Option(names = "--crowd", defaultValue = "200",
      description = "Viewers watching the unpaced render loop (default: ${DEFAULT-VALUE}).")
  private int crowd;

  @Override
  public Integer call() throws InterruptedException {
    if (seconds < 1 || crowd < 1 || clientCounts.stream().anyMatch(n -> n < 1)) {
      throw new ParameterException(spec.commandLine(), "--seconds, --crowd and --clients must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Duration window = Duration.ofSeconds(seconds);
    out.printf("%s, %s, %d s per run, %d cores, load average %.1f, Java %s%n",
        "preset " + preset, size, seconds,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.version"));
    out.printf("%nDelivery at %.0f fps:%n%8s %12s %16s %16s %12s%n", fps, "viewers", "render fps", "mean viewer fps",
        "min viewer fps", "KiB/frame");
    for (int viewers : clientCounts) {
      try (LiveServer live = LiveServer.start(show(fps), HOST, 0, CROWD)) {
        warmUp(live);
        Delivery delivery = deliver(live, viewers, window);
        out.printf("%8d %12.1f %16.1f %16.1f %12.1f%n", viewers, delivery.renderFps, delivery.meanFps,
            delivery.minFps, delivery.kibPerFrame);
        out.flush();
      }
    }
    out.printf("%nUnpaced render loop (CPU: this process, %% of one core; µs per viewer-frame: CPU added per frame"
        + " delivered, viewers included):%n%8s %12s %14s %10s %22s%n", "viewers", "render fps", "of 0 viewers",
        "CPU", "µs per viewer-frame");
    try (LiveServer live = LiveServer.start(show(1000), HOST, 0, CROWD)) {
      warmUp(live);
      Sample alone = sample(live, window, new AtomicLong());
      out.printf("%8d %12.1f %14s %9.0f%% %22s%n", 0, alone.fps, "", alone.cpuPercent, "");
      out.flush();
      // One viewer switches the JPEG encoder on; the crowd then adds only the per-viewer cost.
      Sample one = null;
      for (int viewers : crowd == 1 ? List.of(1) : List.of(1, crowd)) {
        AtomicLong delivered = new AtomicLong();
        Disposable watching = Flux.range(0, viewers)
            .flatMap(i -> FrameClients.counting(FrameClients.framesUri(live), delivered), viewers)
            .subscribe();
        try {
          awaitViewers(live, viewers);
          Thread.sleep(1000);
          Sample watched = sample(live, window, delivered);
          String perViewerFrame = one == null ? ""
              : String.format("%.0f", (watched.cpuNanos - one.cpuNanos * watched.seconds / one.seconds) / 1e3
                  / Math.max(1, watched.delivered - one.delivered * watched.seconds / one.seconds));
          out.printf("%8d %12.1f %13.1f%% %9.0f%% %22s%n", viewers, watched.fps, 100 * watched.fps / alone.fps,
              watched.cpuPercent, perViewerFrame);
          out.flush();
          one = one == null ? watched : one;
        } finally {
          watching.dispose();
        }
        awaitViewers(live, 0);
      }
    }
    out.flush();
    return 0;
  }

  private Show show(double pace) {
    return Show.of(preset, size, pace, backend);
  }

  /** Lets the JIT and the generator settle before measuring. */
  private static void warmUp(LiveServer live) throws InterruptedException {
    FrameClients.arrivals(FrameClients.framesUri(live), Duration.ofSeconds(3)).block();
    awaitViewers(live, 0);
  }

  private record Delivery(double renderFps, double meanFps, double minFps, double kibPerFrame) {}

  private static Delivery deliver(LiveServer live, int viewers, Duration window) {
    String uri = FrameClients.framesUri(live);
    long framesBefore = live.renderLoop().frameCount();
    long start = System.nanoTime();
    List<List<Long>> arrivals = Flux.range(0, viewers)
        .flatMap(i -> FrameClients.arrivals(uri, window), viewers)
        .collectList()
        .block();
    double renderFps = (live.renderLoop().frameCount() - framesBefore) * 1e9 / (System.nanoTime() - start);
    List<Double> perViewer = arrivals.stream()
        .map(times -> times.size() / (double) window.toSeconds())
        .collect(Collectors.toList());
    double mean = perViewer.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double min = perViewer.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    byte[] sample = FrameClients.receive(live, 1, Duration.ofSeconds(30)).get(0);
    return new Delivery(renderFps, mean, min, sample.length / 1024.0);
  }

  /** What one measurement window saw. */
  private record Sample(double seconds, double fps, long cpuNanos, double cpuPercent, long delivered) {}

  private static Sample sample(LiveServer live, Duration window, AtomicLong delivered) throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long frames = live.renderLoop().frameCount();
    long deliveredBefore = delivered.get();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuNanos = os.getProcessCpuTime() - cpu;
    return new Sample(seconds, (live.renderLoop().frameCount() - frames) / seconds, cpuNanos,
        cpuNanos / 1e7 / seconds, delivered.get() - deliveredBefore);
  }

  private static void awaitViewers(LiveServer live, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (live.viewers() != count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(live.viewers() + " viewers connected after 60 s, expected " + count);
      }
      Thread.sleep(50);
    }
  }
}
