package dev.zoomorph.server;

import dev.zoomorph.web.ViewerServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zoomorph service}: the systemd unit that keeps {@code zoomorph serve} running on a gallery machine, printed or
 * installed for the current user (docs/gallery.md).
 *
 * <p>Why the unit checks health with {@code ExecStartPost} rather than systemd's watchdog: the watchdog wants
 * {@code sd_notify("WATCHDOG=1")}, a datagram on the Unix socket {@code $NOTIFY_SOCKET}, and Java 17 has Unix sockets
 * only for streams ({@code UnixDomainSocketAddress} works with {@code SocketChannel}, not {@code DatagramChannel}), so
 * it would take a native library (JNA, junixsocket) or a helper process ({@code systemd-notify}, which systemd 252
 * attributes to the wrong process unless {@code NotifyAccess=all}, and only while it is still alive). Instead the
 * process watches itself: the render watchdog restarts a stalled render loop, and when that does not help {@code
 * serve} exits with status 70, which {@code Restart=always} answers with a fresh process; {@code ExecStartPost} runs
 * {@code zoomorph health}, so a start counts only once the show renders frames, and a start that never gets there is
 * retried too.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
        "Prints a systemd unit that keeps `zoomorph serve` running, for a gallery machine.",
        "The service is restarted whenever it stops or its render loop stalls for good, counts as started once"
            + " /health answers, and logs to the journal. --install writes it for the current user"
            + " (~/.config/systemd/user/NAME.service). Serve's options follow `--`, e.g.",
        "  zoomorph service --install -- --preset drift --window --fullscreen",
        "See docs/gallery.md."})
