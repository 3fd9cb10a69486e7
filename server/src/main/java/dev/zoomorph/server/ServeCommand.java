package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.GlUnavailableException;
import dev.zoomorph.render.WindowOptions;
import dev.zoomorph.render.WindowOutput;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
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
        "Controlled by OSC over UDP (OSCQuery at /osc), MIDI (--midi) and the HTTP API under /api, whose changes",
        "need the token (--token, or a random one printed at start-up). See docs/http-api.md.",
        "Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.",
        "With --window the output is also shown on screen (F11 or F: fullscreen; Esc or Q: stop)."})
final class ServeCommand implements Callable<Integer> {

  /** How often the command checks whether the window's viewer asked to quit. */
  private static final Duration WINDOW_POLL = Duration.ofMillis(100);

  private final Function<WindowOptions, WindowOutput> windowOpener;

  /** Opens real windows; picocli's constructor. */
  ServeCommand() {
    this(WindowOutput::open);
  }

  /** Opens the {@code --window} output with {@code windowOpener} (tests keep a handle on the window). */
  ServeCommand(Function<WindowOptions, WindowOutput> windowOpener) {
    this.windowOpener = windowOpener;
  }

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the show to the network).")
  private String host;

  @Option(names = "--size", defaultValue = "512x512", converter = FrameSize.Converter.class,
      description = "Frame size WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  private FrameSize size;

  @Option(names = "--fps", defaultValue = "30", description = "Frames per second, 1 to 240 (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Bundled preset name, or a preset .json or .yaml file, to play (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "CPPN backend: auto (the faster on this machine), gl or tensorflow (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Secret the HTTP control API requires (Authorization: Bearer TOKEN); default: a random one, "
          + "printed at start-up.")
  private @Nullable String token;

  @Option(names = "--osc-port", defaultValue = "9000", paramLabel = "PORT",
      description = "UDP port for OSC control, on the --host address; 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int oscPort;

  @Option(names = "--no-osc", description = "No OSC input.")
  private boolean noOsc;

  @Option(names = "--midi", paramLabel = "NAME",
      description = "MIDI input to control the show with (its name or part of it; `zoomorph midi` lists them). "
          + "Its clock sets the tempo. Reopened when it is plugged back in.")
  private @Nullable String midi;

  @Option(names = "--preset-dir", defaultValue = "presets",
      description = "Where POST /api/preset/save writes presets (default: ${DEFAULT-VALUE}); play one again with"
          + " --preset DIR/NAME.json.")
  private Path presetDir;

  @Option(names = "--window",
      description = "Also show the live output in a window (vsync, resizable; F11 or F toggles fullscreen, Esc or Q "
          + "stops serve). Without it serve stays headless.")
  private boolean window;

  @Option(names = "--monitor", paramLabel = "N", defaultValue = "0",
      description = "Monitor for the window's fullscreen, 0 = primary (default: ${DEFAULT-VALUE}); needs --window.")
  private int monitor;

  @Option(names = "--fullscreen", description = "Start the window fullscreen on --monitor; needs --window.")
  private boolean fullscreen;

  @Option(names = "--publish", paramLabel = "URL",
      description = "Also publish every frame to NATS, nats://HOST:PORT/SUBJECT (tls:// for TLS), for `zoomorph relay`"
          + " to serve; credentials in the URL or ZOOMORPH_NATS_TOKEN (see docs/relay.md). Frames are dropped, not"
          + " queued, while NATS is slow or down.")
  private @Nullable String publish;
  private @Nullable NatsAddress publishTo;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    // The window first: without a display, fail before anything listens or renders.
    @Nullable WindowOutput output = window ? openWindow() : null;
    LiveServer live;
    try {
      Show show;
      try {
        show = Shows.fromPreset(preset, size, fps, backend);
      } catch (IllegalArgumentException | PresetException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      live = startLive(show, show.controls());
    } catch (RuntimeException e) {
      if (output != null) {
        output.close();
      }
      throw e;
    }
    if (output != null) {
      // Frames arrive on the render thread; show() only swaps a reference, so the loop never waits for the window.
      live.renderLoop().frames().subscribe(output::show);
    }
    @Nullable NatsPublisher publisher = publishTo == null ? null : publisher(live, publishTo);
    Runnable stop = stopper(live, output, publisher);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "zoomorph-shutdown"));
    if (output == null) {
      live.awaitClose();
      return 0;
    }
    while (!live.awaitClose(WINDOW_POLL) && !output.closeRequested()) {
      // GLFW reports keys on the window's render thread; polling its flag keeps that thread free of server work.
    }
    stop.run(); // the same stop as Ctrl-C's; nothing left to do if that already ran
    return 0;
  }

  /** Stops serving, then closes the window (once the render loop no longer feeds it); runs once. */
  private Runnable stopper(LiveServer live, @Nullable WindowOutput output, @Nullable NatsPublisher publisher) {
    AtomicBoolean stopped = new AtomicBoolean();
    return () -> {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      if (publisher != null) {
        publisher.close();
      }
      live.close();
      if (output != null) {
        output.close();
      }
      spec.commandLine().getErr().println("zoomorph serve: stopped");
      spec.commandLine().getErr().flush();
    };
  }

  /** Publishes the show's JPEGs to {@code --publish}, off the render thread (see {@link NatsPublisher}). */
  private NatsPublisher publisher(LiveServer live, NatsAddress to) {
    NatsPublisher publisher = new NatsPublisher(to, live.jpegs());
    spec.commandLine().getOut().printf("Publishing frames to NATS at %s%n", to);
    spec.commandLine().getOut().flush();
    return publisher;
  }

  private WindowOutput openWindow() {
    WindowOptions options = new WindowOptions("zoomorph: " + preset, size.width(), size.height(), monitor,
        fullscreen);
    try {
      return windowOpener.apply(options);
    } catch (GlUnavailableException e) {
      if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
        throw new IllegalStateException("--window needs a display, but neither DISPLAY nor WAYLAND_DISPLAY is set"
            + " (leave out --window to serve headless)", e);
      }
      throw new IllegalStateException("--window: " + e.getMessage(), e);
    }
  }

  /**
   * Starts {@code show} live on the options' host and ports, controlled through {@code controls}, and prints where
   * to find it. On failure closes the show and throws with a message naming the option at
   * fault; nothing is left running.
   */
  LiveServer startLive(Show show, ControlSurface controls) {
    LiveServer live;
    ControlOptions options = controlOptions(show);
    try {
      live = LiveServer.start(show, controls, host, port, options);
    } catch (RuntimeException e) {
      show.close();
      throw explained(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    String base = "http://" + live.host() + ":" + live.port();
    out.printf("Playing '%s' at %s, %.0f fps: %s/  (Ctrl-C stops)%n", preset, size, fps, base);
    ControlInputs inputs = live.controls();
    if (inputs != null) {
      out.printf("Control API: %s/api/state; changes need the token %s%n", base,
          token == null ? options.token().value() + " (random; --token sets one)" : "given with --token");
      InetSocketAddress osc = inputs.oscAddress();
      if (osc != null) {
        out.printf("OSC: udp://%s:%d (OSCQuery: %s/osc)%n", osc.getAddress().getHostAddress(), osc.getPort(), base);
      }
      ControlInputs.MidiStats midiStats = inputs.midiStats();
      if (midiStats != null) {
        out.printf("MIDI: '%s'%n", midiStats.device());
      }
    }
    out.flush();
    return live;
  }

  private ControlOptions controlOptions(Show show) {
    return new ControlOptions(token == null ? ApiToken.random() : new ApiToken(token),
        noOsc ? OptionalInt.empty() : OptionalInt.of(oscPort), midi, show.controls().preset().midi(),
        (name, bindings) -> savePreset(show, name, bindings));
  }

  /** Writes the playing preset, with the MIDI bindings in force, to {@code --preset-dir}/NAME.json. */
  private String savePreset(Show show, @Nullable String name, List<MidiBinding> bindings) {
    Preset playing = show.controls().preset().withMidi(bindings);
    Preset saved = name == null ? playing : playing.withName(name);
    Path file = presetDir.resolve(saved.name() + ".json");
    Presets.write(saved, file);
    return file.toString();
  }

  /** Start-up failures with the option to change in the message. */
  private RuntimeException explained(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("OSC server")) {
      return new IllegalStateException(message + " (choose another --osc-port, or --no-osc)", e);
    }
    if (message.contains("MIDI")) {
      return new ParameterException(spec.commandLine(), "--midi " + midi + ": " + message, e);
    }
    if (message.startsWith("cannot listen on")) {
      return new IllegalStateException(message + " (choose another --port)", e);
    }
    return e;
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
    if (token != null) {
      try {
        new ApiToken(token);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--token: " + e.getMessage());
      }
    }
    if (monitor < 0) {
      throw new ParameterException(spec.commandLine(), "--monitor must be 0 or more, was " + monitor);
    }
    if (!window && (fullscreen || monitor != 0)) {
      throw new ParameterException(spec.commandLine(), "--monitor and --fullscreen need --window");
    }
    if (host.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--host must not be empty");
    }
    if (publish != null) {
      try {
        publishTo = NatsAddress.parse(publish, System.getenv());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--publish: " + e.getMessage(), e);
      }
    }
  }
}
