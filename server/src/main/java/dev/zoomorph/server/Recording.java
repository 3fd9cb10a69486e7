package dev.zoomorph.server;

import dev.zoomorph.audio.AudioControls;
import dev.zoomorph.audio.AudioTrack;
import dev.zoomorph.audio.FrameFeatures;
import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlTimeline;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.engine.show.FrameClock;
import dev.zoomorph.engine.show.LiveShow;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.FrameRenderer;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.record.FrameSelection;
import dev.zoomorph.render.record.PixelSource;
import dev.zoomorph.render.record.ProgressListener;
import dev.zoomorph.render.record.RecordResult;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Recorder;
import dev.zoomorph.render.record.Shard;
import dev.zoomorph.render.record.Shot;
import dev.zoomorph.render.record.ZoomPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A recording of a show, made by {@link Zoomorph#record}: the show's own composition played on frame-exact time
 * (frame k at k/fps seconds, whatever the machine's speed), optionally driven by a timeline of control messages
 * (preset switches and their crossfades included), rendered at any size to a PNG folder, an MP4 or a GIF; optionally
 * to a sound track, whose features move the show through the preset's audio bindings on the video's own timeline (a
 * music video). The same settings give the same frames. {@code zoomorph record} is built on it.
 *
 * <p>Set it up with the setters, then {@link #prepare()} (checks everything before any work) and {@link #run}.
 * {@link #stop()} (from any thread) finishes the frame under way and leaves a playable file.
 */
public final class Recording {
  /** The file a PNG folder's audio features go to. */
  static final String AUDIO_SIDECAR = "audio.json";
  /** More than a header's rounding or an encoder's padding (tens of milliseconds): sound missing from the file. */
  private static final double MISSING_SOUND_SECONDS = 0.25;
  /** How many frames' features the analysis thread works ahead of the renderer. */
  private static final int AUDIO_PREFETCH = 64;

  /** The preset as loaded, before {@link #seed} replaced its seed: what the manifest names as the preset. */
  private final Preset loaded;
  private Preset preset;
  private int width = ShowBuilder.DEFAULT_SIDE;
  private int height = ShowBuilder.DEFAULT_SIDE;
  private double fps = ShowBuilder.DEFAULT_FPS;
  private @Nullable Double seconds;
  private @Nullable Double zoomFrom;
  private @Nullable Double zoomTo;
  private @Nullable Double centerX;
  private @Nullable Double centerY;
  private @Nullable Double rotation;
  private Backend backend = Backend.AUTO;
  private @Nullable Path controls;
  private @Nullable Path audio;
  private int tileSide = RecordSettings.DEFAULT_TILE_SIDE;
  private FrameSelection frames = Shard.WHOLE;
  private boolean resume;
  private @Nullable Path out;
  private volatile @Nullable Prepared prepared;
  /** A {@link #stop} came, perhaps before {@link #prepare} made the recorder: that one then stops at once. */
  private volatile boolean stopAsked;
  private final AtomicBoolean ran = new AtomicBoolean();

  /**
   * What {@link #prepare()} checked and built.
   *
   * @param backend the backend that draws, resolved (never AUTO): the one the folder's manifest names
   * @param presets every preset the recording can play: the one it starts with and those its timeline switches to
   * @param paletteChanges whether the timeline sets a palette (a grey model's frames may turn colour)
   */
  private record Prepared(Recorder recorder, Backend backend, LiveShow show, @Nullable ControlTimeline timeline,
      @Nullable AudioTrack track, AtomicLong frameTime, List<Preset> presets, boolean paletteChanges) {}

  Recording(Preset preset) {
    this.loaded = preset;
    this.preset = preset;
  }

  /**
   * Frame size (default 512×512), up to 16384 a side.
   *
   * @throws IllegalArgumentException naming the size and its range
   */
  public Recording size(int newWidth, int newHeight) {
    RecordSettings.checkSize(newWidth, newHeight);
    this.width = newWidth;
    this.height = newHeight;
    return this;
  }

  /**
   * Frames per second (default 30), in (0, 1000].
   *
   * @throws IllegalArgumentException naming the rate and its range
   */
  public Recording fps(double framesPerSecond) {
    RecordSettings.checkFps(framesPerSecond);
    this.fps = framesPerSecond;
    return this;
  }

  /**
   * Length (default: the {@link #audio} track's, or 10 s).
   *
   * @throws IllegalArgumentException if not a positive number
   */
  public Recording seconds(double length) {
    RecordSettings.checkSeconds(length);
    this.seconds = length;
    return this;
  }

  /**
   * Magnification from {@code from} to {@code to}, reached exponentially (default: the preset's zoom, held).
   *
   * @throws IllegalArgumentException if either is not a positive number
   */
  public Recording zoom(double from, double to) {
    ZoomPath.checkZoom(from, to);
    this.zoomFrom = from;
    this.zoomTo = to;
    return this;
  }

  /**
   * The plane point zoomed into (default: the preset's centre).
   *
   * @throws IllegalArgumentException if not finite
   */
  public Recording center(double x, double y) {
    ZoomPath.checkCenter(x, y);
    this.centerX = x;
    this.centerY = y;
    return this;
  }

  /**
   * Rotation in degrees, counter-clockwise (default: the preset's).
   *
   * @throws IllegalArgumentException if not finite
   */
  public Recording rotate(double degrees) {
    ZoomPath.checkRotation(degrees);
    this.rotation = degrees;
    return this;
  }

  /** The latent trajectory's seed, replacing the preset's. */
  public Recording seed(long seed) {
    this.preset = preset.withTrajectory(reseeded(preset.trajectory(), seed));
    return this;
  }

  /** The CPPN backend (default {@link Backend#AUTO}). */
  public Recording backend(Backend newBackend) {
    Objects.requireNonNull(newBackend, "backend");
    this.backend = newBackend;
    return this;
  }

  /**
   * A music video: {@code track} (WAV, FLAC, MP3, OGG, …) is analysed on the video's own timeline, frame by frame,
   * and its features move the show as the preset's {@code audio} section binds them (see docs/audio.md); the
   * length defaults to the track's; an MP4 carries the track as AAC, a PNG folder gets the features as
   * {@code audio.json}.
   */
  public Recording audio(Path track) {
    Objects.requireNonNull(track, "audio");
    this.audio = track;
    return this;
  }

  /** A timeline of control messages that plays the show (see docs/control.md "Timelines"). */
  public Recording controls(Path timeline) {
    Objects.requireNonNull(timeline, "controls");
    this.controls = timeline;
    return this;
  }

  /**
   * Frames larger than this many pixels a side render in tiles (default {@link RecordSettings#DEFAULT_TILE_SIDE}).
   *
   * @throws IllegalArgumentException if not in 16 to 16384
   */
  public Recording tileSide(int side) {
    RecordSettings.checkTileSide(side);
    this.tileSide = side;
    return this;
  }

  /**
   * Only these frames (PNG folders; join them with {@code assemble}): a {@link Shard} of N contiguous chunks, or
   * frame ranges ({@link dev.zoomorph.render.record.FrameRanges}). Default: all of them.
   */
  public Recording frames(FrameSelection selection) {
    Objects.requireNonNull(selection, "frames");
    this.frames = selection;
    return this;
  }

  /** Keeps the complete frames the PNG folder holds and renders the rest. */
  public Recording resume(boolean keep) {
    this.resume = keep;
    return this;
  }

  /** A folder (PNG frames), a {@code .mp4} or a {@code .gif}. */
  public Recording to(Path output) {
    Objects.requireNonNull(output, "output");
    this.out = output;
    return this;
  }

  /**
   * Checks everything that can be checked before rendering (sizes, output, timeline lines against the control
   * table) and builds the recorder; idempotent.
   *
   * @throws IllegalArgumentException naming the setting, or the timeline's file, line and problem
   */
  public synchronized Recording prepare() {
    if (prepared != null) {
      return this;
    }
    if (out == null) {
      throw new IllegalArgumentException("a recording needs an output: a folder, a .mp4 or a .gif");
    }
    ViewSpec view = preset.view();
    ZoomPath path = new ZoomPath(zoomFrom == null ? view.zoom() : zoomFrom, zoomTo == null ? view.zoom() : zoomTo,
        centerX == null ? view.centerX() : centerX, centerY == null ? view.centerY() : centerY,
        rotation == null ? view.rotationDegrees() : rotation);
    // The track is read first: a file that is not sound fails before anything else is made.
    AudioTrack track = audio == null ? null : AudioTrack.open(audio);
    double length = seconds != null ? seconds : track != null ? track.seconds() : 10;
    RecordSettings settings = RecordSettings.of(width, height, fps, length, path, out)
        .withFrames(frames)
        .withResume(resume)
        .withTileSide(tileSide)
        .withAudio(track == null ? null : track.file());
    AtomicLong frameTime = new AtomicLong();
    // The presets a timeline switches to are loaded here, so that a bad one is refused before any frame; the show
    // then takes them from this map on the recording thread, frame-exactly.
    Map<String, Preset> switchedTo = new LinkedHashMap<>();
    LiveShow show = new LiveShow(preset, settings.fps(), frameTime::get, name -> Objects.requireNonNull(
        switchedTo.get(name), () -> "preset '" + name + "' was not loaded before the recording"));
    ControlTimeline timeline = null;
    AtomicBoolean paletteChanges = new AtomicBoolean();
    if (controls != null) {
      // Each line is checked against the preset playing at its time: after a switch, the new preset's controls.
      AtomicReference<LiveShow> playing = new AtomicReference<>(show);
      timeline = ControlTimeline.load(controls).checkedWith(message -> {
        playing.get().check(message);
        if (message.address().equals(ShowAddresses.PRESET)) {
          String name = (String) message.args().get(0);
          if (!switchedTo.containsKey(name)) {
            try {
              switchedTo.put(name, Presets.load(name));
            } catch (PresetException e) {
              throw new IllegalArgumentException(ShowAddresses.PRESET + ": " + e.getMessage(), e);
            }
          }
          playing.set(new LiveShow(switchedTo.get(name), settings.fps(), frameTime::get));
        }
        if (message.address().equals(ShowAddresses.POST_PALETTE)) {
          paletteChanges.set(true);
        }
      });
    }
    List<Preset> presets = new ArrayList<>();
    presets.add(preset);
    presets.addAll(switchedTo.values());
    // Only now, everything else checked, is the output looked at (and a folder made): a refused timeline leaves none.
    Backend drawing = RenderBackends.resolve(backend);
    PixelSource source = new PixelSource(drawing, preset.name(), Presets.sha256(loaded), seedOf(preset.trajectory()),
        controls == null ? null : String.valueOf(controls.getFileName()),
        controls == null ? null : timelineSha256(controls, switchedTo.values()));
    Recorder recorder = new Recorder(settings.withSource(source));
    prepared = new Prepared(recorder, drawing, show, timeline, track, frameTime, List.copyOf(presets),
        paletteChanges.get());
    if (stopAsked) {
      recorder.stop(); // Ctrl-C came while preparing: the run stops before its first frame
    }
    return this;
  }

  /** The timeline's bytes and the content of the presets it switches to: what it adds to the pixels. */
  private static String timelineSha256(Path timeline, Collection<Preset> switchedTo) {
    MessageDigest digest = PixelSource.newDigest();
    digest.update(PixelSource.sha256(timeline).getBytes(StandardCharsets.US_ASCII));
    for (Preset switched : switchedTo) {
      digest.update(Presets.sha256(switched).getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static long seedOf(TrajectorySpec spec) {
    if (spec instanceof TrajectorySpec.Morph m) {
      return m.seed();
    }
    if (spec instanceof TrajectorySpec.RandomWalk w) {
      return w.seed();
    }
    return ((TrajectorySpec.Loop) spec).seed();
  }

  /**
   * What the user should know before the run, one line each (frames of a resumed folder rendered again because they
   * are damaged, a GIF that carries no sound, a track that holds less sound than its header says, a track that moves
   * nothing because no preset played has an audio section, a video longer than its track), once {@link
   * #prepare prepared}.
   */
  public List<String> notes() {
    Prepared ready = prepare().ready();
    List<String> notes = new ArrayList<>(ready.recorder().notes());
    AudioTrack track = ready.track();
    if (track != null && track.statedSeconds() - track.seconds() > MISSING_SOUND_SECONDS) {
      notes.add(String.format(Locale.ROOT, "audio track %s: its header says %.2f s, but %.2f s of sound decode (is the"
          + " file cut short?)%s", track.file(), track.statedSeconds(), track.seconds(), seconds != null ? ""
          : String.format(Locale.ROOT, "; the recording is %.2f s long, as the sound", track.seconds())));
    }
    if (track != null) {
      notes.addAll(trackNotes(ready, track));
    }
    return notes;
  }

  /** A track that moves nothing (no preset played has an audio section), a video that runs past the track's end. */
  private static List<String> trackNotes(Prepared ready, AudioTrack track) {
    List<String> notes = new ArrayList<>();
    boolean moves = ready.presets().stream().anyMatch(p -> p.audio().movesAnything());
    if (!moves) {
      List<String> played = ready.presets().stream().map(Preset::name).toList();
      notes.add((played.size() == 1 ? "preset " + played.get(0) + " has" : "presets " + String.join(", ", played)
          + " have") + " no audio section: the track " + track.file().getFileName() + " moves nothing in the"
          + " picture; bundled presets with one: " + String.join(", ", listeningPresets()) + " (docs/audio.md)");
    }
    RecordSettings settings = ready.recorder().settings();
    double past = settings.frameCount() / settings.fps() - track.seconds();
    if (past > MISSING_SOUND_SECONDS) {
      notes.add(String.format(Locale.ROOT, "the video runs %.2f s past the end of the track %s (%.2f s long): the"
          + " rest is silent%s", past, track.file().getFileName(), track.seconds(),
          moves ? ", and the picture stops moving with it (the preset's audio section hears silence)" : ""));
    }
    return notes;
  }

  /** The bundled presets whose audio section moves something, for a track played with one that has none. */
  private static List<String> listeningPresets() {
    List<String> names = new ArrayList<>();
    for (String name : Presets.bundled()) {
      try {
        if (Presets.load(name).audio().movesAnything()) {
          names.add(name);
        }
      } catch (PresetException e) {
        // A bundled preset that does not load is no example to give.
      }
    }
    return names;
  }

  /** The settings, once {@link #prepare prepared}. */
  public RecordSettings settings() {
    return prepare().ready().recorder().settings();
  }

  /**
   * Renders the recording (this run's shard of it), telling {@code progress} as frames complete; blocks. Runs once.
   *
   * @throws IllegalArgumentException as {@link #prepare()} does
   * @throws IllegalStateException if rendering or writing fails (a PNG folder's frames written so far stay valid; a
   *     movie is not made), or if it ran before
   */
  public RecordResult run(ProgressListener progress) {
    if (ran.getAndSet(true)) {
      throw new IllegalStateException("a Recording runs once; make a new one");
    }
    Prepared ready = prepare().ready();
    Scheduler analysis = Schedulers.newSingle("zoomorph-audio-analysis", true);
    AudioTrack track = ready.track();
    RecordSettings settings = ready.recorder().settings();
    Stream<AudioFeatures> streamed = null;
    try (FrameRenderer renderer = FrameRenderer.on(ready.backend())) {
      // Every preset's generator is built now (a model that does not load fails before the first frame); the output
      // is in colour if any of them can be.
      int channels = ready.paletteChanges() ? 3 : 1;
      for (Preset playable : ready.presets()) {
        channels = Math.max(channels, renderer.channels(playable));
      }
      Iterator<AudioFeatures> heard = null;
      if (track != null && ready.recorder().writesFolder() && !ready.recorder().selectsNoFrames()) {
        // A PNG folder's sidecar has every frame's features: the frames are moved by the same ones.
        heard = FrameFeatures.writeJson(settings.output().resolve(AUDIO_SIDECAR), track, preset.audio(),
            settings.fps(), settings.frameCount(), analysis).iterator();
      } else if (track != null) {
        // Decoded and analysed on their own thread a little ahead of the frames; closing the stream stops the
        // decoder.
        streamed = FrameFeatures.of(track, preset.audio(), settings.fps(), analysis).toStream(AUDIO_PREFETCH);
        heard = streamed.iterator();
      }
      return ready.recorder().run(channels, shots(ready, renderer, heard), progress);
    } finally {
      if (streamed != null) {
        streamed.close();
      }
      analysis.dispose();
    }
  }

  /** Finishes the frame under way, finalises the output and makes {@link #run} return; from any thread. */
  public void stop() {
    // Asked first, then looked for: a prepare() running now either sees the request or has made the recorder seen.
    stopAsked = true;
    Prepared ready = prepared;
    if (ready != null) {
      ready.recorder().stop();
    }
  }

  private synchronized Prepared ready() {
    return Objects.requireNonNull(prepared);
  }

  /**
   * Frame 0, 1, 2, … as the show makes it on frame-exact time, with the timeline's messages and the track's features
   * (through the audio adapter, attached to the show's control bus like any input) applied before the frame they
   * fall in; each drawn by {@code renderer} at the view the recorder asks (its zoom path's, or a tile of it) moved
   * as the live view moves, the layers of a preset switch crossfaded as live.
   */
  private static Iterator<Shot> shots(Prepared ready, FrameRenderer renderer,
      @Nullable Iterator<AudioFeatures> heard) {
    ControlBus bus = new ControlBus(ready.show());
    ControlTimeline timeline = ready.timeline();
    double fps = ready.recorder().settings().fps();
    ZoomPath path = ready.recorder().settings().path();
    ViewSpec start = ready.presets().get(0).view();
    // Frame k's features go into the bus on the recording thread right before frame k's scene: frame-exact.
    Sinks.Many<AudioFeatures> sound = Sinks.many().unicast().onBackpressureError();
    if (heard != null) {
      bus.attach(AudioControls.INPUT, new AudioControls(ready.show()::preset).controls(sound.asFlux()));
    }
    Iterator<Scene> scenes = ready.show().scenes(FrameClock.exact(fps)
        .doOnNext(tick -> {
          ready.frameTime().set(tick.nanos());
          if (timeline != null) {
            timeline.deliverUntil(tick.nanos(), message -> bus.submit("timeline", message));
          }
          // A sidecar's features end with the recording's last frame; the clock may tick once past it.
          if (heard != null && heard.hasNext()) {
            sound.tryEmitNext(heard.next());
          }
        })).toIterable(1).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Shot next() {
        Scene scene = scenes.next();
        return view -> renderer.render(scene, layer -> moved(view, layer.view(), start, path));
      }
    };
  }

  /**
   * {@code view}, a view of the zoom path or a tile of it, moved as the show's live view has moved from where the
   * recording started ({@code start}, the preset's view the path began from): zoomed by the ratio of their zooms,
   * turned and shifted by their differences, about the path's centre. A control, an audio binding or a switched-to
   * preset that moves the view moves the recording's too; one that does not leaves the path exactly as it is.
   */
  private static View moved(View view, ViewSpec live, ViewSpec start, ZoomPath path) {
    return view.movedAbout(path.centerX(), path.centerY(), live.zoom() / start.zoom(),
        live.rotationDegrees() - start.rotationDegrees(), live.centerX() - start.centerX(),
        live.centerY() - start.centerY());
  }

  private static TrajectorySpec reseeded(TrajectorySpec spec, long seed) {
    if (spec instanceof TrajectorySpec.Morph m) {
      return new TrajectorySpec.Morph(seed, m.keyframes(), m.secondsPerSegment(), m.slerp());
    }
    if (spec instanceof TrajectorySpec.RandomWalk w) {
      return new TrajectorySpec.RandomWalk(seed, w.timescaleSeconds());
    }
    TrajectorySpec.Loop l = (TrajectorySpec.Loop) spec;
    return new TrajectorySpec.Loop(seed, l.seconds(), l.harmonics());
  }
}
