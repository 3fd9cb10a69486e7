package dev.zoomorph.engine.show;

import dev.zoomorph.engine.control.ControlChange;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.ControlTable;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * One show playing live: the running preset's trajectory with every live control applied, and the
 * {@link ControlSurface} that OSC, MIDI and the HTTP API change it through. Its addresses are the entries of
 * {@link ShowControls}, documented in {@code docs/control.md}.
 *
 * <p>{@link #scenes} turns a {@link FrameClock}'s ticks into what each frame shows: live ticks for {@code serve},
 * frame-exact ones for {@code record}. The controls are sampled as each frame starts ({@link #cues}), so everything
 * applied before is in that frame: input-to-frame latency is at most one frame interval plus the render time
 * (smoothed controls start moving in it). The frame is then made by the {@link ShowOperators}, composed.
 *
 * <p>The trajectory advances by the time elapsed between frames, so a slow generator shows fewer frames of the same
 * motion rather than slow motion. Controls that depend on when they arrive (tap tempo, quantized jumps) read the
 * nanosecond clock given at construction: real time live, frame time when recording, virtual time in tests.
 *
 * <p>Thread-safe: inputs {@link #apply} from their own threads while the render loop takes scenes.
 * {@code /zoomorph/preset} loads the preset on the applying thread, outside the lock, so the render loop never
 * waits for a disk or a model. The scenes are one show: take them on one flux at a time (a restarted render loop's
 * new flux goes on where the last one stopped).
 */
public final class LiveShow implements ControlSurface {
  private final ControlTable<ShowState> table;
  // Guarded by this.
  private final ShowState state;
  private final Function<Flux<Cue>, Flux<Step>> steps = ShowOperators.steps();
  private final Function<Flux<Step>, Flux<Step>> speed = ShowOperators.speed();
  private final Function<Flux<Step>, Flux<Step>> hold = ShowOperators.hold();
  private final Function<Flux<Step>, Flux<Moment>> play = ShowOperators.play();
  private final Function<Flux<Moment>, Flux<Moment>> offset = ShowOperators.offset();
  private final Function<Flux<Moment>, Flux<Moment>> direct = ShowOperators.direct();
  private final Function<Flux<Moment>, Flux<Moment>> glide = ShowOperators.glide();
  private final Function<Flux<Moment>, Flux<Moment>> directions = ShowOperators.directions();
  private final Function<Flux<Moment>, Flux<Scene>> crossfade = ShowOperators.crossfade();

  /**
   * Plays {@code preset} with trajectories timed for {@code fps} frames a second, on {@code clock}'s nanoseconds;
   * {@code /zoomorph/preset} loads with {@link Presets#load}.
   */
  public LiveShow(Preset preset, double fps, LongSupplier clock) {
    this(preset, fps, clock, Presets::load);
  }

  /**
   * Plays {@code preset}; {@code /zoomorph/preset} loads with {@code loader}.
   *
   * @throws IllegalArgumentException if {@code fps} is not positive and finite
   */
  public LiveShow(Preset preset, double fps, LongSupplier clock, PresetLoader loader) {
    this(preset, null, fps, clock, loader);
  }

  /**
   * Plays {@code trajectory} (e.g. {@link dev.zoomorph.engine.trajectory.Trajectories#follow} of a program's own
   * latents) with {@code preset}'s model, view, post-processing and tempo, until a preset switch replaces it.
   *
   * @throws IllegalArgumentException naming the preset, if {@code fps} is not positive and finite, the trajectory
   *     cannot run at it (a morph's segment or a loop shorter than a frame), or its latent size is not the model's
   * @throws dev.zoomorph.engine.preset.PresetException if an audio binding targets no writable address
   */
  public LiveShow(Preset preset, @Nullable Trajectory trajectory, double fps, LongSupplier clock,
      PresetLoader loader) {
    ShowControls.checkAudioTargets(preset);
    Program program;
    try {
      program = trajectory == null ? new Program(preset, fps) : new Program(preset, trajectory, fps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("preset " + preset.name() + ": " + e.getMessage(), e);
    }
    this.table = ShowControls.table(loader, fps);
    this.state = new ShowState(program, new TempoClock(clock, preset.tempo().bpm(), preset.tempo().beatsPerBar()));
  }

  /**
   * The show's tempo clock. Change it through the addresses ({@code /zoomorph/bpm}, {@code tap}, {@code playing},
   * {@code restart}), which MIDI clock is forwarded to as well.
   */
  public TempoClock tempo() {
    return state.tempo;
  }

  /** The preset playing now (the one being switched to, during a crossfade). */
  public synchronized Preset preset() {
    return state.program.preset();
  }

  /**
   * The preset playing with what the controls have changed since it started: its view, post-processing, tempo,
   * smoothing and crossfade times as the controls have set them, a value still gliding at the value it glides to (the
   * knob's position, not the frame's). What saving the running show writes.
   */
  public synchronized Preset presetAsPlayed() {
    ShowState landed = state.landed();
    return state.program.preset().withControls(landed.view, landed.post, state.tempo.bpm(), state.smoothingSeconds,
        state.crossfadeSeconds);
  }

  /** The show's control table: what docs/control.md lists, and what {@link #parameters()} describes. */
  public ControlTable<?> controlTable() {
    return table;
  }

  /**
   * Lets the {@code /zoomorph/playlist/} controls steer {@code playlist} (they are not there before); the playlist
   * itself switches presets through the control bus.
   */
  public synchronized void attach(ShowPlaylist playlist) {
    state.playlist = playlist;
  }

  /** The playlist {@link #attach attached}, or null. */
  public synchronized @Nullable ShowPlaylist playlist() {
    return state.playlist;
  }

  /** Where {@code /zoomorph/fps} reads the measured frame rate from (the render loop's meter). */
  public synchronized void measureFpsWith(DoubleSupplier fps) {
    state.measuredFps = fps;
  }

  /**
   * Where {@code /zoomorph/audio/...} read the audio input's newest features (its analysis); until this is called
   * those addresses are not there.
   */
  public synchronized void measureAudioWith(Supplier<AudioFeatures> newest) {
    state.audio = newest;
  }

  @Override
  public @Nullable ControlMessage apply(ControlMessage message) {
    ControlChange<ShowState> change;
    synchronized (this) {
      change = table.check(state, message);
      if (change == null) {
        return null;
      }
      if (change.control().preparer() == null) {
        state.smoother.accept(state, change);
        return change.message();
      }
    }
    // Loading a preset reads files and may build a model: outside the lock, so the render loop never waits for it.
    ControlChange<ShowState> prepared = table.prepare(change);
    synchronized (this) {
      state.smoother.accept(state, prepared);
    }
    return prepared.message();
  }

  /**
   * Checks {@code message} against the control table as the show is now, changing nothing (a preset is not loaded).
   *
   * @throws dev.zoomorph.engine.control.ControlException naming the address and the problem
   */
  public synchronized void check(ControlMessage message) {
    table.check(state, message);
  }

  /**
   * The controls as each tick's frame starts: one {@link Cue} per tick, sampled when the tick arrives, with what
   * happened since the previous one. What {@link #scenes} makes frames from.
   */
  public Flux<Cue> cues(Flux<FrameTick> ticks) {
    return ticks.map(this::cue);
  }

  /** What each frame shows: one scene per tick, made when the tick arrives. */
  public Flux<Scene> scenes(Flux<FrameTick> ticks) {
    return cues(ticks)
        .transform(steps)
        .transform(speed)
        .transform(hold)
        .transform(play)
        .transform(offset)
        .transform(direct)
        .transform(glide)
        .doOnNext(this::shown)
        .transform(directions)
        .transform(crossfade);
  }

  @Override
  public synchronized List<ControlParameter> parameters() {
    return table.parameters(state);
  }

  private synchronized Cue cue(FrameTick tick) {
    return state.cue(tick);
  }

  private synchronized void shown(Moment moment) {
    state.shown(moment);
  }
}
