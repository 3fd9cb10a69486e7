package dev.zoomorph.engine.show;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlParameter.Range;
import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.tempo.ControlSmoother;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.trajectory.Knob;
import dev.zoomorph.engine.trajectory.Switch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * One show playing live: the running preset's trajectory with every live control applied, and the
 * {@link ControlSurface} that OSC, MIDI and the HTTP API change it through. The address space (every address,
 * its types, ranges and behaviour) is documented in {@code docs/control.md}.
 *
 * <p>The render loop calls {@link #nextFrame()} once at the start of each frame: it advances the show to the
 * clock's now and returns what to render. Everything applied before that call is in that frame (smoothed controls
 * start moving in it), so input-to-frame latency is at most one frame interval plus the render time.
 *
 * <p>Time comes from the {@link Scheduler} given at construction (virtual in tests): the trajectory advances by the
 * time elapsed between frames, so a slow generator shows fewer frames of the same motion rather than slow motion.
 *
 * <p>Thread-safe: inputs {@link #apply} from their own threads while the render loop calls {@link #nextFrame()}.
 * {@code /zoomorph/preset} loads the preset on the applying thread, outside the lock, so the render loop never
 * waits for a disk or a model.
 */
public final class LiveShow implements ControlSurface, AutoCloseable {
  /** Every address starts with this. */
  public static final String PREFIX = "/zoomorph/";
  /** Latent components (and offsets) are clamped to ±this. */
  public static final double LATENT_LIMIT = 5;
  static final Range LATENT_RANGE = new Range(-LATENT_LIMIT, LATENT_LIMIT);
  static final Range SPEED_RANGE = new Range(-4, 4);
  static final Range ZOOM_RANGE = new Range(0.01, 1e6);
  static final Range CENTER_RANGE = new Range(-1000, 1000);
  static final Range BPM_RANGE = new Range(TempoClock.MIN_BPM, TempoClock.MAX_BPM);
  static final Range SMOOTHING_RANGE = new Range(0, 10);
  static final Range CROSSFADE_RANGE = new Range(0, 60);
  static final Range CONTRAST_RANGE = new Range(0, 4);
  static final Range GAMMA_RANGE = new Range(0.1, 10);
  static final Range THRESHOLD_RANGE = new Range(0, 1);
  /** A threshold above 0 (off) is kept inside this, where {@link PostSpec} and 8-bit pictures can use it. */
  static final Range THRESHOLD_ON_RANGE = new Range(0.001, 0.999);
  static final Range SOFTNESS_RANGE = new Range(0, 0.5);
  /** What {@code /zoomorph/post/palette} takes: no palette, or one of {@link PostSpec#PALETTES}. */
  static final String NO_PALETTE = "none";

  private final double fps;
  private final Scheduler clock;
  private final PresetLoader loader;
  private final TempoClock tempo;
  private final Knob speed = new Knob("speed", 1, SPEED_RANGE.min(), SPEED_RANGE.max());
  private final Switch hold = new Switch("hold", false);
  private volatile DoubleSupplier measuredFps = () -> 0;

  // Guarded by this.
  private Playback current;
  private @Nullable Playback fading;
  private ViewSpec fadingView = ViewSpec.DEFAULT;
  private PostSpec fadingPost = PostSpec.NONE;
  private boolean frameFade;
  private long fadeStartNanos;
  private long fadeNanos;
  private ControlSmoother smoother;
  private double smoothingSeconds;
  private double crossfadeSeconds;
  private boolean smoothingSetLive;
  private boolean crossfadeSetLive;
  private TempoSpec tempoSpec;
  private ViewSpec view;
  private PostSpec post;
  private Latent offset;
  /** The latent while held: what hold froze, then whatever {@code latent} messages set. */
  private @Nullable Latent direct;
  private @Nullable Glide glide;
  private int pendingKeyframe = -1;
  /** The beat position at which the pending keyframe jump lands. */
  private double pendingKeyframeBeat;
  private @Nullable Latent lastLatent;
  private long lastFrameNanos = Long.MIN_VALUE;
  private double lastBeat;

  /** A glide of the picture from {@code from} to wherever the show is, eased over {@code nanos}. */
  private record Glide(Latent from, long startNanos, long nanos) {}

  /**
   * Plays {@code preset} with trajectories timed for {@code fps} frames a second, on {@code clock}'s time;
   * {@code /zoomorph/preset} loads with {@link Presets#load}.
   */
  public LiveShow(Preset preset, double fps, Scheduler clock) {
    this(preset, fps, clock, Presets::load);
  }

  /**
   * Plays {@code preset}; {@code /zoomorph/preset} loads with {@code loader}.
   *
   * @throws IllegalArgumentException if {@code fps} is not positive and finite
   */
  public LiveShow(Preset preset, double fps, Scheduler clock, PresetLoader loader) {
    if (!(fps > 0 && Double.isFinite(fps))) {
      throw new IllegalArgumentException("frame rate must be positive and finite, was " + fps);
    }
    this.fps = fps;
    this.clock = clock;
    this.loader = loader;
    this.current = new Playback(preset, fps);
    this.tempoSpec = preset.tempo();
    this.tempo = new TempoClock(clock, preset.tempo().bpm(), preset.tempo().beatsPerBar());
    this.smoothingSeconds = preset.smoothingSeconds();
    this.crossfadeSeconds = preset.crossfadeSeconds();
    this.smoother = new ControlSmoother(seconds(smoothingSeconds));
    this.view = preset.view();
    this.post = preset.post();
    this.offset = Latent.zeros(current.latentSize());
  }

  /**
   * The show's tempo clock. Change it through the addresses ({@code /zoomorph/bpm}, {@code tap}, {@code playing},
   * {@code restart}), which MIDI clock is forwarded to as well: a restart there also puts a beat-locked morph back on
   * its first keyframe.
   */
  public TempoClock tempo() {
    return tempo;
  }

  /** The preset playing now (the one being switched to, during a crossfade). */
  public synchronized Preset preset() {
    return current.preset;
  }

  /** Where {@code /zoomorph/fps} reads the measured frame rate from (the render loop's meter). */
  public void measureFpsWith(DoubleSupplier fps) {
    this.measuredFps = fps;
  }

  @Override
  public void apply(ControlMessage message) {
    String address = message.address();
    if (!address.startsWith(PREFIX)) {
      throw new IllegalArgumentException(address + ": unknown address; addresses start with " + PREFIX);
    }
    String name = address.substring(PREFIX.length());
    if (name.equals("preset")) {
      switchPreset(message);
      return;
    }
    synchronized (this) {
      ControlMessage change = checked(name, message);
      if (change != null) {
        // Only what the smoother holds back waits for the frame; everything else lands now.
        for (ControlMessage now : throughSmoother(name, change)) {
          applyNow(now);
        }
      }
    }
  }

  /**
   * Advances the show to the clock's now and returns what the frame starting now shows. Called by the render loop,
   * once per frame.
   */
  public synchronized ShowFrame nextFrame() {
    long now = clock.now(TimeUnit.NANOSECONDS);
    long elapsed = lastFrameNanos == Long.MIN_VALUE ? 0 : Math.max(0, now - lastFrameNanos);
    lastFrameNanos = now;
    for (ControlMessage smoothed : smoother.advance(Duration.ofNanos(elapsed))) {
      applyNow(smoothed);
    }
    double beat = tempo.position();
    if (pendingKeyframe >= 0 && beat >= pendingKeyframeBeat - 1e-9) {
      jumpTo(pendingKeyframe, now);
      pendingKeyframe = -1;
    }
    double beats = beat >= lastBeat ? beat - lastBeat : beat; // the clock was restarted from outside
    lastBeat = beat;
    if (!hold.isOn()) {
      double pace = speed.get();
      current.advance(framesFor(current, elapsed, beats) * pace);
      if (fading != null) {
        fading.advance(framesFor(fading, elapsed, beats) * pace);
      }
    }
    Latent target = direct != null ? direct : current.latent().add(offset);
    Latent latent = target;
    if (glide != null) {
      double u = (double) (now - glide.startNanos) / glide.nanos;
      if (u >= 1) {
        glide = null;
      } else {
        latent = glide.from.lerp(target, ease(u));
      }
    }
    lastLatent = latent;
    ShowFrame.Layer fadingLayer = null;
    double fadingWeight = 0;
    if (fading != null) {
      double u = fadeNanos == 0 ? 1 : (double) (now - fadeStartNanos) / fadeNanos;
      if (u >= 1) {
        fading = null;
      } else if (frameFade) {
        fadingWeight = 1 - ease(u);
        fadingLayer = new ShowFrame.Layer(fading.preset, fading.latent(), fadingView, fadingPost);
      } else {
        latent = fading.latent().lerp(latent, ease(u));
      }
    }
    return new ShowFrame(new ShowFrame.Layer(current.preset, latent, view, post), fadingLayer, fadingWeight);
  }

  @Override
  public synchronized List<ControlParameter> parameters() {
    List<ControlParameter> out = new ArrayList<>();
    int n = current.latentSize();
    Latent set = direct != null ? direct : offset;
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add((double) set.get(i));
      out.add(new ControlParameter(PREFIX + "latent/" + i, "f", List.of(LATENT_RANGE), List.of((double) set.get(i)),
          "latent component " + i + ": set directly while held, otherwise an offset added to the trajectory",
          true));
    }
    out.add(new ControlParameter(PREFIX + "latent", "f".repeat(n), Collections.nCopies(n, LATENT_RANGE), values,
        "the whole latent (" + n + " values): set directly while held, otherwise an offset added to the trajectory",
        true));
    out.add(number("hold", "T", Range.NONE, hold.isOn(),
        "freeze the trajectory; latent messages then set the latent directly"));
    if (!current.keyframes.isEmpty()) {
      out.add(number("keyframe", "i", new Range(0, current.keyframes.size() - 1), current.keyframe(),
          "morph to keyframe i (on the next beat or bar when the preset quantizes)"));
    }
    out.add(number("speed", "f", SPEED_RANGE, speed.get(), "trajectory speed: 1 normal, 0 still, negative backwards"));
    out.add(number("zoom", "f", ZOOM_RANGE, view.zoom(), "view zoom; larger shows less of the plane"));
    out.add(new ControlParameter(PREFIX + "center", "ff", List.of(CENTER_RANGE, CENTER_RANGE),
        List.of(view.centerX(), view.centerY()), "the plane point at the centre of the view", true));
    out.add(new ControlParameter(PREFIX + "preset", "s", List.of(Range.NONE), List.of(current.preset.name()),
        "switch to a preset (bundled name or .json/.yaml path), crossfading", true));
    out.add(number("bpm", "f", BPM_RANGE, tempo.bpm(), "tempo in beats per minute"));
    out.add(new ControlParameter(PREFIX + "tap", "", List.of(), List.of(), "tap tempo: one tap per beat", true));
    out.add(number("playing", "T", Range.NONE, tempo.running(),
        "whether the tempo clock runs: false stops beat-locked morphs and quantized jumps, true goes on"));
    out.add(new ControlParameter(PREFIX + "restart", "", List.of(), List.of(),
        "start the tempo from beat 0 (MIDI Start); a beat-locked morph starts again from keyframe 0", true));
    Double threshold = post.threshold();
    String palette = post.palette();
    out.add(number("post/contrast", "f", CONTRAST_RANGE, post.contrast(), "contrast around mid-grey; 1 as made"));
    out.add(number("post/gamma", "f", GAMMA_RANGE, post.gamma(), "gamma: output = input^gamma; 1 as made"));
    out.add(number("post/threshold", "f", THRESHOLD_RANGE, threshold == null ? 0.0 : threshold,
        "grey level where the picture turns from black to white; 0 turns the threshold off"));
    out.add(number("post/softness", "f", SOFTNESS_RANGE, post.softness(),
        "half-width of the threshold's soft edge; 0 for hard contours"));
    out.add(number("post/palette", "s", Range.NONE, palette == null ? NO_PALETTE : palette,
        "colour map of one-channel models: " + NO_PALETTE + ", " + String.join(", ", PostSpec.PALETTES)));
    out.add(number("crossfade", "f", CROSSFADE_RANGE, crossfadeSeconds, "preset switch crossfade time, seconds"));
    out.add(number("smoothing", "f", SMOOTHING_RANGE, smoothingSeconds,
        "smoothing time constant of continuous controls, seconds"));
    out.add(new ControlParameter(PREFIX + "fps", "f", List.of(new Range(0, Double.POSITIVE_INFINITY)),
        List.of(measuredFps.getAsDouble()), "measured frames per second", false));
    out.sort(Comparator.comparing(ControlParameter::address));
    return out;
  }

  /** Stops the tempo clock. */
  @Override
  public void close() {
    tempo.close();
  }

  // ---- applying

  private static boolean isSmoothed(String name) {
    return name.equals("speed") || name.equals("zoom") || name.equals("center") || name.startsWith("latent")
        || (name.startsWith("post/") && !name.equals("post/palette"));
  }

  /** What of {@code change} applies now: all of it, or for smoothed controls what the smoother lets through. */
  private List<ControlMessage> throughSmoother(String name, ControlMessage change) {
    if (!isSmoothed(name)) {
      return List.of(change);
    }
    if (name.equals("post/threshold") && (change.number(0) == 0 || post.threshold() == null)) {
      // Off and on are switches, not glides: 0 turns the threshold off at once, however far a glide had got, and a
      // threshold turned on starts at its value; only moves while it is on glide.
      smoother.forget(change.address());
      if (change.number(0) != 0) {
        smoother.accept(change); // the start of later glides
      }
      return List.of(change);
    }
    return smoother.accept(change);
  }

  /**
   * The message with its values parsed and clamped, ready to apply, or null for a change already made (tap, a
   * button's release); throws, changing nothing, if it is malformed.
   */
  private @Nullable ControlMessage checked(String name, ControlMessage message) {
    String address = message.address();
    int n = current.latentSize();
    if (name.startsWith("latent/")) {
      latentIndex(address, name.substring("latent/".length()), n);
      requireArgs(message, 1);
      return ControlMessage.of(address, clamp(message.number(0), LATENT_RANGE));
    }
    switch (name) {
      case "latent" -> {
        requireArgs(message, n);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = clamp(message.number(i), LATENT_RANGE);
        }
        return ControlMessage.of(address, values);
      }
      case "hold" -> {
        requireArgs(message, 1);
        return ControlMessage.of(address, message.number(0) != 0);
      }
      case "keyframe" -> {
        requireArgs(message, 1);
        if (current.keyframes.isEmpty()) {
          throw new IllegalArgumentException(address + ": preset '" + current.preset.name() + "' has no keyframes ("
              + "only morph trajectories have them)");
        }
        return ControlMessage.of(address,
            (int) clamp(Math.rint(message.number(0)), new Range(0, current.keyframes.size() - 1)));
      }
      case "speed" -> {
        return one(message, SPEED_RANGE);
      }
      case "zoom" -> {
        // Zoom is smoothed as its logarithm, so a glide from 1 to 1000 zooms in at a steady visual rate.
        requireArgs(message, 1);
        return ControlMessage.of(address, Math.log(clamp(message.number(0), ZOOM_RANGE)));
      }
      case "center" -> {
        requireArgs(message, 2);
        return ControlMessage.of(address, clamp(message.number(0), CENTER_RANGE),
            clamp(message.number(1), CENTER_RANGE));
      }
      case "bpm" -> {
        return one(message, BPM_RANGE);
      }
      case "smoothing" -> {
        return one(message, SMOOTHING_RANGE);
      }
      case "crossfade" -> {
        return one(message, CROSSFADE_RANGE);
      }
      case "tap", "restart" -> {
        if (message.args().size() > 1) {
          throw new IllegalArgumentException(address + ": expects no argument (or a button's 1/0), got "
              + message.args().size());
        }
        // A button sends 1 on press and 0 on release: only the press counts.
        return message.args().isEmpty() || message.number(0) != 0 ? message : null;
      }
      case "playing" -> {
        requireArgs(message, 1);
        return ControlMessage.of(address, message.number(0) != 0);
      }
      case "post/contrast" -> {
        return one(message, CONTRAST_RANGE);
      }
      case "post/gamma" -> {
        return one(message, GAMMA_RANGE);
      }
      case "post/threshold" -> {
        requireArgs(message, 1);
        double level = message.number(0);
        return ControlMessage.of(address, level <= 0 ? 0.0 : clamp(level, THRESHOLD_ON_RANGE));
      }
      case "post/softness" -> {
        return one(message, SOFTNESS_RANGE);
      }
      case "post/palette" -> {
        requireArgs(message, 1);
        String palette = message.string(0).toLowerCase(Locale.ROOT);
        if (!palette.equals(NO_PALETTE) && !PostSpec.PALETTES.contains(palette)) {
          throw new IllegalArgumentException(address + ": unknown palette '" + message.string(0) + "'; known: "
              + NO_PALETTE + ", " + String.join(", ", PostSpec.PALETTES));
        }
        return ControlMessage.of(address, palette);
      }
      case "fps" -> throw new IllegalArgumentException(address + ": read-only (the measured frame rate)");
      default -> throw new IllegalArgumentException(address + ": unknown address");
    }
  }

  /** Applies a checked message; cannot fail. */
  private void applyNow(ControlMessage message) {
    String name = message.address().substring(PREFIX.length());
    if (name.startsWith("latent/")) {
      int index = Integer.parseInt(name.substring("latent/".length()));
      float value = (float) message.number(0);
      if (index >= current.latentSize()) {
        return; // a smoothed value for the previous preset's larger latent
      }
      if (direct != null) {
        direct = direct.with(index, value);
      } else {
        offset = offset.with(index, value);
      }
      return;
    }
    switch (name) {
      case "latent" -> {
        float[] values = new float[message.args().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) message.number(i);
        }
        if (values.length != current.latentSize()) {
          return;
        }
        if (direct != null) {
          direct = Latent.of(values);
        } else {
          offset = Latent.of(values);
        }
      }
      case "hold" -> setHold(message.number(0) != 0);
      case "keyframe" -> requestKeyframe((int) message.number(0));
      case "speed" -> speed.set(message.number(0));
      case "zoom" -> view = new ViewSpec(view.centerX(), view.centerY(),
          clamp(Math.exp(message.number(0)), ZOOM_RANGE), view.rotationDegrees());
      case "center" -> view = new ViewSpec(message.number(0), message.number(1), view.zoom(), view.rotationDegrees());
      case "bpm" -> tempo.setBpm(message.number(0));
      case "tap" -> tempo.tap();
      case "playing" -> {
        if (message.number(0) != 0) {
          tempo.resume();
        } else {
          tempo.stop();
        }
      }
      case "restart" -> restart();
      case "post/contrast" -> post = new PostSpec(message.number(0), post.gamma(), post.threshold(), post.softness(),
          post.palette());
      case "post/gamma" -> post = new PostSpec(post.contrast(), message.number(0), post.threshold(), post.softness(),
          post.palette());
      case "post/threshold" -> post = new PostSpec(post.contrast(), post.gamma(),
          message.number(0) == 0 ? null : message.number(0), post.softness(), post.palette());
      case "post/softness" -> post = new PostSpec(post.contrast(), post.gamma(), post.threshold(), message.number(0),
          post.palette());
      case "post/palette" -> post = new PostSpec(post.contrast(), post.gamma(), post.threshold(), post.softness(),
          message.string(0).equals(NO_PALETTE) ? null : message.string(0));
      case "smoothing" -> {
        smoothingSetLive = true;
        setSmoothing(message.number(0));
      }
      case "crossfade" -> {
        crossfadeSetLive = true;
        crossfadeSeconds = message.number(0);
      }
      default -> throw new IllegalStateException("unchecked address " + message.address());
    }
  }

  private void setHold(boolean on) {
    if (on == hold.isOn()) {
      return;
    }
    hold.set(on);
    if (on) {
      direct = lastLatent != null ? lastLatent : current.latent().add(offset);
      glide = null; // the held picture is where a glide had got to
    } else {
      direct = null;
      startGlide(now());
    }
  }

  private void setSmoothing(double seconds) {
    smoothingSeconds = seconds;
    smoother.setTime(seconds(seconds));
  }

  /**
   * Asks for keyframe {@code k} at the next frame, or on the next beat or bar when the preset quantizes. The landing
   * is a beat position, so it follows tempo changes and waits while the clock is stopped; asked for while stopped,
   * the jump lands at once.
   */
  private void requestKeyframe(int k) {
    pendingKeyframe = k;
    pendingKeyframeBeat = switch (tempoSpec.quantize()) {
      case NONE -> tempo.position();
      case BEAT -> tempo.nextBeat();
      case BAR -> tempo.nextBar();
    };
  }

  /**
   * MIDI Start: the tempo runs from beat 0 now and a beat-locked morph starts again from keyframe 0 (gliding there
   * unless held), so its keyframes land on the bars again. A pending keyframe jump is dropped.
   */
  private void restart() {
    tempo.start();
    lastBeat = 0;
    pendingKeyframe = -1;
    if (isBeatLocked(current)) {
      if (direct == null) {
        startGlide(now());
      }
      current.restartAt(0);
    }
  }

  /** Goes to keyframe {@code k} (gliding from the picture of the last frame); while held, holds it. */
  private void jumpTo(int k, long now) {
    if (k >= current.keyframes.size()) {
      return; // asked of the previous preset
    }
    startGlide(now);
    if (direct != null) {
      direct = current.keyframes.get(k);
    } else {
      current.restartAt(k);
    }
  }

  /** Glides take one beat at the current tempo: musical for quantized jumps, quick enough for free ones. */
  private void startGlide(long now) {
    if (lastLatent != null) {
      glide = new Glide(lastLatent, now, Math.round(60e9 / tempo.bpm()));
    }
  }

  /**
   * Frames {@code playback}'s trajectory moves in {@code elapsed} nanoseconds at speed 1: the clock's time, or for
   * a beat-locked morph, {@code beatsPerKeyframe} beats per segment.
   */
  private double framesFor(Playback playback, long elapsed, double beats) {
    if (isBeatLocked(playback)) {
      return beats / playback.preset.tempo().beatsPerKeyframe() * playback.framesPerSegment;
    }
    return elapsed * fps / 1e9;
  }

  /** A morph whose keyframes come every {@code beatsPerKeyframe} beats. */
  private static boolean isBeatLocked(Playback playback) {
    return playback.preset.tempo().beatsPerKeyframe() > 0 && playback.framesPerSegment > 0;
  }

  // ---- switching presets

  private void switchPreset(ControlMessage message) {
    requireArgs(message, 1);
    String name = message.string(0);
    Preset next;
    try {
      next = loader.load(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(message.address() + ": " + e.getMessage(), e);
    }
    Playback playback;
    try {
      playback = new Playback(next, fps);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(message.address() + ": preset " + next.name() + ": " + e.getMessage(), e);
    }
    synchronized (this) {
      long now = now();
      boolean sameModel = next.model().equals(current.preset.model());
      fading = current;
      fadingView = view;
      fadingPost = post;
      frameFade = !sameModel;
      fadeStartNanos = now;
      // The preset says how it is entered, unless the crossfade was set live.
      if (!crossfadeSetLive) {
        crossfadeSeconds = next.crossfadeSeconds();
      }
      fadeNanos = Math.round(crossfadeSeconds * 1e9);
      current = playback;
      tempoSpec = next.tempo();
      view = next.view();
      post = next.post();
      if (offset.size() != playback.latentSize()) {
        offset = Latent.zeros(playback.latentSize());
      }
      // A switch starts the new preset playing: a hold, a glide or a pending keyframe belonged to the old one.
      hold.set(false);
      direct = null;
      glide = null;
      pendingKeyframe = -1;
      if (!sameModel) {
        lastLatent = null;
      }
      smoother = new ControlSmoother(smoother.time());
      if (!smoothingSetLive) {
        setSmoothing(next.smoothingSeconds());
      }
    }
  }

  // ---- helpers

  private static ControlParameter number(String name, String tags, Range range, Object value, String description) {
    return new ControlParameter(PREFIX + name, tags, List.of(range), List.of(value), description, true);
  }

  private static ControlMessage one(ControlMessage message, Range range) {
    requireArgs(message, 1);
    return ControlMessage.of(message.address(), clamp(message.number(0), range));
  }

  private static int latentIndex(String address, String digits, int size) {
    if (!digits.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(address + ": unknown address; latent components are /zoomorph/latent/0 to "
          + "/zoomorph/latent/" + (size - 1));
    }
    int index = Integer.parseInt(digits);
    if (index >= size) {
      throw new IllegalArgumentException(address + ": the latent has " + size + " components, 0 to " + (size - 1));
    }
    return index;
  }

  private static void requireArgs(ControlMessage message, int count) {
    if (message.args().size() != count) {
      throw new IllegalArgumentException(message.address() + ": expects " + count + " argument(s), got "
          + message.args().size());
    }
  }

  private static double clamp(double value, Range range) {
    return Math.max(range.min(), Math.min(range.max(), value));
  }

  private static double ease(double u) {
    return (1 - Math.cos(Math.PI * u)) / 2;
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private long now() {
    return clock.now(TimeUnit.NANOSECONDS);
  }
}
