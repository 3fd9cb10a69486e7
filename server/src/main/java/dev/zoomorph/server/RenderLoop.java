package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Renders a show on a dedicated thread, one frame per tick of its frame clock (the newest tick when it falls
 * behind), each from the scene the show makes of its controls at the moment the frame starts, and publishes each frame to whoever is
 * listening right now. Listeners that are not ready miss frames instead of holding the loop up: the loop does no I/O
 * and never waits for a consumer.
 */
final class RenderLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RenderLoop.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final LongSupplier nanoClock;
  private final Scheduler thread = Schedulers.newSingle("zoomorph-render", true);
  private final Sinks.Many<Frame> frames = Sinks.many().multicast().directBestEffort();
  private final FpsMeter meter = new FpsMeter();
  private final Disposable subscription;
  private volatile boolean running = true;

  /** Renders {@code show}'s scenes; its {@code /zoomorph/fps} reads this loop's meter. */
  RenderLoop(Show show) {
    this(show.ticks(), show.controls()::scenes, show::render, System::nanoTime);
    show.controls().measureFpsWith(this::fps);
  }

  /**
   * Renders on the render thread what {@code scenes} makes of each tick, skipping to the newest tick while a frame
   * renders. The scenes are made as their ticks reach the render thread, so whatever arrived before a frame starts
   * is in that frame.
   */
  <T, S> RenderLoop(Flux<T> ticks, Function<Flux<T>, Flux<S>> scenes, Function<S, Frame> renderer,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.subscription = ticks
        .onBackpressureLatest()
        .publishOn(thread, 1)
        .transform(scenes)
        .<Frame>handle((scene, sink) -> {
          Frame frame = renderSafely(renderer, scene);
          if (frame != null) {
            sink.next(frame);
          }
        })
        .subscribe(this::publish, this::clockFailed, this::clockEnded);
  }

  /** A generator hiccup costs one frame, not the show. */
  private static <S> @Nullable Frame renderSafely(Function<S, Frame> renderer, S scene) {
    try {
      return renderer.apply(scene);
    } catch (RuntimeException e) {
      log.warn("frame skipped: {}", e.toString());
      return null;
    }
  }

  private void clockFailed(Throwable error) {
    log.error("the show's frames failed; the render loop stops", error);
    clockEnded();
  }

  private void clockEnded() {
    running = false;
    frames.tryEmitComplete();
  }

  private void publish(Frame frame) {
    meter.record(nanoClock.getAsLong());
    frames.tryEmitNext(frame);
  }

  /**
   * Frames from now on; completes when the loop stops. Frames are delivered on the render thread and only while a
   * subscriber has demand: subscribers must hand frames off (e.g. {@code onBackpressureLatest().publishOn(...)})
   * rather than work on them in place, and those that lag behind miss frames.
   */
  Flux<Frame> frames() {
    return frames.asFlux();
  }

  /** Frames per second over the last two seconds. */
  double fps() {
    return meter.fps(nanoClock.getAsLong());
  }

  /** Frames rendered since the start. */
  long frameCount() {
    return meter.total();
  }

  /** Whether the loop runs and has produced a frame within {@code staleAfter}. */
  boolean isProducing(Duration staleAfter) {
    long newest = meter.newestNanos();
    return running && newest != Long.MIN_VALUE && nanoClock.getAsLong() - newest <= staleAfter.toNanos();
  }

  /** Stops taking ticks, waits for the frame in progress, then completes {@link #frames()}; idempotent. */
  @Override
  public void close() {
    running = false;
    subscription.dispose();
    thread.disposeGracefully().timeout(STOP_TIMEOUT).onErrorResume(e -> {
      log.warn("the render thread did not stop within {}", STOP_TIMEOUT);
      thread.dispose();
      return Mono.empty();
    }).block();
    frames.tryEmitComplete();
  }
}
