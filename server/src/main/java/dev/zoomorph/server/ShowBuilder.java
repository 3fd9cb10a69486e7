package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.osc.OscServer;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.trajectory.Followed;
import dev.zoomorph.engine.trajectory.Trajectories;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.playlist.Player;
import dev.zoomorph.playlist.Playlist;
import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.relay.NatsPublisher;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.GlUnavailableException;
import dev.zoomorph.render.WindowOptions;
import dev.zoomorph.render.WindowOutput;
import dev.zoomorph.render.record.FrameFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What a show plays and where it goes, set step by step, then {@link #start started}: its latents (the preset's
 * trajectory, or a {@code Flux<Latent>} of the program's own), frame size and rate, backend, inputs (OSC port, MIDI
 * device; the HTTP API when served) and sinks (served on a port, a window, a file, NATS;
 * {@link RunningShow#frames()} for any other). Made by {@link Zoomorph}. Not thread-safe; each setter returns this builder.
 */
public final class ShowBuilder {

  /** The address the show's servers bind unless told otherwise: loopback, this machine only. */
  public static final String DEFAULT_HOST = OscServer.DEFAULT_HOST;
  /** The HTTP port the command line serves on unless told otherwise. */
  public static final int DEFAULT_HTTP_PORT = 8080;
  /** The OSC port the command line listens on unless told otherwise. */
  public static final int DEFAULT_OSC_PORT = OscServer.DEFAULT_PORT;
  /** The frames' width and height unless told otherwise, live and recorded. */
  public static final int DEFAULT_SIDE = 512;
  /** Frames per second unless told otherwise, live and recorded. */
  public static final int DEFAULT_FPS = 30;
  /** A save name that is a file name in the preset folder: the preset's name and its ending (the format). */
  private static final Pattern PRESET_FILE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)\\.(?i:json|yaml|yml)");

  private final @Nullable Preset preset;
  private final @Nullable Playlist playlist;
  /** The file the playlist was loaded from, followed while the show plays; null for a playlist made in a program. */
  private final @Nullable Path playlistFile;
  /** What that file held when it was loaded. */
  private final byte @Nullable [] playlistLoaded;
  private final @Nullable Show prebuilt;
  private @Nullable ControlSurface surface;
  private @Nullable Flux<Latent> latents;
  private FrameSize size = new FrameSize(DEFAULT_SIDE, DEFAULT_SIDE);
  private double fps = DEFAULT_FPS;
  private Backend backend = Backend.AUTO;
  private String host = DEFAULT_HOST;
  private @Nullable Integer httpPort;
  private OptionalInt oscPort = OptionalInt.empty();
  private @Nullable String midi;
  private @Nullable String audio;
  private @Nullable InetSocketAddress audioOscOut;
  private @Nullable ApiToken token;
  private @Nullable Path presetDir;
  private @Nullable WindowOptions window;
  private @Nullable NatsAddress publishTo;
  private @Nullable Path recordTo;
  private Function<WindowOptions, WindowOutput> windowOpener = WindowOutput::open;
  private LiveServer.Recovery recovery = LiveServer.Recovery.DEFAULT;

  ShowBuilder(Preset preset) {
    this.preset = preset;
    this.playlist = null;
    this.playlistFile = null;
    this.playlistLoaded = null;
    this.prebuilt = null;
  }

  /** A builder of a show that plays {@code playlist}; what it opens with is chosen when it starts. */
  ShowBuilder(Playlist playlist) {
    this.preset = null;
    this.playlist = playlist;
    this.playlistFile = null;
    this.playlistLoaded = null;
    this.prebuilt = null;
  }

  /**
   * A builder of a show that plays {@code playlist}, loaded from {@code file} when it held {@code loaded} (null:
   * unknown), and follows the file's edits while it plays.
   */
  ShowBuilder(Playlist playlist, Path file, byte @Nullable [] loaded) {
    this.preset = null;
    this.playlist = playlist;
    this.playlistFile = file;
    this.playlistLoaded = loaded;
    this.prebuilt = null;
  }

  /** A builder around a show already made (tests give it test generators), controlled through {@code surface}. */
  ShowBuilder(Show show, ControlSurface surface) {
    this.preset = null;
    this.playlist = null;
    this.playlistFile = null;
    this.playlistLoaded = null;
    this.prebuilt = show;
    this.surface = surface;
  }

  /** Plays {@code newLatents} (the newest one each frame) instead of the preset's trajectory. */
  public ShowBuilder latents(Flux<Latent> newLatents) {
    Objects.requireNonNull(newLatents, "latents");
    this.latents = newLatents;
    return this;
  }

  /**
   * The frame size viewers of the served stream get (default 512×512); the generator renders at the preset's
   * {@code renderScale} of it, which is the size {@link RunningShow#frames()} has.
   */
  public ShowBuilder size(int width, int height) {
    this.size = new FrameSize(width, height);
    return this;
  }

  /** Frames per second (default 30), in (0, 1000]. */
  public ShowBuilder fps(double framesPerSecond) {
    if (!(framesPerSecond > 0) || framesPerSecond > 1000) {
      throw new IllegalArgumentException("frame rate must be in (0, 1000], was " + framesPerSecond);
    }
    this.fps = framesPerSecond;
    return this;
  }

  /** The CPPN backend (default {@link Backend#AUTO}: the faster on this machine). */
  public ShowBuilder backend(Backend newBackend) {
    Objects.requireNonNull(newBackend, "backend");
    this.backend = newBackend;
    return this;
  }

  /** The address the HTTP and OSC servers bind (default 127.0.0.1: this machine only). */
  public ShowBuilder host(String newHost) {
    Objects.requireNonNull(newHost, "host");
    if (newHost.isBlank()) {
      throw new IllegalArgumentException("the host must not be empty");
    }
    this.host = newHost;
    return this;
  }

  /**
   * Serves the show over HTTP on {@code port} (0: any free one): the viewer page, the frame WebSocket, the control
   * API (which needs the {@link #token}) and OSCQuery.
   */
  public ShowBuilder serve(int port) {
    this.httpPort = checkPort(port, "HTTP");
    return this;
  }

  /** Takes OSC on UDP {@code port} (0: any free one) on the host's address. */
  public ShowBuilder osc(int port) {
    this.oscPort = OptionalInt.of(checkPort(port, "OSC"));
    return this;
  }

  /** Takes MIDI from the input whose name contains {@code name}; reopened when it is plugged back in. */
  public ShowBuilder midi(String name) {
    Objects.requireNonNull(name, "midi");
    this.midi = name;
    return this;
  }

  /**
   * Listens to the sound capture device whose name contains {@code name} ({@code default} for the system's): its
   * features move the controls the playing preset's {@code audio} section binds them to, and {@code
   * /zoomorph/audio/...} reads them. A device that goes away leaves the features decaying to rest, and is reopened
   * when it is back.
   */
  public ShowBuilder audio(String name) {
    Objects.requireNonNull(name, "audio");
    this.audio = name;
    return this;
  }

  /** Also sends the audio features to {@code target} as OSC bundles (needs {@link #audio}). */
  public ShowBuilder audioOscOut(InetSocketAddress target) {
    Objects.requireNonNull(target, "audioOscOut");
    this.audioOscOut = target;
    return this;
  }

  /** The secret the HTTP control API requires (default: a random one, see {@link RunningShow#token()}). */
  public ShowBuilder token(String secret) {
    Objects.requireNonNull(secret, "token");
    this.token = new ApiToken(secret);
    return this;
  }

  /**
   * Where {@code POST /api/preset/save} writes presets, and the one folder whose preset files OSC and the HTTP API
   * may name (default: saving is not offered, and the network may name bundled presets only). A preset switch from
   * the program ({@code controls().submit}) finds a saved preset's name, or a relative file, in this folder too, and
   * may also name any other file.
   */
  public ShowBuilder presetDir(Path folder) {
    Objects.requireNonNull(folder, "presetDir");
    this.presetDir = folder;
    return this;
  }

  /** Also shows the output in a window (vsync; F11 or F fullscreen, Esc or Q asks to stop). */
  public ShowBuilder window(WindowOptions options) {
    Objects.requireNonNull(options, "window");
    this.window = options;
    return this;
  }

  /**
   * Also publishes every encoded frame and the state stream to NATS at {@code url} ({@code
   * nats://HOST:PORT/SUBJECT}, {@code tls://} for TLS; credentials in the URL or ZOOMORPH_NATS_TOKEN, see
   * relay/README.md), for {@code zoomorph relay} to serve.
   * Frames are dropped, not queued, while NATS is slow or down; the show reconnects by itself.
   *
   * @throws IllegalArgumentException naming what is wrong with the URL (never its secrets)
   */
  public ShowBuilder publish(String url) {
    Objects.requireNonNull(url, "publish");
    return publish(NatsAddress.parse(url, System.getenv()));
  }

  /**
   * Also records the frames as they are shown to {@code file}: a {@code .mp4}, a {@code .gif} or a folder of PNG
   * frames, at the show's frame rate and the preset's render size (see {@link RunningShow#frames()}). Closing the
   * show finalises it; so does the JVM's exit (Ctrl-C, main returning) when the program did not. A live recording keeps what was shown; {@link Zoomorph#record} renders a show offline,
   * frame-exactly, at any size.
   *
   * @throws IllegalArgumentException when the show starts, if the file exists or the folder is not writable
   */
  public ShowBuilder recordTo(Path file) {
    Objects.requireNonNull(file, "recordTo");
    this.recordTo = file;
    return this;
  }

  /**
   * Restarts the render loop when it has produced no frame for {@code stall} (default 10 s; longer for a show whose
   * frames take longer): a generator that hung is given up and rebuilt. {@code /health} reports 503 until frames come
   * again.
   *
   * @throws IllegalArgumentException if not positive
   */
  public ShowBuilder restartStalledAfter(Duration stall) {
    Objects.requireNonNull(stall, "restartStalledAfter");
    if (stall.isZero() || stall.isNegative()) {
      throw new IllegalArgumentException("the stall limit must be positive, was " + stall);
    }
    this.recovery = new LiveServer.Recovery(stall, recovery.retryGlAfter(), recovery.giveUp());
    return this;
  }

  /**
   * After the GL context is lost (a GPU reset) frames are drawn on the CPU, and GL is tried again after
   * {@code wait} (default 60 s), then every {@code wait} until it works.
   *
   * @throws IllegalArgumentException if negative
   */
  public ShowBuilder retryGlAfter(Duration wait) {
    Objects.requireNonNull(wait, "retryGlAfter");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the GL retry interval must not be negative, was " + wait);
    }
    this.recovery = new LiveServer.Recovery(recovery.stallAfter(), wait, recovery.giveUp());
    return this;
  }

  /** Runs {@code giveUp} when restarting a stalled render loop does not bring frames back (serve exits). */
  ShowBuilder onUnrecoverableStall(Runnable giveUp) {
    this.recovery = new LiveServer.Recovery(recovery.stallAfter(), recovery.retryGlAfter(), giveUp);
    return this;
  }

  ShowBuilder publish(NatsAddress address) {
    this.publishTo = address;
    return this;
  }

  /** Opens windows with {@code opener} (tests keep a handle on the window). */
  ShowBuilder windowOpener(Function<WindowOptions, WindowOutput> opener) {
    this.windowOpener = opener;
    return this;
  }

  /** The frame size. */
  public FrameSize size() {
    return size;
  }

  /**
   * The size of the model's latents: what {@link #latents} must give.
   *
   * @throws IllegalStateException for a playlist, whose presets may differ
   */
  public int latentSize() {
    if (playlist != null) {
      throw new IllegalStateException("a playlist's presets may have different latent sizes");
    }
    return prebuilt != null ? prebuilt.controls().preset().model().latentSize()
        : Objects.requireNonNull(preset).model().latentSize();
  }

  /**
   * Starts the show: opens the window first (so a missing display fails before anything listens), builds the
   * generator, binds the ports, opens the MIDI device and starts rendering. On failure nothing is left running.
   *
   * @throws ServeException saying what failed and which setting to change: the HTTP or OSC port, the MIDI device,
   *     the window, the backend, or the preset's model
   */
  public RunningShow start() {
    // The recording's file is checked first: a file in the way fails before anything opens or listens.
    @Nullable FrameFile file = recordTo == null ? null : new FrameFile(recordTo, fps);
    @Nullable WindowOutput output = window == null ? null : openWindow(window);
    Followed followed = null;
    LiveServer live;
    Player player = null;
    Scheduler playlistThread = null;
    try {
      Show show;
      ControlSurface controls;
      if (prebuilt != null) {
        show = prebuilt;
        controls = surface == null ? show.controls() : surface;
      } else if (playlist != null) {
        if (latents != null) {
          throw new IllegalStateException("a playlist plays its presets' trajectories, not latents of a program");
        }
        // The playlist loads presets and builds their generators on its own thread, never the render loop's.
        playlistThread = Schedulers.newSingle("zoomorph-playlist", true);
        player = new Player(playlist, Clock.systemDefaultZone(), playlistThread, System.nanoTime());
        show = openingShow(player);
        controls = show.controls();
        show.controls().attach(player);
      } else {
        Preset playing = Objects.requireNonNull(preset);
        if (latents != null) {
          followed = Trajectories.follow(latents, playing.model().latentSize());
        }
        show = buildShow(playing, followed);
        controls = show.controls();
      }
      ApiToken secret = token == null ? ApiToken.random() : token;
      ControlOptions options = new ControlOptions(secret, oscPort, midi,
          presetDir == null ? null : saver(show, presetDir), presetDir, audio, audioOscOut);
      if (output != null) {
        // The show hands each frame to the window without waiting: its texture when drawn on the window's GL device.
        show.presentIn(output);
      }
      try {
        live = LiveServer.start(show, controls, host, httpPort, options, recovery);
      } catch (RuntimeException e) {
        show.close();
        throw e;
      }
      LiveRecording recording = file == null ? null : new LiveRecording(live.renderLoop().frames(), file);
      // Off the render thread, newest frame only: a slow NATS costs frames on the bus, never the show.
      NatsPublisher publisher = publishTo == null ? null
          : new NatsPublisher(publishTo, live.jpegs(), live.publishedState());
      PlaylistInput playing = player == null ? null
          : new PlaylistInput(player, Objects.requireNonNull(live.controls()).bus(), playlistThread,
              playlistFile == null ? null : PlaylistWatcher.start(playlistFile, playlistLoaded, player));
      return new RunningShow(live, output, followed, publisher, recording, playing, secret);
    } catch (RuntimeException e) {
      if (playlistThread != null) {
        playlistThread.dispose();
      }
      if (output != null) {
        output.close();
      }
      if (followed != null) {
        followed.dispose();
      }
      throw e;
    }
  }

  /**
   * The show the playlist opens with: its first entry that loads and whose model builds (the others are skipped as
   * playing skips them), or the built-in preset when none does.
   */
  private Show openingShow(Player player) {
    Show[] built = new Show[1];
    try {
      player.opening(name -> {
      Preset loaded = Presets.load(name);
      try {
        built[0] = buildShow(loaded, null);
      } catch (ServeException e) {
        if (e.failed() != ServeException.Cause.PRESET) {
          throw new IllegalStateException(e.getMessage(), e); // not the entry's fault: fails the start
        }
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return loaded;
      });
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof ServeException cause) {
        throw cause;
      }
      throw e;
    }
    return Objects.requireNonNull(built[0]);
  }

  private Show buildShow(Preset playing, @Nullable Followed followed) {
    try {
      return new Show(playing, followed, size, fps, Schedulers.parallel(), Show.generators(backend));
    } catch (GlUnavailableException e) {
      throw new ServeException(ServeException.Cause.BACKEND, backend, e.getMessage(), e);
    } catch (PresetException | IllegalArgumentException e) {
      throw new ServeException(ServeException.Cause.PRESET, e.getMessage(), e);
    }
  }

  private WindowOutput openWindow(WindowOptions options) {
    try {
      return windowOpener.apply(options);
    } catch (GlUnavailableException e) {
      if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
        throw new ServeException(ServeException.Cause.WINDOW, null, "needs a display, but neither DISPLAY nor"
            + " WAYLAND_DISPLAY is set (leave the window out to serve headless)", e);
      }
      throw new ServeException(ServeException.Cause.WINDOW, null, e.getMessage(), e);
    }
  }

  /**
   * Writes the playing preset as the controls have it (view, post-processing, tempo, times), with the MIDI bindings in
   * force, to its file in {@code folder}, with the bundled files it names ({@link Presets#save}); a name ending in
   * {@code .json}, {@code .yaml} or {@code .yml} is that file. A bundled preset's name is refused: a saved preset
   * under it would never be played by that name (the bundled one wins), and in a checkout, where the preset folder
   * may be the bundled presets' own, it would overwrite one.
   */
  static PresetSaver saver(Show show, Path folder) {
    return (name, bindings) -> {
      Preset playing = show.controls().presetAsPlayed().withMidi(bindings);
      String presetName = name == null ? playing.name() : name;
      Matcher file = PRESET_FILE.matcher(presetName);
      if (file.matches()) {
        presetName = file.group(1);
      }
      if (Presets.isBundled(presetName)) {
        throw new PresetException(name == null
            ? "the preset playing, '" + presetName + "', is bundled: give the save a name of its own"
            : "'" + presetName + "' is a bundled preset's name: save under another");
      }
      Preset saved = playing.withName(presetName);
      return (file.matches() ? Presets.saveTo(saved, folder.resolve(name)) : Presets.save(saved, folder))
          .toString();
    };
  }

  private static int checkPort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the " + what + " port must be between 0 and 65535, was " + port);
    }
    return port;
  }
}
