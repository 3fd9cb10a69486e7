package dev.zoomorph.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code nats-server} (Debian's package) on a loopback port, for the relay benchmark and tests: started,
 * killed and started again on the same port, as an outage would.
 */
public final class NatsServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final int port;
  private final List<String> options;
  private final Path log;
  private @Nullable Process process;

  private NatsServerProcess(Path binary, int port, List<String> options, Path log) {
    this.binary = binary;
    this.port = port;
    this.options = List.copyOf(options);
    this.log = log;
  }

  /**
   * Starts one on a free loopback port with nats-server's {@code options} (e.g. {@code --auth TOKEN}, {@code --tls
   * --tlscert FILE --tlskey FILE}); its output goes to {@code log}.
   */
  public static NatsServerProcess start(Path log, String... options) throws IOException {
    NatsServerProcess server = new NatsServerProcess(binary(), freePort(), List.of(options), log);
    server.restart();
    return server;
  }

  /** The nats-server on the PATH, or Debian's /usr/sbin/nats-server (root's PATH has /usr/sbin, others may not). */
  private static Path binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
        return Path.of(dir, "nats-server");
      }
    }
    throw new IllegalStateException("nats-server is not installed: apt-get install nats-server");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The loopback port it listens on, the same after a restart. */
  public int port() {
    return port;
  }

  /** {@code nats://127.0.0.1:PORT/SUBJECT}, without credentials. */
  public String url(String subject) {
    return "nats://127.0.0.1:" + port + "/" + subject;
  }

  /** Starts the server (again, after {@link #kill}) and waits until it accepts connections. */
  public void restart() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(options);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          kill();
          throw new IOException("nats-server did not start on port " + port + " (see " + log + ")", notYet);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while nats-server starts", e);
        }
      }
    }
  }

  /** Kills the server at once (SIGKILL) and waits for it to be gone. */
  public void kill() {
    Process running = process;
    if (running == null) {
      return;
    }
    running.destroyForcibly();
    try {
      running.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    kill();
  }
}
