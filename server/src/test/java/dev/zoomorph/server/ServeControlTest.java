package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.RenderBackends;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import reactor.core.scheduler.Schedulers;

/**
 * {@code serve}'s control options wired end to end: a real {@code oscsend} (Debian liblo-tools) to the OSC port that
 * {@code serve} opened changes what {@code /api/state} and OSCQuery report; and start-up failures are clear and leave
 * nothing running.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeControlTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final StringWriter out = new StringWriter();
  private final TestSurface surface = new TestSurface(4);

  private ServeCommand serve(String... args) {
    CommandLine commandLine = new CommandLine(new ServeCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.parseArgs(args);
    return commandLine.getCommand();
  }

  @Test
  void oscsendToServesOscPortChangesTheStateSeenOverHttp() throws Exception {
    try (LiveServer live = serve("--port", "0", "--osc-port", "0", "--token", "letmein")
        .startLive(TestShows.noise(16, 16, 10), surface)) {
      int oscPort = live.controls().oscAddress().getPort();
      assertThat(out.toString())
          .contains("http://127.0.0.1:" + live.port() + "/")
          .contains("OSC: udp://127.0.0.1:" + oscPort)
          .contains("token given with --token")
          .doesNotContain("letmein");
      ApiClient api = new ApiClient(live.port());

      OscSend.send(oscPort, "/zoomorph/zoom", "f", "12.5");
      OscSend.send(oscPort, "/zoomorph/latent/{1,2}", "d", "-7");
      OscSend.send(oscPort, "/zoomorph/hold", "T");
      OscSend.send(oscPort, "/zoomorph/preset", "s", "drift");
      OscSend.send(oscPort, "/zoomorph/tap", "");
      OscSend.send(oscPort, "/zoomorph/unknown", "f", "1");
      Polling.await(() -> surface.applied.get() == 6 && api.get("/api/state").json()
          .at("/inputs/osc/unknownAddress").asLong() == 1, TIMEOUT, () -> api.get("/api/state").body());

      JsonNode state = api.get("/api/state").json();
      assertThat(state.get("preset").asText()).isEqualTo("drift");
      assertThat(state.at("/parameters/~1zoomorph~1zoom/0").asDouble()).isEqualTo(12.5);
      assertThat(state.at("/parameters/~1zoomorph~1latent~11/0").asDouble()).isEqualTo(-3.0);
      assertThat(state.at("/parameters/~1zoomorph~1latent~12/0").asDouble()).isEqualTo(-3.0);
      assertThat(state.at("/parameters/~1zoomorph~1hold/0").asBoolean()).isTrue();
      assertThat(state.at("/inputs/osc/accepted").asLong()).isEqualTo(6);
      assertThat(surface.taps.get()).isEqualTo(1);
      assertThat(api.get("/osc/zoomorph/zoom?VALUE").json().at("/VALUE/0").asDouble()).isEqualTo(12.5);
      assertThat(api.post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [3]}",
          ApiClient.bearer("letmein")).status()).isEqualTo(200);
    }
  }

  @Test
  void aFractionalFrameRateIsPlayedAndPrintedAsGiven() {
    CommandLine commandLine = new CommandLine(new ServeCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.parseArgs("--port", "0", "--no-osc", "--size", "16x16", "--fps", "2.5");
    double fps = commandLine.getCommandSpec().findOption("--fps").<Double>getValue();
    ServeCommand command = commandLine.getCommand();
    try (LiveServer live = command.startLive(TestShows.noise(16, 16, fps), surface)) {
      assertThat(out.toString()).contains("at 16x16, 2.5 fps: http://127.0.0.1:" + live.port() + "/");
      // The frame clock keeps fractional rates: a frame every 400 ms, not 3 a second.
      Polling.await(() -> live.renderLoop().frameCount() >= 6, TIMEOUT, () -> "frames: " + live.renderLoop()
          .frameCount());
      assertThat(live.renderLoop().fps()).isCloseTo(2.5, within(0.2));
    }
    assertThat(serveOutput("--fps", "30")).contains(", 30 fps: ");
  }

  /** What serve prints at start-up with {@code args}. */
  private String serveOutput(String... args) {
    out.getBuffer().setLength(0);
    String[] all = Stream.concat(Stream.of("--port", "0", "--no-osc"), Arrays.stream(args)).toArray(String[]::new);
    try (LiveServer live = serve(all).startLive(TestShows.noise(16, 16, 10), surface)) {
      return out.toString();
    }
  }

  @Test
  void aRandomTokenIsPrintedAndWorks() {
    try (LiveServer live = serve("--port", "0", "--no-osc").startLive(TestShows.noise(16, 16, 10), surface)) {
      String printed = out.toString().replaceAll("(?s).*changes need the token (\\S+) \\(random.*", "$1");
      assertThat(printed).hasSizeGreaterThan(20).doesNotContain(" ");
      ApiClient api = new ApiClient(live.port());
      String body = "{\"address\": \"/zoomorph/zoom\", \"args\": [5]}";
      assertThat(api.post("/api/control", body, ApiClient.bearer(printed)).status()).isEqualTo(200);
      assertThat(api.get("/api/state").json().at("/inputs/osc").isNull()).as("--no-osc").isTrue();
      assertThat(api.get("/osc?HOST_INFO").json().has("OSC_PORT")).isFalse();
      assertThat(live.controls().oscAddress()).isNull();
    }
  }

  @Test
  void midiOpensTheNamedDeviceAndArmsLearning() {
    // The JDK's sequencer is a MIDI input every Java runtime has, headless too.
    try (LiveServer live = serve("--port", "0", "--no-osc", "--midi", "real time sequencer", "--token", "t")
        .startLive(TestShows.noise(16, 16, 10), surface)) {
      assertThat(out.toString()).contains("MIDI: 'Real Time Sequencer'");
      ApiClient api = new ApiClient(live.port());
      assertThat(api.post("/api/midi/learn", "{\"target\": \"/zoomorph/zoom\", \"min\": 0.5, \"max\": 64,"
          + " \"curve\": \"exponential\"}", ApiClient.bearer("t")).status()).isEqualTo(202);
      JsonNode midi = api.get("/api/state").json().at("/inputs/midi");
      assertThat(midi.get("device").asText()).isEqualTo("Real Time Sequencer");
      assertThat(midi.get("connected").asBoolean()).isTrue();
      assertThat(midi.get("learning").asBoolean()).isTrue();
    }
  }

  @Test
  void aTakenOscPortFailsClearlyAndLeavesNothingRunning() throws IOException {
    int httpPort = freeTcpPort();
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ClosingShow show = new ClosingShow();
      ServeCommand command = serve("--port", String.valueOf(httpPort), "--osc-port",
          String.valueOf(taken.getLocalPort()));
      assertThatThrownBy(() -> command.startLive(show.show, surface))
          .isInstanceOfSatisfying(ServeException.class,
              e -> assertThat(e.failed()).isEqualTo(ServeException.Cause.OSC_PORT))
          .hasMessageContaining("UDP 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--osc-port");
      assertThat(show.closed).as("the show is closed").isTrue();
    }
    try (ServerSocket http = new ServerSocket(httpPort, 1, InetAddress.getLoopbackAddress())) {
      assertThat(http.getLocalPort()).as("the HTTP port was not left bound").isEqualTo(httpPort);
    }
  }

  @Test
  void aMissingMidiDeviceFailsClearlyAndReleasesTheOscPort() throws IOException {
    int oscPort;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      oscPort = probe.getLocalPort();
    }
    ClosingShow show = new ClosingShow();
    ServeCommand command = serve("--port", "0", "--osc-port", String.valueOf(oscPort), "--midi",
        "no-such-device-zx81");
    assertThatThrownBy(() -> command.startLive(show.show, surface))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--midi no-such-device-zx81: no MIDI input matches 'no-such-device-zx81'");
    assertThat(show.closed).isTrue();
    try (DatagramSocket osc = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), oscPort))) {
      assertThat(osc.getLocalPort()).as("the OSC port was released").isEqualTo(oscPort);
    }
  }

  @Test
  void badControlOptionsAreRefusedByName() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    assertThat(commandLine.execute("serve", "--osc-port", "70000")).isNotZero();
    assertThat(err.toString()).contains("--osc-port must be between 0 and 65535, was 70000");
    assertThat(commandLine.execute("serve", "--token", "two words")).isNotZero();
    assertThat(err.toString()).contains("--token: the API token must be printable ASCII without spaces");
  }

  /** A show whose closing is observed. */
  private static final class ClosingShow {
    volatile boolean closed;
    final Show show = new Show(TestShows.preset("closing", new ModelSpec.RandomCppn(11, 4, 1, 1, 3, 1f),
        new TrajectorySpec.RandomWalk(11, 1)), new FrameSize(8, 8), 10, Schedulers.parallel(),
        model -> RenderBackends.withPostProcessing(new Generator() {
      private final NoiseGenerator noise = new NoiseGenerator();

      @Override
      public int latentSize() {
        return noise.latentSize();
      }

      @Override
      public int channels() {
        return noise.channels();
      }

      @Override
      public Frame render(Latent latent, View view) {
        return noise.render(latent, view);
      }

      @Override
      public void close() {
        closed = true;
      }
    }));
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
