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
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * One show playing live: the running preset's trajectory with every live control applied, and the
 * {@link ControlSurface} that OSC, MIDI and the HTTP API change it through. Its addresses are the entries of
 * {@link ShowControls}, documented in {@code docs/control.md}.
 *
 * <p>{@link #scenes} turns a {@link FrameClock}'s ticks into what each frame shows: live ticks for {@code serve},
 * frame-exact ones for {@code record}. Each scene is made when its frame starts, from everything applied before, so
 * input-to-frame latency is at most one frame interval plus the render time (smoothed controls start moving in it).
 *
 * <p>The trajectory advances by the time elapsed between frames, so a slow generator shows fewer frames of the same
 * motion rather than slow motion. Controls that depend on when they arrive (tap tempo, quantized jumps, glides) read
 * the nanosecond clock given at construction: real time live, frame time when recording, virtual time in tests.
 *
 * <p>Thread-safe: inputs {@link #apply} from their own threads while the render loop takes scenes.
 * {@code /zoomorph/preset} loads the preset on the applying thread, outside the lock, so the render loop never
 * waits for a disk or a model.
 */
public final class LiveShow implements ControlSurface {
  private final ControlTable<ShowState> table;
  // Guarded by this.
  private final ShowState state;

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
   * @throws IllegalArgumentException if {@code fps} is not positive and finite, or the trajectory's latent size is
   *     not the model's
   */
  public LiveShow(Preset preset, @Nullable Trajectory trajectory, double fps, LongSupplier clock,
      PresetLoader loader) {
    if (!(fps > 0 && Double.isFinite(fps))) {
      throw new IllegalArgumentException("frame rate must be positive and finite, was " + fps);
    }
    this.table = ShowControls.table(loader, fps);
    Playback playback = trajectory == null ? new Playback(preset, fps) : new Playback(preset, trajectory, fps);
    this.state = new ShowState(playback, fps, clock);
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
    return state.current.preset;
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

  /** What each frame shows: one scene per tick, made when the tick arrives. */
  public Flux<Scene> scenes(Flux<FrameTick> ticks) {
    return ticks.map(tick -> sceneAt(tick.nanos()));
  }

  /**
   * Advances the show to {@code nanos} (on its clock; never earlier than the previous frame) and returns what the
   * frame starting then shows. What {@link #scenes} does per tick, for a render loop that takes frames one by one.
   */
  public synchronized Scene sceneAt(long nanos) {
    return state.frameAt(nanos);
  }

  @Override
  public synchronized List<ControlParameter> parameters() {
    return table.parameters(state);
  }
}
