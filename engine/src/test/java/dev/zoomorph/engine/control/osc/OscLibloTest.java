package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.zoomorph.engine.control.ControlMessage;
import reactor.core.Disposable;

/**
 * End to end against liblo, the reference C implementation, through its command-line tools from the Debian package
 * liblo-tools: {@code oscsend} drives a running server, and {@code oscdump} reads what our codec sends.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OscLibloTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void oscsendDrivesARunningServerThroughTheControlAdapter() {
    OscControls adapter = new OscControls(() -> List.of("/zoomorph/latent/3", "/zoomorph/latent/9", "/zoomorph/mix"));
    List<ControlMessage> controls = new CopyOnWriteArrayList<>();
    try (OscServer server = new OscServer()) {
      int port = server.start("127.0.0.1", 0).getPort();
      Disposable dispatch = server.messages().flatMapIterable(message -> adapter.toControls(message, problem -> { }))
          .subscribe(controls::add);
      try {
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/latent/3", "f", "0.5");
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/latent/[0-4]", "i", "2");
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/mix", "ihdsTFNI", "-7", "123456789012", "0.125",
            "hello world");
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/unknown/*", "f", "1");
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/mix", "c", "x"); // 'c' (char) is not supported
        oscsend("127.0.0.1", String.valueOf(port), "/zoomorph/mix", "f", "nan");
        UdpSender.await(() -> "liblo's messages, have " + controls + adapter.stats() + server.stats(), TIMEOUT,
            () -> controls.size() == 3 && adapter.stats().unmatched() == 1
                && server.stats().malformed() == 1 && server.stats().nonFinite() == 1,
            () -> {});
      } finally {
        dispatch.dispose();
      }
    }
    assertThat(controls.get(0)).isEqualTo(ControlMessage.of("/zoomorph/latent/3", 0.5f));
    assertThat(controls.get(1)).isEqualTo(ControlMessage.of("/zoomorph/latent/3", 2));
    // Nil and impulse carry no value; the rest arrive as they were sent.
    assertThat(controls.get(2)).isEqualTo(ControlMessage.of("/zoomorph/mix", -7, 123456789012L, 0.125, "hello world",
        true, false));
  }

  @Test
  void ourBytesAreLiblosBytes() {
    assertThat(OscCodec.encode(OscMessage.of("/zoomorph/latent/3", 0.5f)))
        .isEqualTo(oscsend("-", "/zoomorph/latent/3", "f", "0.5"));
    assertThat(OscCodec.encode(OscMessage.of("/a/b", 1, -2L, "xyz", 1.5, true, false, OscMarker.NIL,
        OscMarker.IMPULSE, 3.25f, "")))
        .isEqualTo(oscsend("-", "/a/b", "ihsdTFNIfs", "1", "-2", "xyz", "1.5", "3.25", ""));
    assertThat(OscCodec.encode(OscMessage.of("/empty"))).isEqualTo(oscsend("-", "/empty", ""));
  }

  @Test
  void oscdumpReadsOurNestedBundlesAndTimeTags(@TempDir Path dir) throws Exception {
    int port = freeUdpPort();
    Path output = dir.resolve("oscdump.txt");
    Process oscdump = new ProcessBuilder(tool("oscdump"), "-L", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    OscBundle bundle = OscBundle.of(OscTimeTag.of(Instant.parse("1970-01-01T00:00:00Z")),
        OscMessage.of("/zoomorph/latent/3", 0.5f, 7, "x"),
        OscBundle.of(OscTimeTag.of(Instant.parse("1970-01-01T00:00:01.5Z")), OscMessage.of("/zoomorph/seed", 42L)));
    try (UdpSender sender = new UdpSender(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      // oscdump says nothing until it has a message, so keep sending until its output shows up.
      UdpSender.await(() -> "oscdump's output", TIMEOUT, () -> read(output).lines().count() >= 2,
          () -> sender.send(bundle));
    } finally {
      oscdump.destroy();
      oscdump.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> lines = read(output).lines().toList();
    assertThat(lines.get(0)).isEqualTo("83aa7e80.00000000 /zoomorph/latent/3 fis 0.500000 7 \"x\"");
    assertThat(lines.get(1)).isEqualTo("83aa7e81.80000000 /zoomorph/seed h 42");
  }

  /** Runs oscsend; with "-" as the target it returns the packet bytes it writes to standard output. */
  private static byte[] oscsend(String... arguments) {
    List<String> command = new ArrayList<>(List.of(tool("oscsend")));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("oscsend " + String.join(" ", arguments) + " failed");
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The path of a liblo tool; fails (never skips) when the Debian package is missing. */
  private static String tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(name + " is not on the PATH: install the Debian package liblo-tools "
        + "(apt-get install liblo-tools)");
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
