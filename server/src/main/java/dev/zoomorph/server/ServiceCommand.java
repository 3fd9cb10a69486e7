package dev.zoomorph.server;

import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.web.ViewerServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zoomorph service}: the systemd unit that keeps {@code zoomorph serve} running on a gallery machine, or with
 * {@code --relay} a {@code zoomorph relay} on a host that serves a show's audience, printed or installed for the
 * current user (docs/gallery.md, relay/README.md).
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
        "Prints a systemd unit that keeps `zoomorph serve` (or `relay`) running, for a gallery machine.",
        "The service is restarted whenever it stops or its render loop stalls for good, counts as started once"
            + " /health answers, and logs to the journal. --install writes it for the current user"
            + " (~/.config/systemd/user/NAME.service). Serve's options follow `--`, e.g.",
        "  zoomorph service --install -- --preset drift --window --fullscreen",
        "With --relay the unit keeps a relay running instead, its options after `--`, for example:",
        "  zoomorph service --relay --install -- --from nats://TOKEN@show-host:4222/show",
        "See docs/gallery.md and relay/README.md."})
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

  @Option(names = "--relay", description = "Keep `zoomorph relay` running instead of serve.")
  private boolean relay;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The unit's name, NAME.service (default: zoomorph, or zoomorph-relay with --relay).")
  private @Nullable String name;

  @Option(names = "--port", defaultValue = "" + ShowBuilder.DEFAULT_HTTP_PORT,
      description = "Serve's (or the relay's) HTTP port, which the health check asks (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = ShowBuilder.DEFAULT_HOST,
      description = "Serve's (or the relay's) address (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes it to the"
          + " network).")
  private String host;

  @Parameters(paramLabel = "OPTION", description = "Options for `zoomorph serve` (or `relay`), after `--`.")
  private List<String> options = new ArrayList<>();

  /** Reads the launcher's path and the user's folders from the process's environment; picocli's constructor. */
  ServiceCommand() {
    this(System.getenv());
  }

  /** Reads {@value #LAUNCHER}, {@code XDG_CONFIG_HOME} and {@code HOME} from {@code environment}. */
  ServiceCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  private boolean given(String option) {
    return options.stream().anyMatch(o -> o.equals(option) || o.startsWith(option + "="));
  }

  /**
   * NATS credentials in this shell's environment do not reach the unit (systemd starts it with its own), and writing
   * them into it would leave the secret in a file others may read: said, with the two ways to give them.
   */
  private void warnOfShellCredentials(String unitName) {
    if (!relay && !given("--publish")) {
      return;
    }
    for (String variable : List.of(NatsAddress.TOKEN_VARIABLE, NatsAddress.USER_VARIABLE,
        NatsAddress.PASSWORD_VARIABLE)) {
      if (environment.containsKey(variable)) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("note: the unit does not carry %s from this shell; put the credentials in the URL, or add"
            + " Environment=%s=... with `systemctl --user edit %s`%n", variable, variable, unitName);
        err.flush();
      }
    }
  }

  /** The command the unit keeps running. */
  private String command() {
    return relay ? "relay" : "serve";
  }

  private String name() {
    if (name == null) {
      return relay ? "zoomorph-relay" : "zoomorph";
    }
    return name.endsWith(".service") ? name.substring(0, name.length() - ".service".length()) : name;
  }

  /**
   * Whether the unit reads serve's API token from {@link #tokenFile}: a random token made at each start would lock
   * the control page out after every restart, and in the unit or its command line it would be readable by others.
   */
  private boolean keepsToken() {
    return !relay && !given("--token");
  }

  /** The token file, in the user's configuration folder, where systemd's {@code %E} finds it. */
  private String tokenFile() {
    return "zoomorph/" + name() + ".env";
  }

  @Override
  public Integer call() {
    String unitName = name();
    if (!unitName.matches("[A-Za-z0-9][A-Za-z0-9_.@-]*")) {
      throw new ParameterException(spec.commandLine(), "--name must be a unit name (letters, digits, _ . @ -), was '"
          + unitName + "'");
    }
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535 (a service needs a"
          + " fixed port), was " + port);
    }
    for (String option : List.of("--port", "--host")) {
      if (given(option)) {
        throw new ParameterException(spec.commandLine(), "give " + option + " to service itself (before `--`)"
            + (relay ? "" : ": the health check needs it too"));
      }
    }
    checkOptions();
    String unit = unit();
    PrintWriter out = spec.commandLine().getOut();
    warnOfShellCredentials(unitName);
    if (!install) {
      out.print(unit);
      out.flush();
      if (keepsToken()) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("note: the unit reads serve's control token from ~/.config/%s, which --install makes; without"
            + " it serve makes a new token at each start%n", tokenFile());
        err.flush();
      }
      return 0;
    }
    Path file = userConfig().resolve("systemd/user/" + unitName + ".service");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, unit);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    out.printf("Wrote %s. Start it now and at every boot with:%n", file);
    if (keepsToken()) {
      Path tokens = userConfig().resolve(tokenFile());
      out.printf("The control token, the same at every start (kept in %s): %s%n", tokens, keptToken(tokens));
    }
    out.printf("  systemctl --user daemon-reload && systemctl --user enable --now %s%n", unitName);
    out.printf("  sudo loginctl enable-linger %s   # start at boot, before anyone logs in%n",
        environment.getOrDefault("USER", "$USER"));
    out.printf("Logs: journalctl --user -u %s -f%n", unitName);
    out.flush();
    return 0;
  }

  /**
   * Refuses options that serve (or the relay) would refuse (an unknown option, a bad value, a preset or playlist that
   * does not load, a NATS address that is not one), with its message: a unit holding them would restart a failing
   * command every ten seconds, for ever. They are checked from this folder, which the unit runs in.
   */
  private void checkOptions() {
    List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port)));
    args.addAll(options);
    try {
      if (relay) {
        RelayCommand relayCommand = new RelayCommand(environment);
        new CommandLine(relayCommand).parseArgs(args.toArray(String[]::new));
        relayCommand.checked();
      } else {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args.toArray(String[]::new));
        serve.checked();
      }
    } catch (ParameterException e) {
      throw new ParameterException(spec.commandLine(), "the " + command() + " options after `--`: "
          + e.getMessage(), e);
    }
  }

  /** The unit file's text. */
  String unit() {
    List<String> launcher = launcher();
    List<String> run = new ArrayList<>(launcher);
    run.addAll(List.of(command(), "--host", host, "--port", Integer.toString(port)));
    run.addAll(options);
    boolean window = options.contains("--window");
    List<String> started = relay
        // A relay's /health is down while the show is (nothing to relay), which is not the relay's fault: its start
        // is not checked, and its NATS client reconnects by itself; it has no render loop to stall.
        ? List.of("# Not checked by /health: it is down while the show is, and the relay waits for it.")
        : List.of("# The start counts once the show renders frames (/health answers 200).",
            "ExecStartPost=" + commandLine(healthCheck(launcher)));
    List<String> lines = new ArrayList<>(List.of(
        "# Written by `zoomorph service`; see " + (relay ? "relay/README.md." : "docs/gallery.md."),
        "[Unit]",
        relay ? "Description=Zoomorph relay (zoomorph relay)" : "Description=Zoomorph live show (zoomorph serve)"));
    if (window) {
      lines.addAll(List.of("After=graphical-session.target", "PartOf=graphical-session.target"));
    }
    // No network-online.target: a user's service manager has none. An address that is not up yet fails the start,
    // which the restarts below try again.
    lines.addAll(List.of(
        "# A gallery has nobody to reset a start limit: keep trying however often it fails.",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=exec",
        "# Relative paths in the options mean what they meant where the unit was written.",
        "WorkingDirectory=" + Path.of("").toAbsolutePath().toString().replace("%", "%%")));
    if (keepsToken()) {
      lines.addAll(List.of("# The control API's token, the same at every start (made by --install, owner-only).",
          "EnvironmentFile=-%E/" + tokenFile()));
    }
    lines.add("ExecStart=" + commandLine(run));
    lines.addAll(started);
    lines.addAll(List.of(
        relay ? "# Whenever it stops, crashes or fails to start."
            : "# Whenever it stops, crashes, fails to start, or exits because its render loop stalled for good (status 70).",
        "Restart=always",
        "RestartSec=10",
        "# A first start may build the project and load the models.",
        "TimeoutStartSec=" + (START_SECONDS + 60),
        "TimeoutStopSec=60",
        "# Logs go to the journal, which rotates them (journald.conf: SystemMaxUse=, MaxRetentionSec=).",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=" + name(),
        "",
        "[Install]",
        "WantedBy=" + (window ? "graphical-session.target" : "default.target"),
        ""));
    return String.join("\n", lines);
  }

  /** {@code zoomorph health}, waiting for the show to render. */
  private List<String> healthCheck(List<String> launcher) {
    List<String> health = new ArrayList<>(launcher);
    String checked = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    health.addAll(List.of("health", "--url", "http://" + (checked.contains(":") ? "[" + checked + "]" : checked)
        + ":" + port + ViewerServer.HEALTH, "--wait", Integer.toString(START_SECONDS)));
    return health;
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

  /**
   * The token in {@code file}, made there first (owner-only, {@value ApiToken#VARIABLE}=TOKEN, as systemd's {@code
   * EnvironmentFile=} reads it) when there is none: installing again keeps the token the control pages know.
   */
  private static String keptToken(Path file) {
    try {
      if (Files.notExists(file)) {
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, ApiToken.VARIABLE + "=" + ApiToken.random().value() + "\n");
      }
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(ApiToken.VARIABLE + "="))
          .map(line -> line.substring(ApiToken.VARIABLE.length() + 1).trim())
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(file + " has no " + ApiToken.VARIABLE + "= line: add one, or"
              + " delete the file for a new token"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the control token in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The user's configuration folder, where systemd looks for the user's units ({@code %E} in a user unit). */
  private Path userConfig() {
    String config = environment.get("XDG_CONFIG_HOME");
    if (config != null && !config.isBlank()) {
      return Path.of(config);
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException("neither XDG_CONFIG_HOME nor HOME is set: cannot tell where the user's units"
          + " go; print the unit instead (without --install)");
    }
    return Path.of(home, ".config");
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
