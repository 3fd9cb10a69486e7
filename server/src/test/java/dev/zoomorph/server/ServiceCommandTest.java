package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.output.FrameSize;
import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.render.Backend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code zoomorph service} writes a unit systemd accepts; {@code zoomorph health} tells a rendering show apart. */
@Timeout(120)
class ServiceCommandTest {
  /** The repository's launcher, which the unit runs. */
  private static final Path LAUNCHER = Path.of("..", "zoomorph").toAbsolutePath().normalize();

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theUnitRestartsAlwaysChecksHealthAfterStartLogsToTheJournalAndSystemdAcceptsIt() throws Exception {
    Path preset = Files.createDirectories(dir.resolve("my presets")).resolve("dunes.json");
    Files.writeString(preset, """
        {"name": "dunes", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 8, "depth": 2,
         "channels": 3, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2}}
        """);
    Run printed = run(new ServiceCommand(Map.of(ServiceCommand.LAUNCHER, LAUNCHER.toString())), "--port", "8123",
        "--", "--preset", preset.toString(), "--fps", "25");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    String unit = printed.out();
    assertThat(unit)
        .contains("ExecStart=" + LAUNCHER + " serve --host 127.0.0.1 --port 8123 --preset \"" + preset + "\""
            + " --fps 25\n")
        .contains("WorkingDirectory=" + Path.of("").toAbsolutePath() + "\n")
        .contains("ExecStartPost=" + LAUNCHER + " health --url http://127.0.0.1:8123/health --wait 300\n")
        .contains("Restart=always\n")
        .contains("StartLimitIntervalSec=0\n")
        .contains("StandardError=journal\n")
        .contains("WantedBy=default.target\n")
        .contains("EnvironmentFile=-%E/zoomorph/zoomorph.env\n")
        .as("a user's service manager has no network-online.target").doesNotContain("network-online");
    assertThat(printed.err()).contains("reads serve's control token from ~/.config/zoomorph/zoomorph.env, which"
        + " --install makes");

    assertSystemdAccepts(unit, "zoomorph.service");
  }

