package dev.zoomorph.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.relay.FrameEnvelope;
import dev.zoomorph.relay.NatsServerProcess;
import dev.zoomorph.render.Backend;
import dev.zoomorph.web.ViewerServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code zoomorph bench relay}: what relays cost the render node. Starts a real {@code nats-server}, a render node
 * ({@code serve --publish}) and relays ({@code relay}) as separate JVMs on 127.0.0.1, with the WebSocket viewers in
 * this JVM, and measures the render node's CPU and frame rate with no relays and with relays full of viewers, the
 * delay a relay adds, and the bytes per second on NATS (all, and the state stream's part).
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
        "Measures serve --publish with relays over a real nats-server on 127.0.0.1 (about 1-2 minutes).",
        "In separate processes: the render node's CPU and fps with 0 and --relays relays x --viewers viewers each,"
            + " the delay a relay adds (a direct and a relayed viewer compared frame by frame), and NATS bytes per"
            + " second (the state stream's too) at each --sizes."})
final class RelayBenchCommand implements Callable<Integer> {

  private static final String SUBJECT = "zoomorph.bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @Spec
  private CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT, description = "Preset (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "auto, gl or cpu (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Option(names = "--sizes", defaultValue = "512x512,1920x1080", split = ",", converter = FrameSize.Converter.class,
      description = "Frame sizes; relays and viewers run at the first, bytes per second at each (default: ${DEFAULT-VALUE}).")
  private List<FrameSize> sizes;

  @Option(names = "--fps", defaultValue = "30", description = "The show's pace (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--seconds", defaultValue = "10", description = "Length of each measurement (default: ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(names = "--relays", defaultValue = "2", description = "Relays (default: ${DEFAULT-VALUE}).")
  private int relays;

  @Option(names = "--viewers", defaultValue = "100", description = "Viewers on each relay (default: ${DEFAULT-VALUE}).")
  private int viewers;

  @Option(names = "--max-payload", paramLabel = "BYTES",
      description = "nats-server's max_payload, to measure payloads sent in parts (default: nats-server's, 1 MB).")
  private @Nullable Integer maxPayload;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || seconds > 120 || relays < 1 || viewers < 1 || sizes.isEmpty()
        || (maxPayload != null && maxPayload < 1024)) {
      throw new ParameterException(spec.commandLine(),
          "--seconds must be 1..120, --relays and --viewers positive, --sizes not empty, --max-payload at least 1024");
    }
    PrintWriter out = spec.commandLine().getOut();
    Duration window = Duration.ofSeconds(seconds);
    out.printf("preset %s, %.0f fps, %d s per measurement, %d cores, load average %.1f, Java %s%n", preset, fps,
        seconds, Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.version"));
    Path logs = Files.createTempDirectory("zoomorph-relay-bench");
    String[] natsOptions = maxPayload == null ? new String[0] : new String[] {"-c",
        Files.writeString(logs.resolve("nats.conf"), "max_payload: " + maxPayload + "\n").toString()};
    if (maxPayload != null) {
      out.printf("nats-server max_payload %d bytes: larger payloads go in parts%n", maxPayload);
    }
    try (NatsServerProcess nats = NatsServerProcess.start(logs.resolve("nats.log"), natsOptions);
        Connection tap = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + nats.port()).build())) {
      String url = nats.url(SUBJECT);
      out.printf("%n%-10s %8s %10s %10s %12s %14s %12s %14s %14s%n", "size", "relays", "viewers", "render fps",
          "render CPU", "relayed fps", "KiB/frame", "NATS MB/s", "state KiB/s");
      for (int s = 0; s < sizes.size(); s++) {
        String size = sizes.get(s).toString();
        try (Launched serve = Launched.start(logs.resolve("serve-" + size + ".log"), Launched.SERVE, "serve",
            "--preset", preset, "--backend", backend.name().toLowerCase(Locale.ROOT), "--size", size, "--fps",
            Double.toString(fps), "--port", "0", "--no-osc", "--publish", url)) {
          Thread.sleep(WARM_UP.toMillis());
          Sample alone = sample(serve, tap, window, new AtomicLong(), 0);
          out.printf("%-10s %8d %10d %10.1f %11.0f%% %14s %12.1f %14.2f %14.1f%n", size, 0, 0, alone.fps,
              alone.cpuPercent, "", alone.bytesPerFrame / 1024, alone.natsBytesPerSecond / 1e6,
              alone.stateBytesPerSecond / 1024);
          out.flush();
          if (s > 0) {
            continue; // relays and viewers at the first size only
          }
          List<Launched> relayNodes = new ArrayList<>();
          AtomicLong delivered = new AtomicLong();
          List<Disposable> watching = new ArrayList<>();
          try {
            for (int r = 0; r < relays; r++) {
              relayNodes.add(Launched.start(logs.resolve("relay-" + r + ".log"), Launched.RELAY, "relay", "--from",
                  url, "--port", "0"));
            }
            Thread.sleep(WARM_UP.toMillis());
            double[] quiet = relayDelays(serve, relayNodes.get(0), window);
            for (Launched relay : relayNodes) {
              String uri = "ws://127.0.0.1:" + relay.port + ViewerServer.FRAMES;
              watching.add(Flux.range(0, viewers).flatMap(i -> FrameClients.counting(uri, delivered), viewers)
                  .subscribe());
            }
            for (Launched relay : relayNodes) {
              awaitViewers(relay, viewers);
            }
            Thread.sleep(WARM_UP.toMillis());
            Sample crowded = sample(serve, tap, window, delivered, relays * viewers);
            out.printf("%-10s %8d %10d %10.1f %11.0f%% %14.1f %12.1f %14.2f %14.1f%n", size, relays,
                relays * viewers, crowded.fps, crowded.cpuPercent, crowded.viewerFps, crowded.bytesPerFrame / 1024,
                crowded.natsBytesPerSecond / 1e6, crowded.stateBytesPerSecond / 1024);
            out.printf("%nRender node CPU with %d relayed viewers: %.2fx its CPU with none (fps %.2fx).%n",
                relays * viewers, crowded.cpuPercent / alone.cpuPercent, crowded.fps / alone.fps);
            double[] crowdedDelays = relayDelays(serve, relayNodes.get(0), window);
            out.printf("Delay a relay adds (relayed viewer vs direct viewer, same frame):%n");
            printDelays(out, "no other viewers", quiet);
            printDelays(out, (relays * viewers) + " relayed viewers watching", crowdedDelays);
            out.println();
            out.flush();
          } finally {
            watching.forEach(Disposable::dispose);
            for (Launched relay : relayNodes) {
              relay.close();
            }
          }
        }
      }
    }
    out.printf("Logs of the processes: %s%n", logs);
    out.flush();
    return 0;
  }

  /** One measurement window on the render node, with {@code watchers} viewers counting into {@code delivered}. */
  private record Sample(double fps, double cpuPercent, double viewerFps, double bytesPerFrame,
      double natsBytesPerSecond, double stateBytesPerSecond) {}

  private static Sample sample(Launched serve, Connection tap, Duration window, AtomicLong delivered, int watchers)
      throws Exception {
    AtomicLong jpegs = new AtomicLong();
    AtomicLong jpegBytes = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Dispatcher counting = tap.createDispatcher(message -> {
      bytes.addAndGet(message.getData().length);
      try {
        FrameEnvelope envelope = FrameEnvelope.read(message.getData());
        if (envelope.kind() == FrameEnvelope.KIND_JPEG) {
          if (envelope.partOffset() == 0) {
            jpegs.incrementAndGet(); // a frame's first (or only) message
          }
          jpegBytes.addAndGet(message.getData().length);
        }
      } catch (FrameEnvelope.UnreadableException e) {
        throw new IllegalStateException("serve published an unreadable message", e);
      }
    });
    counting.subscribe(SUBJECT);
    tap.flush(Duration.ofSeconds(5));
    long frames = serve.health().get("frames").asLong();
    long cpu = serve.cpuNanos();
    long deliveredBefore = delivered.get();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpuNanos = serve.cpuNanos() - cpu;
    long framesAfter = serve.health().get("frames").asLong();
    long deliveredNow = delivered.get() - deliveredBefore;
    tap.closeDispatcher(counting);
    return new Sample((framesAfter - frames) / elapsed, cpuNanos / 1e7 / elapsed,
        watchers == 0 ? 0 : deliveredNow / elapsed / watchers,
        jpegs.get() == 0 ? 0 : jpegBytes.get() / (double) jpegs.get(), bytes.get() / elapsed,
        (bytes.get() - jpegBytes.get()) / elapsed);
  }

  /** Per frame both got: when the relayed viewer got it minus when the direct viewer did, in ms, sorted. */
  private static double[] relayDelays(Launched serve, Launched relay, Duration window) {
    Map<String, Long> direct = new ConcurrentHashMap<>();
    Map<String, Long> relayed = new ConcurrentHashMap<>();
    Flux.merge(arrivals("ws://127.0.0.1:" + serve.port + ViewerServer.FRAMES, window, direct),
            arrivals("ws://127.0.0.1:" + relay.port + ViewerServer.FRAMES, window, relayed))
        .then().block(window.plus(FrameClients.LATE));
    return direct.entrySet().stream()
        .filter(e -> relayed.containsKey(e.getKey()))
        .mapToDouble(e -> (relayed.get(e.getKey()) - e.getValue()) / 1e6)
        .sorted()
        .toArray();
  }

  private static Flux<Void> arrivals(String uri, Duration window, Map<String, Long> into) {
    return reactor.netty.http.client.HttpClient.create()
        .websocket(reactor.netty.http.client.WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build())
        .uri(uri)
        .handle((in, out) -> in.receive().asByteArray()
            .doOnNext(jpeg -> into.putIfAbsent(Arrays.hashCode(jpeg) + ":" + jpeg.length, System.nanoTime()))
            .take(window)
            .then());
  }

  private static void printDelays(PrintWriter out, String during, double[] sorted) {
    out.printf("  %-28s median %6.1f ms, worst %6.1f ms (%d frames)%n", during + ":", percentile(sorted, 0.5),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], sorted.length);
  }

  private static double percentile(double[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private static void awaitViewers(Launched relay, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (relay.health().get("viewers").asInt() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + count + " viewers on the relay after 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** A {@code zoomorph} command in its own JVM on this classpath, listening on the HTTP port it prints. */
  private static final class Launched implements AutoCloseable {
    static final Pattern SERVE = Pattern.compile("Playing .*: http://127\\.0\\.0\\.1:(\\d+)/");
    static final Pattern RELAY = Pattern.compile("Relaying .*: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Process process;
    final int port;

    private Launched(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Launched start(Path log, Pattern listening, String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path")));
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(option -> option.startsWith("-D") || option.startsWith("-Xmx")).toList());
      command.add(Main.class.getName());
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline && process.isAlive()) {
        Matcher m = listening.matcher(Files.readString(log));
        if (m.find()) {
          return new Launched(process, Integer.parseInt(m.group(1)));
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", args) + " did not start; see " + log);
    }

    JsonNode health() throws IOException, InterruptedException {
      URI health = URI.create("http://127.0.0.1:" + port + ViewerServer.HEALTH);
      return JSON.readTree(HTTP.send(HttpRequest.newBuilder(health)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** CPU time of the process so far (user and system, all threads). */
    long cpuNanos() {
      return process.toHandle().info().totalCpuDuration().orElseThrow(
          () -> new IllegalStateException("this system reports no CPU time for process " + process.pid())).toNanos();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
