package dev.zoomorph.server;

import com.sun.management.OperatingSystemMXBean;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.web.ViewerServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code zoomorph bench state}: what a viewer costs on the state stream ({@code /ws/show}) against the JPEG stream
 * ({@code /ws/frames}): bytes per frame and per second for one viewer of each at the show's pace, and the unpaced
 * render loop's frame rate and the server's CPU per frame with 0, 1 and a crowd of state-stream viewers, interleaved
 * over several rounds so the ratios come from one run; then the show at its own pace without and with the crowd. The
 * bytes run's two viewers run in this JVM; the crowd runs in a child JVM, on 127.0.0.1.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
        "Measures the state stream against the JPEG stream.",
        "Bytes per frame and per second per viewer, and the unpaced render loop's fps with 0, 1 and a crowd of"
            + " state-stream viewers (rounds interleaved), then the show at its pace with no viewer and with the"
            + " crowd."})
final class StateBenchCommand implements Callable<Integer> {

  private static final String HOST = "127.0.0.1";
  private static final WebsocketClientSpec SPEC =
      WebsocketClientSpec.builder().maxFramePayloadLength(StateMessages.MAX_MODEL_BYTES).build();

  @Spec
  private CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Preset to play (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "cpu", converter = BackendConverter.class,
      description = "CPPN backend: auto, gl or cpu (default: ${DEFAULT-VALUE}).")
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
  public Integer call() throws Exception {
    if (seconds < 1 || crowd < 1 || rounds < 1) {
      throw new ParameterException(spec.commandLine(), "--seconds, --crowd and --rounds must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Duration window = Duration.ofSeconds(seconds);
    out.printf("preset %s, %s, %d s per measurement, %d cores, load average %.1f, Java %s%n", preset, size, seconds,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.version"));
    try (LiveServer live = LiveServer.start(Show.of(preset, size, fps, backend), HOST, 0,
        BroadcastBenchCommand.CROWD)) {
      bytes(out, live, window);
    }
    try (LiveServer live = LiveServer.start(Show.of(preset, size, 1000, backend), HOST, 0,
        BroadcastBenchCommand.CROWD)) {
      crowd(out, live, window);
    }
    try (LiveServer live = LiveServer.start(Show.of(preset, size, fps, backend), HOST, 0,
        BroadcastBenchCommand.CROWD)) {
      paced(out, live, window);
    }
    out.flush();
    return 0;
  }

  /** One viewer of each stream at the show's pace. */
  private void bytes(PrintWriter out, LiveServer live, Duration window) throws InterruptedException {
    Counts jpeg = new Counts();
    Counts state = new Counts();
    Disposable viewers =
        Flux.merge(watch(live, ViewerServer.FRAMES, jpeg), watch(live, ViewerServer.SHOW, state)).subscribe();
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

  /**
   * The unpaced loop's fps with 0, 1 and the crowd of state viewers, in interleaved rounds. The viewers run in a child
   * JVM, which reports the frames they received. What serving them costs is the CPU time of the threads that do it
   * (Netty's event loops and the state encoder), per frame delivered: unlike the frame rate and the process's CPU
   * (TensorFlow's threads spin while they wait for a core), it stays put when other jobs load the machine.
   */
  private void crowd(PrintWriter out, LiveServer live, Duration window) throws Exception {
    out.printf("%nUnpaced render loop with state-stream viewers in another process (CPU in %% of one core: the"
        + " server process, and its threads that serve viewers):%n%6s %8s %11s %13s %12s %12s %15s %24s%n", "round",
        "viewers", "render fps", "of 0 viewers", "process CPU", "serving CPU", "fps per viewer",
        "serving CPU/viewer-frame");
    Thread.sleep(3000);
    int[] counts = {0, 1, crowd};
    double[] fpsRatios = new double[3];
    double[] micros = new double[3];
    for (int round = 1; round <= rounds; round++) {
      Sample alone = null;
      for (int column = 0; column < counts.length; column++) {
        int viewers = counts[column];
        Watched watched = watched(live, viewers, window);
        Sample sample = watched.sample();
        alone = viewers == 0 ? sample : alone;
        double perDelivery = viewers == 0 ? 0 : sample.servingNanos / 1e3 / Math.max(1, watched.received());
        fpsRatios[column] += sample.fps() / alone.fps();
        micros[column] += perDelivery;
        out.printf("%6d %8d %11.1f %12.1f%% %11.0f%% %11.1f%% %15s %24s%n", round, viewers, sample.fps(),
            100 * sample.fps() / alone.fps(), sample.cpuNanos / 1e7 / sample.seconds,
            sample.servingNanos / 1e7 / sample.seconds, watched.perViewer(),
            viewers == 0 ? "" : String.format("%.2f µs", perDelivery));
        out.flush();
      }
    }
    out.printf("mean over %d rounds, of 0 viewers: render fps with 1 viewer %.1f%%, with %d %.1f%%; serving CPU per"
        + " viewer-frame delivered: %.2f µs with 1 viewer, %.2f µs with %d%n", rounds, 100 * fpsRatios[1] / rounds,
        crowd, 100 * fpsRatios[2] / rounds, micros[1] / rounds, micros[2] / rounds, crowd);
  }

  /**
   * The show at its own pace with no viewer, then with the crowd: whether it keeps its frame rate, and whether every
   * viewer gets every frame (what a live show with that audience does, where the unpaced loop shows the cost).
   */
  private void paced(PrintWriter out, LiveServer live, Duration window) throws Exception {
    out.printf("%nAt the show's pace (%.0f fps), with the state-stream viewers in another process:%n%8s %11s %12s"
        + " %15s%n", fps, "viewers", "render fps", "process CPU", "fps per viewer");
    Thread.sleep(3000);
    for (int viewers : new int[] {0, crowd}) {
      Watched watched = watched(live, viewers, window);
      Sample sample = watched.sample();
      out.printf("%8d %11.1f %11.0f%% %15s%n", viewers, sample.fps(), sample.cpuNanos / 1e7 / sample.seconds,
          watched.perViewer());
      out.flush();
    }
  }

  /** One measurement with {@code viewers} watching, and the frames they received in it. */
  private record Watched(int viewers, Sample sample, double received) {
    /** Frames a second each viewer received, or "" with none. */
    String perViewer() {
      return viewers == 0 ? "" : String.format("%.1f", received / sample.seconds / viewers);
    }
  }

  /** Measures {@code live} over {@code window} with {@code viewers} in a child JVM; none left watching after. */
  private static Watched watched(LiveServer live, int viewers, Duration window) throws Exception {
    AtomicLong delivered = new AtomicLong();
    Process child = viewers == 0 ? null : startViewers(live, viewers, delivered);
    try {
      awaitViewers(live, viewers);
      Thread.sleep(1000);
      long before = delivered.get();
      Sample sample = sample(live, window);
      return new Watched(viewers, sample, delivered.get() - before);
    } finally {
      if (child != null) {
        child.destroy();
        child.waitFor();
      }
      awaitViewers(live, 0);
    }
  }

  /**
   * A child JVM holding {@code count} state-stream viewers of {@code live}; returns once they all have a frame, and
   * from then on keeps {@code delivered} at the frames they have received.
   */
  private static Process startViewers(LiveServer live, int count, AtomicLong delivered) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", Viewers.NAME,
        "ws://" + HOST + ":" + live.port() + ViewerServer.SHOW, String.valueOf(count))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (!Viewers.READY.equals(line)) {
      child.destroyForcibly();
      throw new IllegalStateException("the viewers' process said " + line + " instead of " + Viewers.READY);
    }
    Thread reader = new Thread(() -> {
      try {
        for (String next = lines.readLine(); next != null; next = lines.readLine()) {
          delivered.set(Long.parseLong(next.trim()));
        }
      } catch (IOException | NumberFormatException e) {
        // the child ended
      }
    }, "state-viewers-counts");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  /**
   * {@code zoomorph bench state-viewers URI N}: N state-stream viewers; prints "ready" once each has a message, then
   * the messages received so far every 100 ms, until the bench ends the process.
   */
  @Command(name = Viewers.NAME, hidden = true)
  static final class Viewers implements Callable<Integer> {
    static final String NAME = "state-viewers";
    static final String READY = "ready";

    @Parameters(index = "0")
    private String uri;

    @Parameters(index = "1")
    private int count;

    @Override
    public Integer call() throws InterruptedException {
      CountDownLatch first = new CountDownLatch(count);
      AtomicLong received = new AtomicLong();
      Flux.range(0, count)
          .flatMap(i -> HttpClient.newConnection().websocket(SPEC).uri(uri)
              .handle((in, out) -> in.receive().index().doOnNext(message -> {
                received.incrementAndGet();
                if (message.getT1() == 0) {
                  first.countDown();
                }
              }).then())
              .then(), count)
          .subscribe();
      first.await();
      System.out.println(READY);
      while (true) {
        System.out.println(received.get());
        System.out.flush();
        Thread.sleep(100);
      }
    }
  }

  /**
   * What one measurement window saw: its length, the frames rendered, this process's CPU time and that of the threads
   * serving viewers.
   */
  private record Sample(double seconds, long frames, long cpuNanos, long servingNanos) {
    double fps() {
      return frames / seconds;
    }
  }

  private static Sample sample(LiveServer live, Duration window) throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long frames = live.renderLoop().frameCount();
    long cpu = os.getProcessCpuTime();
    long serving = servingCpuNanos();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double secs = (System.nanoTime() - start) / 1e9;
    return new Sample(secs, Math.max(1, live.renderLoop().frameCount() - frames), os.getProcessCpuTime() - cpu,
        servingCpuNanos() - serving);
  }

  /** CPU time so far of the threads that serve viewers: Reactor Netty's event loops and the state encoder. */
  private static long servingCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (thread != null && (thread.getThreadName().startsWith("reactor-http")
          || thread.getThreadName().startsWith("zoomorph-state"))) {
        total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
      }
    }
    return total;
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
            message.readableBytes(), path.equals(ViewerServer.SHOW))).then())
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
