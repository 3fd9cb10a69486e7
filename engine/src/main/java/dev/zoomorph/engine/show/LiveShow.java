package dev.zoomorph.engine.show;

import dev.zoomorph.engine.control.ControlChange;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.ControlTable;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * One show playing live: the running preset's trajectory with every live control applied, and the
 * {@link ControlSurface} that OSC, MIDI and the HTTP API change it through. Its addresses are the entries of
 * {@link ShowControls}, documented in {@code docs/control.md}.
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
  private final ControlTable<ShowState> table;
  // Guarded by this.
  private final ShowState state;

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
    this.table = ShowControls.table(loader, fps);
    this.state = new ShowState(preset, fps, clock);
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
   * Advances the show to the clock's now and returns what the frame starting now shows. Called by the render loop,
   * once per frame.
   */
  public synchronized ShowFrame nextFrame() {
    return state.nextFrame();
  }

  @Override
  public synchronized List<ControlParameter> parameters() {
    return table.parameters(state);
  }

  /** Stops the tempo clock. */
  @Override
  public void close() {
    state.tempo.close();
  }
}
