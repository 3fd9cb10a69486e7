package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.show.LiveShow;
import dev.zoomorph.engine.show.ShowFrame;
import dev.zoomorph.render.FrameRenderer;
import dev.zoomorph.render.PostProcessedGenerator;
import dev.zoomorph.render.WindowOutput;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * A show that can play live: its {@link #controls() controls} (the {@code /zoomorph/} address space that OSC, MIDI
 * and the HTTP API change), the {@link FrameRenderer} that turns their frames into pixels, its frame clock and the
 * size viewers get. The render loop renders one frame per clock tick (the newest tick, when it falls behind) from
 * what the controls say at that frame's start, post-processing included. {@link #close} frees every generator once
 * the render loop has stopped.
 */
public final class Show implements AutoCloseable {

  private final LiveShow controls;
  private final FrameSize output;
  private final Duration framePeriod;
  private final Scheduler clock;
  private final FrameRenderer renderer;
  /** The latent of the newest frame rendered, for the state API; written by the render thread. */
  private volatile @Nullable Latent renderedLatent;

  /**
   * Plays {@code preset} at {@code fps} on {@code clock} (its time paces the trajectory, its timer the frames).
   *
   * @param generatorFactory builds the generator of a model; called on the thread that switches presets, never on
   *     the render loop's (except to rebuild one that a switch back raced with its closing)
   */
  Show(Preset preset, FrameSize output, double fps, Scheduler clock,
      Function<ModelSpec, PostProcessedGenerator> generatorFactory) {
    this.output = output;
    this.framePeriod = Duration.ofNanos(Math.round(1e9 / fps));
    this.clock = clock;
    this.renderer = new FrameRenderer(generatorFactory);
    try {
      renderer.prepare(preset.model());
      this.controls = new LiveShow(preset, fps, clock, this::load);
    } catch (RuntimeException e) {
      renderer.close();
      throw e;
    }
  }

  /** The show's live controls: the {@link dev.zoomorph.engine.control.ControlSurface} for every input. */
  public LiveShow controls() {
    return controls;
  }

  /** The size viewers get; frames rendered smaller are upscaled (bilinear) when they are encoded. */
  public FrameSize output() {
    return output;
  }

  /** The frame clock: one tick per frame interval, from a period after subscribing. */
  Flux<Long> ticks() {
    return Flux.interval(framePeriod, clock);
  }

  /** Shows every frame from now on in {@code window} too; close the window after this show. */
  void presentIn(WindowOutput window) {
    renderer.presentIn(window);
  }

  /**
   * Renders the frame that starts now: the controls' newest state, and during a switch between models both
   * presets' pictures blended, each with its own post-processing. Render thread only.
   */
  Frame renderFrame() {
    ShowFrame frame = controls.nextFrame();
    renderedLatent = frame.current().latent();
    return renderer.render(frame, output.width(), output.height());
  }

  /** The latent of the newest frame rendered (the playing preset's), or null before the first frame. */
  @Nullable Latent renderedLatent() {
    return renderedLatent;
  }

  /** Loads a preset for a live switch and builds its generator, on the switching thread. */
  private Preset load(String nameOrPath) {
    Preset preset = Presets.load(nameOrPath);
    renderer.prepare(preset.model());
    return preset;
  }

  /** Stops the controls' clock and frees every generator; call once the render loop has stopped. Idempotent. */
  @Override
  public void close() {
    controls.close();
    renderer.close();
  }
}
