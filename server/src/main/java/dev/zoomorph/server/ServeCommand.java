package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.playlist.PlaylistException;
import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.WindowOptions;
import dev.zoomorph.render.WindowOutput;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph serve}: plays a preset live until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Plays a preset live: a viewer page at /, JPEG frames over a WebSocket at /ws/frames, and /health.",
        "Controlled by OSC over UDP (OSCQuery at /osc), MIDI (--midi), sound (--audio) and the HTTP API under /api,"
            + " whose changes need the token (--token, or a random one printed at start-up). See docs/http-api.md.",
        "Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.",
        "With --window the output is also shown on screen (F11 or F: fullscreen; Esc or Q: stop)."})
final class ServeCommand implements Callable<Integer> {
  /** Exit status when the render loop stalled for good (sysexits' EX_SOFTWARE). */
  static final int STALLED = 70;

  private final Function<WindowOptions, WindowOutput> windowOpener;
  private final Map<String, String> environment;

  /** Opens real windows, reads the process's environment; picocli's constructor. */
  ServeCommand() {
    this(WindowOutput::open, System.getenv());
  }

  /**
   * Opens the {@code --window} output with {@code windowOpener} (tests keep a handle on the window), and reads
   * {@value ApiToken#VARIABLE} and the NATS credentials from {@code environment}.
   */
  ServeCommand(Function<WindowOptions, WindowOutput> windowOpener, Map<String, String> environment) {
    this.windowOpener = windowOpener;
    this.environment = environment;
  }

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", defaultValue = "" + ShowBuilder.DEFAULT_HTTP_PORT,
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = ShowBuilder.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the show to the network).")
  private String host;

  @Option(names = "--size", defaultValue = ShowBuilder.DEFAULT_SIDE + "x" + ShowBuilder.DEFAULT_SIDE,
      converter = FrameSize.Converter.class,
      description = "Frame size WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  private FrameSize size;

  @Option(names = "--fps", defaultValue = "" + ShowBuilder.DEFAULT_FPS,
      description = "Frames per second, 1 to 240; fractions such as 29.97 are kept (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Bundled preset name, or a preset .json or .yaml file, to play (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--playlist", paramLabel = "FILE",
      description = "Play a playlist (JSON or YAML) instead of one preset: presets in turn, shuffled or looped, on a"
          + " schedule of time-of-day windows; see docs/playlists.md. Not with --preset.")
  private @Nullable Path playlist;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "CPPN backend: auto (the faster on this machine), gl or cpu (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Secret the HTTP control API requires (Authorization: Bearer TOKEN); default: the environment's"
          + " " + ApiToken.VARIABLE + ", else a random one, printed at start-up.")
  private @Nullable String token;

  @Option(names = "--osc-port", defaultValue = "" + ShowBuilder.DEFAULT_OSC_PORT, paramLabel = "PORT",
      description = "UDP port for OSC control, on the --host address; 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int oscPort;

  @Option(names = "--no-osc", description = "No OSC input.")
  private boolean noOsc;

  @Option(names = "--midi", paramLabel = "NAME",
      description = "MIDI input to control the show with (its name or part of it; `zoomorph midi list` "
          + "lists them). Its clock sets the tempo. Reopened when it is plugged back in.")
  private @Nullable String midi;

  @Option(names = "--audio", paramLabel = "NAME",
      description = "Sound capture device to react to (its name or part of it, or default; `zoomorph audio list` "
          + "lists them): the preset's audio section binds its features to controls (docs/audio.md). Reopened when it"
          + " comes back.")
  private @Nullable String audio;

  @Option(names = "--audio-osc-out", paramLabel = "[HOST:]PORT",
      description = "Also send the audio features as OSC to HOST:PORT (HOST default 127.0.0.1); needs --audio.")
  private @Nullable String audioOscOut;
  private @Nullable InetSocketAddress audioOscTarget;

  // Not ./presets: in a checkout that is the bundled presets' source folder, which saves must not write into.
  @Option(names = "--preset-dir", defaultValue = "my-presets",
      description = "Where POST /api/preset/save writes presets, and the only folder whose preset files OSC and the"
          + " HTTP API may name, by file or preset name (default: ${DEFAULT-VALUE}, made at the first save); play one"
          + " again with --preset DIR/NAME.json.")
  private Path presetDir;

  @Option(names = "--window",
      description = "Also show the live output in a window (vsync, resizable; F11 or F toggles fullscreen, Esc or Q "
          + "stops serve). Without it serve stays headless.")
  private boolean window;

  @Option(names = "--monitor", paramLabel = "N", defaultValue = "0",
      description = "Monitor for the window's fullscreen, 0 = primary (default: ${DEFAULT-VALUE}); needs --window.")
  private int monitor;

  @Option(names = "--fullscreen", description = "Start the window fullscreen on --monitor as a kiosk: no"
      + " decorations, no cursor, and back on its monitor when that is unplugged and plugged in again; needs --window.")
  private boolean fullscreen;

  @Option(names = "--stall-seconds", paramLabel = "S", defaultValue = "10",
      description = "Restart the render loop when it has shown no frame for S seconds (a hung generator is rebuilt);"
          + " after " + RenderWatchdog.MAX_RESTARTS + " restarts in a row without a frame, serve exits with status "
          + ServeCommand.STALLED + " for its service manager to restart it (default: ${DEFAULT-VALUE}).")
  private double stallSeconds;

  @Option(names = "--publish", paramLabel = "URL",
      description = "Also publish every frame and the state stream to NATS, nats://HOST:PORT/SUBJECT (tls:// for"
          + " TLS), for `zoomorph relay` to serve; credentials in the URL or ZOOMORPH_NATS_TOKEN (see relay/README.md). Frames are dropped, not"
          + " queued, while NATS is slow or down.")
  private @Nullable String publish;
  private @Nullable NatsAddress publishTo;

  @Override
  public Integer call() {
    ShowBuilder builder = checked();
    if (window) {
      builder.window(new WindowOptions("zoomorph", size.width(), size.height(), monitor, fullscreen));
    }
    RunningShow running = start(builder);
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopped.compareAndSet(false, true)) { // Ctrl-C's hook and the end of call() may both get here
        running.close();
        spec.commandLine().getErr().println("zoomorph serve: stopped");
        spec.commandLine().getErr().flush();
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "zoomorph-shutdown"));
    while (!running.awaitStop(Duration.ofDays(1)) && !Thread.currentThread().isInterrupted()) {
      // Ctrl-C closes the show from the shutdown hook; a window's Esc or Q asks for the same stop.
    }
    stop.run();
    return 0;
  }

  /**
   * The show these options describe, checked as far as can be without starting it: the values, and the preset or
   * playlist loaded ({@code zoomorph service} checks a unit's options this way).
   *
   * @throws ParameterException naming the option at fault
   */
  ShowBuilder checked() {
    validate();
    try {
      return (playlist != null ? Zoomorph.playlist(playlist) : Zoomorph.show(preset))
          .size(size.width(), size.height()).fps(fps).backend(backend);
    } catch (PresetException | PlaylistException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Starts {@code builder}'s show with this command's host, ports, MIDI device, token and preset folder, and prints
   * where to find it. On failure nothing is left running, and the message names the option at fault.
   */
  private RunningShow start(ShowBuilder builder) {
    builder.host(host).serve(port).presetDir(presetDir).windowOpener(windowOpener)
        .restartStalledAfter(Duration.ofMillis(Math.round(stallSeconds * 1000)))
        .onUnrecoverableStall(() -> {
          spec.commandLine().getErr().println("zoomorph serve: the render loop stalled and restarting it did not"
              + " help; exiting with status " + STALLED + " so that the service manager starts it afresh");
          spec.commandLine().getErr().flush();
          System.exit(STALLED);
        });
    if (publishTo != null) {
      builder.publish(publishTo);
    }
    if (!noOsc) {
      builder.osc(oscPort);
    }
    if (midi != null) {
      builder.midi(midi);
    }
    if (audio != null) {
      builder.audio(audio);
    }
    if (audioOscTarget != null) {
      builder.audioOscOut(audioOscTarget);
    }
    if (token != null) {
      builder.token(token);
    }
    RunningShow running;
    try {
      running = builder.start();
    } catch (ServeException e) {
      throw explained(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    String base = "http://" + running.httpHost() + ":" + running.httpPort().orElseThrow();
    // As given: the frame clock keeps fractional rates (29.97, 2.5), so rounding would misreport them.
    String rate = fps == Math.rint(fps) ? String.valueOf((long) fps) : String.valueOf(fps);
    out.printf("Playing '%s' at %s, %s fps: %s/  (Ctrl-C stops)%n", playing(), size, rate, base);
    out.printf("Control API: %s/api/state; changes need the token %s%n", base, token == null
        ? running.token() + " (random; --token or " + ApiToken.VARIABLE + " sets one)"
        : spec.commandLine().getParseResult().hasMatchedOption("--token") ? "given with --token"
        : "given in " + ApiToken.VARIABLE);
    InetSocketAddress osc = running.oscAddress();
    if (osc != null) {
      out.printf("OSC: udp://%s:%d (OSCQuery: %s/osc)%n", osc.getAddress().getHostAddress(), osc.getPort(), base);
    }
    if (publishTo != null) {
      out.printf("Publishing frames to NATS at %s%n", publishTo);
    }
    String device = running.midiDevice();
    if (device != null) {
      out.printf("MIDI: '%s'%n", device);
    }
    String listening = running.audioInput();
    if (listening != null) {
      out.printf("Audio: %s%n", listening);
    }
    if (audioOscTarget != null) {
      out.printf("Audio features as OSC to udp://%s:%d%n", audioOscTarget.getHostString(), audioOscTarget.getPort());
    }
    out.flush();
    return running;
  }

  /**
   * Starts {@code show} live as {@link #call} does, controlled through {@code controls} (tests give a test surface),
   * and prints where to find it. On failure closes the show; nothing is left running.
   */
  LiveServer startLive(Show show, ControlSurface controls) {
    return start(new ShowBuilder(show, controls)).server();
  }

  /** {@code [HOST:]PORT}, the host 127.0.0.1 when left out. */
  private InetSocketAddress oscTarget(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? ShowBuilder.DEFAULT_HOST : text.substring(0, colon);
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535 || host.isBlank()) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--audio-osc-out must be [HOST:]PORT with a port of 1 to"
          + " 65535, was '" + text + "'");
    }
  }

  /** What the show plays, as start-up says: the preset, or the playlist file. */
  private String playing() {
    return playlist != null ? "playlist " + playlist : preset;
  }

  /** A start-up failure as the CLI reports it, naming the option to change: as a usage error where it is one. */
  private RuntimeException explained(ServeException e) {
    return e.failed().isUsage() ? new ParameterException(spec.commandLine(), e.commandLineMessage(), e)
        : new ServeException(e.failed(), e.commandLineMessage(), e);
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
    }
    if (!(fps >= 1 && fps <= 240)) {
      throw new ParameterException(spec.commandLine(), "--fps must be between 1 and 240, was " + fps);
    }
    if (oscPort < 0 || oscPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--osc-port must be between 0 and 65535, was " + oscPort);
    }
    if (token == null) {
      token = environment.get(ApiToken.VARIABLE);
    }
    if (token != null) {
      try {
        new ApiToken(token);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), (spec.commandLine().getParseResult()
            .hasMatchedOption("--token") ? "--token: " : ApiToken.VARIABLE + ": ") + e.getMessage());
      }
    }
    if (playlist != null && spec.commandLine().getParseResult().hasMatchedOption("--preset")) {
      throw new ParameterException(spec.commandLine(), "--playlist and --preset cannot be used together");
    }
    if (monitor < 0) {
      throw new ParameterException(spec.commandLine(), "--monitor must be 0 or more, was " + monitor);
    }
    if (!window && (fullscreen || monitor != 0)) {
      throw new ParameterException(spec.commandLine(), "--monitor and --fullscreen need --window");
    }
    if (!(stallSeconds >= 1 && stallSeconds <= 3600)) {
      throw new ParameterException(spec.commandLine(), "--stall-seconds must be between 1 and 3600, was "
          + stallSeconds);
    }
    if (host.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--host must not be empty");
    }
    // Missing is fine (the first save makes it); a file in its place would only be found by a save, with a 500.
    if (Files.exists(presetDir) && !Files.isDirectory(presetDir)) {
      throw new ParameterException(spec.commandLine(), "--preset-dir " + presetDir + " is a file, not a folder");
    }
    if (audioOscOut != null) {
      if (audio == null) {
        throw new ParameterException(spec.commandLine(), "--audio-osc-out needs --audio");
      }
      audioOscTarget = oscTarget(audioOscOut);
    }
    if (publish != null) {
      try {
        publishTo = NatsAddress.parse(publish, environment);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--publish: " + e.getMessage(), e);
      }
    }
  }
}