  /** systemd's own check of {@code unit}, written as {@code fileName}, finds nothing to say about it. */
  private void assertSystemdAccepts(String unit, String fileName) throws Exception {
    Path file = Files.writeString(dir.resolve(fileName), unit);
    Process verify = new ProcessBuilder("systemd-analyze", "verify", file.toString()).redirectErrorStream(true)
        .start();
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.exitValue()).as(said).isZero();
    assertThat(said.lines().filter(line -> line.contains(fileName))).as("systemd's complaints").isEmpty();
  }

  @Test
  void withRelayTheUnitKeepsARelayRunningAndSystemdAcceptsIt() throws Exception {
    Run printed = run(new ServiceCommand(Map.of(ServiceCommand.LAUNCHER, LAUNCHER.toString(),
        NatsAddress.TOKEN_VARIABLE, "s3cret")), "--relay", "--host", "0.0.0.0", "--port", "8124", "--",
        "--from", "nats://127.0.0.1:4222/show");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    String unit = printed.out();
    assertThat(unit)
        .contains("Description=Zoomorph relay (zoomorph relay)\n")
        .contains("ExecStart=" + LAUNCHER + " relay --host 0.0.0.0 --port 8124 --from nats://127.0.0.1:4222/show\n")
        .contains("Restart=always\n")
        .contains("SyslogIdentifier=zoomorph-relay\n")
        .doesNotContain("ExecStartPost").doesNotContain("s3cret").doesNotContain("EnvironmentFile");
    assertThat(printed.err()).as("the token in this shell does not reach the unit, and it says so")
        .contains("the unit does not carry ZOOMORPH_NATS_TOKEN from this shell")
        .contains("systemctl --user edit zoomorph-relay");

    assertSystemdAccepts(unit, "zoomorph-relay.service");

    // Options the relay would refuse are refused now, with its message, and no unit is written.
    for (String[] bad : new String[][] {{}, {"--from", "http://127.0.0.1/show"}, {"--bogus"}}) {
      Run refused = run(new ServiceCommand(Map.of()), Stream.concat(Stream.of("--relay", "--"), Stream.of(bad))
          .toArray(String[]::new));
      assertThat(refused.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(refused.out()).as("no unit printed").isEmpty();
      assertThat(refused.err()).startsWith("the relay options after `--`: ");
    }
    assertThat(run(new ServiceCommand(Map.of()), "--relay").err()).contains("Missing required option: '--from=URL'");

    Run publishing = run(new ServiceCommand(Map.of(NatsAddress.USER_VARIABLE, "show")), "--", "--publish",
        "nats://127.0.0.1:4222/show");
    assertThat(publishing.exitCode()).as(publishing.err()).isZero();
    assertThat(publishing.err()).as("serve --publish reads the same variables")
        .contains("the unit does not carry ZOOMORPH_NATS_USER from this shell");
  }

  @Test
  void installWritesTheUnitForTheCurrentUser() throws Exception {
    Path config = dir.resolve("config");
    Run installed = run(new ServiceCommand(Map.of(ServiceCommand.LAUNCHER, LAUNCHER.toString(), "XDG_CONFIG_HOME",
        config.toString(), "USER", "gallery")), "--install", "--name", "hall-2", "--", "--window", "--fullscreen");
    assertThat(installed.exitCode()).as(installed.err()).isZero();
    Path unit = config.resolve("systemd/user/hall-2.service");
    assertThat(installed.out()).contains("Wrote " + unit).contains("systemctl --user enable --now hall-2")
        .contains("loginctl enable-linger gallery");
    assertThat(Files.readString(unit)).contains(" serve --host 127.0.0.1 --port 8080 --window --fullscreen\n")
        .contains("WantedBy=graphical-session.target\n").contains("SyslogIdentifier=hall-2\n")
        .contains("EnvironmentFile=-%E/zoomorph/hall-2.env\n");

    // The control token is made once, owner-only, where the unit's %E/zoomorph/ finds it, and kept: a restart, or
    // installing again, does not lock the control pages out.
    Path tokens = config.resolve("zoomorph/hall-2.env");
    assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String token = Files.readString(tokens).strip().substring(ApiToken.VARIABLE.length() + 1);
    assertThat(Files.readString(tokens)).isEqualTo(ApiToken.VARIABLE + "=" + token + "\n");
    assertThat(installed.out()).contains("The control token, the same at every start (kept in " + tokens + "): "
        + token + "\n");
    Run again = run(new ServiceCommand(Map.of(ServiceCommand.LAUNCHER, LAUNCHER.toString(), "XDG_CONFIG_HOME",
        config.toString())), "--install", "--name", "hall-2.service");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("Wrote " + unit).contains("): " + token + "\n");
    assertThat(Files.readString(unit)).as("NAME.service names the unit NAME").contains("SyslogIdentifier=hall-2\n");

    // serve reads it from the environment the unit gives it.
    ServeCommand serve = new ServeCommand(options -> {
      throw new AssertionError("no window");
    }, Map.of(ApiToken.VARIABLE, token));
    new CommandLine(serve).parseArgs("--port", "0", "--no-osc", "--preset-dir", dir.toString());
    serve.checked();
    Show show = Show.of("default", new FrameSize(16, 16), 10, Backend.CPU);
    try (LiveServer live = serve.startLive(show, show.controls())) {
      ApiClient api = new ApiClient(live.port());
      String tap = "{\"address\": \"/zoomorph/tap\"}";
      assertThat(api.post("/api/control", tap, ApiClient.bearer(token)).status()).isEqualTo(200);
      assertThat(api.post("/api/control", tap, ApiClient.bearer("other")).status()).isEqualTo(401);
    } finally {
      show.close();
    }
    ServeCommand badToken = new ServeCommand(options -> {
      throw new AssertionError("no window");
    }, Map.of(ApiToken.VARIABLE, "two words"));
    CommandLine badLine = new CommandLine(badToken);
    badLine.parseArgs();
    assertThatThrownBy(badToken::checked).hasMessageStartingWith(ApiToken.VARIABLE + ": the API token must be");
  }

  @Test
  void optionsTheHealthCheckNeedsBelongToServiceAndBadOnesAreRefused() {
    for (List<String> args : List.of(List.of("--", "--port", "9090"), List.of("--name", "a b"),
        List.of("--port", "0"))) {
      Run refused = run(new ServiceCommand(Map.of()), args.toArray(String[]::new));
      assertThat(refused.exitCode()).as(String.join(" ", args)).isEqualTo(2);
    }
    assertThat(run(new ServiceCommand(Map.of()), "--", "--port", "9090").err())
        .contains("give --port to service itself");
    // Serve options serve would refuse are refused now, with serve's message, and no unit is written: the service
    // would otherwise restart a failing serve for ever.
    for (String[] bad : new String[][] {{"--bogus"}, {"--preset", "nowhere.json"}, {"--fps", "0"},
        {"--size", "big"}}) {
      Run refused = run(new ServiceCommand(Map.of()), Stream.concat(Stream.of("--"), Stream.of(bad))
          .toArray(String[]::new));
      assertThat(refused.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(refused.out()).as("no unit printed").isEmpty();
      assertThat(refused.err()).startsWith("the serve options after `--`: ");
    }
    assertThat(run(new ServiceCommand(Map.of()), "--", "--bogus").err()).contains("Unknown option: '--bogus'");
    assertThat(run(new ServiceCommand(Map.of()), "--", "--preset", "nowhere.json").err())
        .contains("preset file nowhere.json does not exist");
    assertThat(run(new ServiceCommand(Map.of()), "--", "--fps", "0").err())
        .contains("--fps must be between 1 and 240, was 0.0");
  }

  @Test
  void healthIsZeroForAShowThatRendersAndOneForOneThatDoesNot() {
    try (RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(16, 16).fps(10).serve(0)
        .start()) {
      String url = "http://127.0.0.1:" + show.httpPort().orElseThrow() + "/health";
      Run up = run(new HealthCommand(), "--url", url, "--wait", "60");
      assertThat(up.exitCode()).as(up.err()).isZero();
      assertThat(up.out()).contains("\"status\":\"up\"");
      // The viewer page answers 200 too: a --url that misses /health is not taken for a show that renders.
      String page = "http://127.0.0.1:" + show.httpPort().orElseThrow() + "/";
      Run notHealth = run(new HealthCommand(), "--url", page);
      assertThat(notHealth.exitCode()).isEqualTo(1);
      assertThat(notHealth.err()).startsWith("zoomorph health: " + page + " is down: HTTP 200 but not a show's"
          + " {\"status\": \"up\"} (is --url its /health?): <!DOCTYPE html>");

      show.server().renderLoop().close(); // no more frames
      Run down = run(new HealthCommand(), "--url", url);
      assertThat(down.exitCode()).isEqualTo(1);
      assertThat(down.err()).contains("is down: HTTP 503").contains("\"status\":\"down\"");
    }
  }

  @Test
  void healthSaysInWordsWhyNothingAnswered() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort(); // free once closed: nothing listens there
    }
    String url = "http://127.0.0.1:" + closed + "/health";
    Run nobody = run(new HealthCommand(), "--url", url, "--wait", "1");
    assertThat(nobody.exitCode()).isEqualTo(1);
    assertThat(nobody.err().strip())
        .isEqualTo("zoomorph health: " + url + " is down: no answer (connection refused: nothing listens there)");
  }
}
