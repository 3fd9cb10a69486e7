package dev.zoomorph.server;

import dev.zoomorph.engine.concurrent.SingleThreads;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.web.FpsMeter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
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
  /** What {@link #frameStartedNanos()} is between frames. */
  static final long NO_FRAME = Long.MIN_VALUE;

  /** What the loop renders: the frames a render thread makes of the ticks. */
  private final Function<Scheduler, Flux<Frame>> pipeline;
  private final LongSupplier nanoClock;
  private final Sinks.Many<Frame> frames = Sinks.many().multicast().directBestEffort();
  private final FpsMeter meter = new FpsMeter();
  private volatile boolean running = true;
  // Replaced by restart(); guarded by this.
  private boolean closed;
  private Scheduler thread;
  private Disposable subscription;
  /** When the frame being rendered started, or {@link #NO_FRAME}: tells a hung frame from a loop that stopped. */
  private volatile long frameStartedNanos = NO_FRAME;
  /** When the newest frame started (rendered or skipped), or {@link #NO_FRAME}: the loop takes ticks. */
  private volatile long lastAttemptNanos = NO_FRAME;
  /** When the loop was last restarted (the start before that): frames older than it do not count as producing. */
  private volatile long restartedNanos = Long.MIN_VALUE;
  private volatile int restarts;
  /** What the newest frame drew (its model), or null before the first and after a restart. */
  private volatile @Nullable Object drawn;
  /** Whether the frame being rendered draws something the previous frame did not: it builds what it draws. */
  private volatile boolean drawsAnew = true;
  private final SkippedFrames skipped = new SkippedFrames();

  /** Renders {@code show}'s scenes; its {@code /zoomorph/fps} reads this loop's meter. */
  RenderLoop(Show show) {
    this(show.ticks(), show.controls()::scenes, show::render, scene -> scene.current().preset().model(),
        System::nanoTime);
    show.controls().measureFpsWith(this::fps);
  }

  /**
   * Renders on the render thread what {@code scenes} makes of each tick, skipping to the newest tick while a frame
   * renders. The scenes are made as their ticks reach the render thread, so whatever arrived before a frame starts
   * is in that frame. After a {@link #restart}, the new thread applies {@code scenes} to the ticks afresh (the show's
   * operators go on where they stopped). {@code drawing} says what a scene draws (its model): the first frame of
   * something else, which builds it, is {@link #drawsAnew}.
   */
  <T, S> RenderLoop(Flux<T> ticks, Function<Flux<T>, Flux<S>> scenes, Function<S, Frame> renderer,
      Function<S, ?> drawing, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.pipeline = on -> ticks
        .onBackpressureLatest()
        .publishOn(on, 1)
        .transform(scenes)
        .<Frame>handle((scene, sink) -> {
          long started = nanoClock.getAsLong();
          Object draws = drawing.apply(scene);
          drawsAnew = !draws.equals(drawn);
          frameStartedNanos = started;
          lastAttemptNanos = started;
          Frame frame = renderSafely(renderer, scene);
          if (on != currentThread()) {
            return; // a hung frame that returned after a restart: dropped
          }
          frameStartedNanos = NO_FRAME;
          if (frame != null) {
            drawn = draws;
            skipped.rendered();
            sink.next(frame);
          }
        });
    synchronized (this) {
      this.thread = Schedulers.newSingle("zoomorph-render", true);
      this.subscription = subscribe(thread);
    }
  }

  private Disposable subscribe(Scheduler on) {
    return pipeline.apply(on).subscribe(this::publish, this::clockFailed, this::clockEnded);
  }

  private synchronized Scheduler currentThread() {
    return thread;
  }

  /** A generator hiccup costs one frame, not the show. */
  private <S> @Nullable Frame renderSafely(Function<S, Frame> renderer, S scene) {
    try {
      return renderer.apply(scene);
    } catch (RuntimeException e) {
      skipped.skipped(e.toString(), nanoClock.getAsLong());
      return null;
    }
  }

  /**
   * Says why frames are skipped without saying it every frame (a generator being rebuilt skips every frame until it
   * is back, and a rebuild that keeps failing retries for as long as the show runs): each reason once at first, then
   * at most once a minute with how many more frames it cost, and when frames render again. Reasons are remembered
   * until a frame renders, so two that take turns (around a restart) are each said once.
   */
  private static final class SkippedFrames {
    private static final long SAY_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    /** More reasons than any run of skips has had; beyond them, a new one starts the memory afresh. */
    private static final int MAX_REASONS = 16;

    /** A reason's frames skipped since it was last said, and when it may be said again. */
    private static final class Unsaid {
      long frames;
      long sayAt;
    }

    private final Map<String, Unsaid> reasons = new LinkedHashMap<>();
    private long skippedInAll;

    // A hung frame's thread may still return a failure after a restart: both threads come here.
    synchronized void skipped(String why, long now) {
      skippedInAll++;
      Unsaid unsaid = reasons.get(why);
      if (unsaid == null) {
        if (reasons.size() == MAX_REASONS) {
          reasons.clear();
        }
        unsaid = new Unsaid();
        unsaid.sayAt = now + SAY_EVERY_NANOS;
        reasons.put(why, unsaid);
        log.warn("frame skipped: {}", why);
        return;
      }
      unsaid.frames++;
      if (now - unsaid.sayAt >= 0) {
        log.warn("{} more frames skipped in the last minute: {}", unsaid.frames, why);
        unsaid.frames = 0;
        unsaid.sayAt = now + SAY_EVERY_NANOS;
      }
    }

    synchronized void rendered() {
      if (skippedInAll > 0) {
        log.info("frames render again after {} skipped", skippedInAll);
        reasons.clear();
        skippedInAll = 0;
      }
    }
  }

  /** The loop stops but {@link #frames()} stays open: the render watchdog restarts it. */
  private void clockFailed(Throwable error) {
    log.error("the render loop failed and stopped (the watchdog restarts it)", error);
    running = false;
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

  /** Frames per second over the last five seconds (the last two frames when they are slower). */
  double fps() {
    return meter.fps(nanoClock.getAsLong());
  }

  /** Frames rendered since the start. */
  long frameCount() {
    return meter.total();
  }

  /**
   * Whether the loop runs and frames come ({@link FpsMeter#isFresh}: within five seconds, or three of its slowest
   * recent gaps between frames), the newest since its last {@link #restart}.
   */
  boolean isProducing() {
    long newest = meter.newestNanos();
    return running && newest != Long.MIN_VALUE && newest >= restartedNanos && meter.isFresh(nanoClock.getAsLong());
  }

  /** The longest of the recent gaps between frames ({@link FpsMeter#slowestRecentGapNanos}). */
  long slowestRecentGapNanos() {
    return meter.slowestRecentGapNanos();
  }

  /** When the newest frame was published ({@code Long.MIN_VALUE} before the first), on the loop's clock. */
  long newestFrameNanos() {
    return meter.newestNanos();
  }

  /** When the frame being rendered now started, or {@link #NO_FRAME} between frames, on the loop's clock. */
  long frameStartedNanos() {
    return frameStartedNanos;
  }

  /**
   * Whether the frame being rendered (or the next, between frames) is the first of what it draws since the start, a
   * {@link #restart} or a switch to another model: it builds its generators (a model loads, shaders compile).
   */
  boolean drawsAnew() {
    return drawsAnew;
  }

  /** When the newest frame started, rendered or skipped, or {@link #NO_FRAME} before the first, on the loop's clock. */
  long lastAttemptNanos() {
    return lastAttemptNanos;
  }

  /** Whether the loop takes ticks: false once closed, or when its clock failed or ended (until a restart). */
  boolean isRunning() {
    return running;
  }

  /** Times {@link #restart} ran. */
  int restarts() {
    return restarts;
  }

  /**
   * Starts the loop again on a new render thread, for a watchdog that saw no frame for too long: the old thread is
   * left to its frame (it may never return; a frame it returns is dropped), the ticks are taken afresh, and
   * {@link #frames()} goes on for its subscribers. Until the new thread publishes a frame the loop is not producing.
   * No-op once closed.
   */
  synchronized void restart() {
    if (closed) {
      return;
    }
    restartedNanos = nanoClock.getAsLong();
    restarts++;
    drawn = null; // the hung frame's generators are rebuilt
    drawsAnew = true;
    Scheduler old = thread;
    subscription.dispose();
    thread = Schedulers.newSingle("zoomorph-render", true);
    frameStartedNanos = NO_FRAME;
    running = true;
    subscription = subscribe(thread);
    old.dispose();
  }

  /** Stops taking ticks, waits for the frame in progress, then completes {@link #frames()}; idempotent. */
  @Override
  public void close() {
    Scheduler stopping;
    synchronized (this) {
      closed = true;
      running = false;
      subscription.dispose();
      stopping = thread;
    }
    if (!SingleThreads.disposeAfterQueued(stopping, STOP_TIMEOUT)) {
      log.warn("the render thread did not stop within {}", STOP_TIMEOUT);
    }
    frames.tryEmitComplete();
  }
}