final class ServiceCommand implements Callable<Integer> {
  /** Set by the {@code zoomorph} launcher to its own path, which the unit runs. */
  static final String LAUNCHER = "ZOOMORPH_LAUNCHER";
  /** How long the health check waits for the first frame; a first start may build the project and load models. */
  static final int START_SECONDS = 300;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@+-]+");

  private final Map<String, String> environment;

  @Spec
  private CommandSpec spec;

  @Option(names = "--install", description = "Write the unit for the current user instead of printing it.")
  private boolean install;

  @Option(names = "--name", defaultValue = "zoomorph", paramLabel = "NAME",
      description = "The unit's name, NAME.service (default: ${DEFAULT-VALUE}).")
  private String name;

  @Option(names = "--port", defaultValue = "" + ShowBuilder.DEFAULT_HTTP_PORT,
      description = "Serve's HTTP port, which the health check asks (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = ShowBuilder.DEFAULT_HOST,
      description = "Serve's address (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the show to the network).")
  private String host;

  @Parameters(paramLabel = "SERVE_OPTION", description = "Options for `zoomorph serve`, after `--`.")
  private List<String> serveOptions = new ArrayList<>();

  /** Reads the launcher's path and the user's folders from the process's environment; picocli's constructor. */
  ServiceCommand() {
    this(System.getenv());
  }

  /** Reads {@value #LAUNCHER}, {@code XDG_CONFIG_HOME} and {@code HOME} from {@code environment}. */
  ServiceCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]*")) {
      throw new ParameterException(spec.commandLine(), "--name must be a unit name (letters, digits, _ . @ -), was '"
          + name + "'");
    }
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535 (the health check needs"
          + " a fixed port), was " + port);
    }
    for (String option : List.of("--port", "--host")) {
      if (serveOptions.stream().anyMatch(o -> o.equals(option) || o.startsWith(option + "="))) {
        throw new ParameterException(spec.commandLine(), "give " + option + " to service itself (before `--`): the"
            + " health check needs it too");
      }
    }
    checkServeOptions();
    String unit = unit();
    PrintWriter out = spec.commandLine().getOut();
    if (!install) {
      out.print(unit);
      out.flush();
      return 0;
    }
    Path file = userUnits().resolve(name + ".service");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, unit);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    out.printf("Wrote %s. Start it now and at every boot with:%n", file);
    out.printf("  systemctl --user daemon-reload && systemctl --user enable --now %s%n", name);
    out.printf("  sudo loginctl enable-linger %s   # start at boot, before anyone logs in%n",
        environment.getOrDefault("USER", "$USER"));
    out.printf("Logs: journalctl --user -u %s -f%n", name);
    out.flush();
    return 0;
  }

  /**
   * Refuses serve options that serve would refuse (an unknown option, a bad value, a preset or playlist that does not
   * load), with serve's message: a unit holding them would restart a failing serve every ten seconds, for ever. They
   * are checked from this folder, which the unit runs in.
   */
  private void checkServeOptions() {
    List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port)));
    args.addAll(serveOptions);
    ServeCommand serve = new ServeCommand();
    try {
      new CommandLine(serve).parseArgs(args.toArray(String[]::new));
      serve.checked();
    } catch (ParameterException e) {
      throw new ParameterException(spec.commandLine(), "the serve options after `--`: " + e.getMessage(), e);
    }
  }

  /** The unit file's text. */
  String unit() {
    List<String> launcher = launcher();
    List<String> serve = new ArrayList<>(launcher);
    serve.addAll(List.of("serve", "--host", host, "--port", Integer.toString(port)));
    serve.addAll(serveOptions);
    List<String> health = new ArrayList<>(launcher);
    String checked = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    health.addAll(List.of("health", "--url", "http://" + (checked.contains(":") ? "[" + checked + "]" : checked)
        + ":" + port + ViewerServer.HEALTH, "--wait", Integer.toString(START_SECONDS)));
    boolean window = serveOptions.contains("--window");
    return String.join("\n",
        "# Written by `zoomorph service`; see docs/gallery.md.",
        "[Unit]",
        "Description=Zoomorph live show (zoomorph serve)",
        window ? "After=graphical-session.target" : "Wants=network-online.target",
        window ? "PartOf=graphical-session.target" : "After=network-online.target",
        "# A gallery has nobody to reset a start limit: keep trying however often it fails.",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=exec",
        "# Relative paths in serve's options mean what they meant where the unit was written.",
        "WorkingDirectory=" + Path.of("").toAbsolutePath().toString().replace("%", "%%"),
        "ExecStart=" + commandLine(serve),
        "# The start counts once the show renders frames (/health answers 200).",
        "ExecStartPost=" + commandLine(health),
        "# Whenever it stops, crashes, fails to start, or exits because its render loop stalled for good (status 70).",
        "Restart=always",
        "RestartSec=10",
        "# A first start may build the project and load the models.",
        "TimeoutStartSec=" + (START_SECONDS + 60),
        "TimeoutStopSec=60",
        "# Logs go to the journal, which rotates them (journald.conf: SystemMaxUse=, MaxRetentionSec=).",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=" + name,
        "",
        "[Install]",
        "WantedBy=" + (window ? "graphical-session.target" : "default.target"),
        "");
  }

  /** The launcher's path, or (outside the launcher) this JVM with its class path. */
  private List<String> launcher() {
    String path = environment.get(LAUNCHER);
    if (path != null && !path.isBlank()) {
      return List.of(Path.of(path).toAbsolutePath().toString());
    }
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName());
  }

  /** Where systemd looks for the user's units. */
  private Path userUnits() {
    String config = environment.get("XDG_CONFIG_HOME");
    if (config != null && !config.isBlank()) {
      return Path.of(config, "systemd", "user");
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException("neither XDG_CONFIG_HOME nor HOME is set: cannot tell where the user's units"
          + " go; print the unit instead (without --install)");
    }
    return Path.of(home, ".config", "systemd", "user");
  }

  /** A command line as systemd parses it: words quoted where needed, {@code %} and {@code $} escaped. */
  static String commandLine(List<String> words) {
    return words.stream().map(ServiceCommand::quoted).collect(Collectors.joining(" "));
  }

  private static String quoted(String word) {
    String escaped = word.replace("%", "%%").replace("$", "$$");
    if (PLAIN.matcher(word).matches()) {
      return escaped;
    }
    return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
