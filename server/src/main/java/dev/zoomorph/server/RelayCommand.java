package dev.zoomorph.server;

import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.relay.RelayServer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph relay}: serves a show published to NATS by {@code serve --publish} to this host's viewers. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
        "Serves a show that `serve --publish` sends over NATS: the same viewer page at /, JPEG frames over the"
            + " WebSocket /ws/frames (newest frame wins per viewer) and /health; read-only, no control API. Several"
            + " relays on several hosts serve one show. Credentials: in the URL (nats://TOKEN@HOST/SUBJECT or"
            + " nats://USER:PASSWORD@HOST/SUBJECT), or in ZOOMORPH_NATS_TOKEN, or in ZOOMORPH_NATS_USER and"
            + " ZOOMORPH_NATS_PASSWORD; tls:// connects with TLS. Binds to 127.0.0.1 unless --host says otherwise."
            + " See relay/README.md. Ctrl-C stops it."})
final class RelayCommand implements Callable<Integer> {

  private final Map<String, String> environment;

  /** Credentials from the process's environment; picocli's constructor. */
  RelayCommand() {
    this(System.getenv());
  }

  RelayCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Spec
  private CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "URL",
      description = "The show's NATS subject: nats://HOST:PORT/SUBJECT or tls://HOST:PORT/SUBJECT.")
  private String from;

  @Option(names = "--port", defaultValue = "" + ShowBuilder.DEFAULT_HTTP_PORT,
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = ShowBuilder.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 serves the network).")
  private String host;

  @Override
  public Integer call() throws InterruptedException {
    RelayServer relay = start();
    AtomicBoolean stopped = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (stopped.compareAndSet(false, true)) {
        relay.close();
        spec.commandLine().getErr().println("zoomorph relay: stopped");
        spec.commandLine().getErr().flush();
      }
    }, "zoomorph-relay-shutdown"));
    relay.awaitClose();
    return 0;
  }

  /**
   * The NATS address to relay from, once the options are checked.
   *
   * @throws ParameterException naming the option and the problem
   */
  NatsAddress checked() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
    }
    if (host.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--host must not be empty");
    }
    try {
      return NatsAddress.parse(from, environment);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--from: " + e.getMessage(), e);
    }
  }

  /** Checks the options, starts the relay and prints where to find it. */
  RelayServer start() {
    NatsAddress address = checked();
    RelayServer relay;
    try {
      relay = RelayServer.start(address, host, port);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + " (choose another --port)", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Relaying %s: http://%s:%d/  (Ctrl-C stops)%n", address, relay.host(), relay.port());
    out.flush();
    return relay;
  }
}
