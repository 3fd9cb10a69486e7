package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.show.FrameClock;
import dev.zoomorph.engine.show.FrameTick;
import dev.zoomorph.engine.show.LiveShow;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.engine.trajectory.Trajectory;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.FrameRenderer;
import dev.zoomorph.render.PostProcessedGenerator;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import dev.zoomorph.render.WindowOutput;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A show that can play live: its {@link #controls() controls} (the {@code /zoomorph/} address space that OSC, MIDI
 * and the HTTP API change), the {@link FrameRenderer} that turns their scenes into pixels, its frame clock and the
 * size viewers get. The render loop renders one frame per clock tick (the newest tick, when it falls behind) from
 * what the controls say at that frame's start, post-processing included. {@link #close} frees every generator once
 * the render loop has stopped.
 */
public final class Show implements AutoCloseable {

  private final LiveShow controls;
  private final FrameSize output;
  private final double fps;
  private final Scheduler clock;
  private final FrameRenderer renderer;
  /** The latent of the newest frame rendered, for the state API; written by the render thread. */
  private volatile @Nullable Latent renderedLatent;
  /** The scene of every frame rendered, for the state stream: published on the render thread, never waited for. */
  private final Sinks.Many<RenderedScene> renderedScenes = Sinks.many().multicast().directBestEffort();
  private final long startNanos;
  /** Render thread. */
  private long nextFrame;

  /**
   * Plays {@code preset} at {@code fps} on {@code clock} (its time paces the trajectory, its timer the frames).
   *
   * @param generatorFactory builds the generator of a model; called on the thread that switches presets, never on
   *     the render loop's (except to rebuild one that a switch back raced with its closing)
   */
  Show(Preset preset, FrameSize output, double fps, Scheduler clock,
      Function<ModelSpec, PostProcessedGenerator> generatorFactory) {
    this(preset, null, output, fps, clock, generatorFactory);
  }

  /** Plays {@code trajectory} (when not null) in place of the preset's, under the show's controls. */
  Show(Preset preset, @Nullable Trajectory trajectory, FrameSize output, double fps, Scheduler clock,
      Function<ModelSpec, PostProcessedGenerator> generatorFactory) {
    this.output = output;
    this.fps = fps;
    this.clock = clock;
    this.renderer = new FrameRenderer(generatorFactory);
    this.startNanos = clock.now(TimeUnit.NANOSECONDS);
    try {
      renderer.prepare(preset);
      this.controls = new LiveShow(preset, trajectory, fps, () -> clock.now(TimeUnit.NANOSECONDS), this::load);
    } catch (RuntimeException e) {
      renderer.close();
      throw e;
    }
  }

  /**
   * The show a preset describes (a bundled name or a {@code .json}/{@code .yaml} path), delivered at {@code output}
   * size, paced at {@code fps}, its models' generators on {@code backend}.
   *
   * @throws dev.zoomorph.engine.preset.PresetException naming the preset, field and problem
   * @throws IllegalArgumentException naming the value if the frame rate is out of range or a model file is bad
   */
  static Show of(String nameOrPath, FrameSize output, double fps, Backend backend) {
    if (!(fps > 0) || fps > 1000) {
      throw new IllegalArgumentException("frame rate must be in (0, 1000], was " + fps);
    }
    return new Show(Presets.load(nameOrPath), output, fps, Schedulers.parallel(), generators(backend));
  }

  /** Builds the generator of a preset's model on {@code backend}; the show sets its post-processing per frame. */
  static Function<ModelSpec, PostProcessedGenerator> generators(Backend backend) {
    return model -> RenderBackends.forModel(model, backend, RenderOptions.HEADLESS);
  }

  /** The show's live controls: the {@link dev.zoomorph.engine.control.ControlSurface} for every input. */
  public LiveShow controls() {
    return controls;
  }

  /** The size viewers get. */
  public FrameSize output() {
    return output;
  }

  /** The frame clock: one tick per frame interval, from a period after subscribing. */
  Flux<FrameTick> ticks() {
    return FrameClock.live(fps, clock);
  }

  /** Shows every frame from now on in {@code window} too; close the window after this show. */
  void presentIn(WindowOutput window) {
    renderer.presentIn(window);
  }

  /**
   * Renders {@code scene} at the output size (times the preset's render scale): during a switch between models both
   * presets' pictures blended, each with its own post-processing. Render thread only.
   */
  Frame render(Scene scene) {
    long now = clock.now(TimeUnit.NANOSECONDS);
    renderedLatent = scene.current().latent();
    Frame frame = renderer.render(scene, output.width(), output.height());
    renderedScenes.tryEmitNext(new RenderedScene(nextFrame++, now - startNanos, scene));
    return frame;
  }

  /**
   * The scene of each frame rendered from now on, published beside the frame on the render thread while a
   * subscriber has demand; completes when the show closes. Hand scenes off (as the state stream's encoder does)
   * rather than work on them in place: a subscriber that lags misses scenes and never holds the show up.
   */
  Flux<RenderedScene> renderedScenes() {
    return renderedScenes.asFlux();
  }

  /** Recovery hook for the render watchdog: gives up on every generator (a frame hung); they are rebuilt. */
  void abandonGenerators() {
    renderer.abandonGenerators();
  }

  /** Generators rebuilt since the start (repeated failures, a lost GL context, a hung frame). */
  long generatorRebuilds() {
    return renderer.generatorRebuilds();
  }

  /** Whether frames are drawn on the CPU because the GL context was lost (GL is tried again later). */
  boolean onGlFallback() {
    return renderer.onGlFallback();
  }

  /** How long after a GL context loss the show tries GL again (default 60 s). */
  void retryGlAfter(Duration wait) {
    renderer.retryGlAfter(wait);
  }

  /** The latent of the newest frame rendered (the playing preset's), or null before the first frame. */
  @Nullable Latent renderedLatent() {
    return renderedLatent;
  }

  /** Loads a preset for a live switch and builds its generator, on the switching thread. */
  private Preset load(String nameOrPath) {
    Preset preset = Presets.load(nameOrPath);
    renderer.prepare(preset);
    return preset;
  }

  /** Frees every generator; call once the render loop has stopped. Idempotent. */
  @Override
  public void close() {
    renderedScenes.tryEmitComplete();
    renderer.close();
  }
}
