package dev.zoomorph.render;

import dev.zoomorph.engine.preset.ModelSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link FrameRenderer}'s generators alive: one per model, built by the factory on the thread that prepares
 * it, and rebuilt off the render thread when it fails.
 *
 * <ul>
 *   <li>A generator that throws {@value #FAILURES_BEFORE_REBUILD} frames in a row (a TensorFlow session that died, a
 *       GL error on every draw) is closed and built again; a build that fails is retried with a growing pause.
 *   <li>A generator whose GL context was lost ({@link GlContextLostException}) is rebuilt at once on the fallback
 *       factory (the CPU), and on the primary one again after {@link #retryPrimaryAfter}; if GL still cannot be
 *       had then, the fallback stays and GL is tried again later.
 *   <li>{@link #abandonAll} gives up on every generator at once, for the render watchdog when a frame hung: they are
 *       closed on a thread of their own (a hung one never returns) and rebuilt, GL ones on a new device.
 * </ul>
 *
 * While a model's generator is being rebuilt {@link #forFrame} returns null and the frame is skipped (or drawn
 * without its fading layer): the render loop never waits for a build.
 */
final class GeneratorSupervisor implements AutoCloseable {
  static final int FAILURES_BEFORE_REBUILD = 3;
  static final Duration DEFAULT_RETRY_PRIMARY = Duration.ofSeconds(60);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(GeneratorSupervisor.class);

  /** One model's generator and its recovery state. */
  private static final class Slot {
    /** What frames use; null while it is rebuilt. */
    volatile @Nullable PostProcessedGenerator generator;
    /** A primary generator built to replace the fallback one, installed by the render thread. */
    volatile @Nullable PostProcessedGenerator replacement;
    volatile boolean onFallback;
    /** Consecutive failed frames; render thread. */
    int failures;

    Slot(@Nullable PostProcessedGenerator generator) {
      this.generator = generator;
    }
  }

  private final Function<ModelSpec, ? extends PostProcessedGenerator> primary;
  private final Function<ModelSpec, ? extends PostProcessedGenerator> fallback;
  private final Map<ModelSpec, Slot> slots = new ConcurrentHashMap<>();
  private final ScheduledExecutorService builder;
  private final AtomicLong rebuilds = new AtomicLong();
  private volatile Duration retryPrimaryAfter = DEFAULT_RETRY_PRIMARY;
  private volatile boolean closed;

  GeneratorSupervisor(Function<ModelSpec, ? extends PostProcessedGenerator> primary,
      Function<ModelSpec, ? extends PostProcessedGenerator> fallback) {
    this.primary = primary;
    this.fallback = fallback;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "zoomorph-rebuild");
      thread.setDaemon(true);
      return thread;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.builder = executor;
  }

  /** How long a show renders on the fallback after a GL context loss before trying GL again. */
  void retryPrimaryAfter(Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the GL retry interval must not be negative, was " + wait);
    }
    retryPrimaryAfter = wait;
  }

  /**
   * Builds {@code model}'s generator on the calling thread unless it has one (or one is being rebuilt).
   *
   * @throws ModelUnavailableException naming the file and problem when the model cannot be built
   * @throws GlUnavailableException when the GL backend was asked for and no OpenGL context can be made
   */
  void prepare(ModelSpec model) {
    checkOpen();
    slots.computeIfAbsent(model, m -> new Slot(build(primary, m)));
    if (closed) {
      close(); // closed while this one was being built
      checkOpen();
    }
  }

  /**
   * The generator to draw {@code model} with in the frame starting now, or null while it is being rebuilt; installs
   * a rebuilt GL generator in place of its fallback. Render thread.
   */
  @Nullable PostProcessedGenerator forFrame(ModelSpec model) {
    checkOpen();
    Slot slot = slots.get(model);
    if (slot == null) {
      // Only when a switch back raced with the closing of this model's generator: built here, once.
      prepare(model);
      slot = slots.get(model);
      if (slot == null) {
        return null;
      }
    }
    PostProcessedGenerator replacement = slot.replacement;
    if (replacement != null) {
      slot.replacement = null;
      PostProcessedGenerator old = slot.generator;
      slot.generator = replacement;
      slot.onFallback = false;
      slot.failures = 0;
      LOG.info("{}: back on the primary backend", describe(model));
      if (old != null) {
        closeQuietly(model, old);
      }
    }
    return slot.generator;
  }

  /** {@code model}'s generator drew its layer. Render thread. */
  void succeeded(ModelSpec model) {
    Slot slot = slots.get(model);
    if (slot != null) {
      slot.failures = 0;
    }
  }

  /**
   * {@code model}'s generator {@code failed} to draw its layer: after {@value #FAILURES_BEFORE_REBUILD} failures in a
   * row, or at once when its GL context was lost, it is taken out and rebuilt off the render thread. Render thread.
   */
  void failed(ModelSpec model, RuntimeException failure) {
    Slot slot = slots.get(model);
    if (slot == null || slot.generator == null) {
      return;
    }
    boolean lost = failure instanceof GlContextLostException;
    if (!lost && ++slot.failures < FAILURES_BEFORE_REBUILD) {
      return;
    }
    PostProcessedGenerator broken = slot.generator;
    slot.generator = null;
    slot.failures = 0;
    boolean onFallback = lost || slot.onFallback;
    LOG.error("{}: {}; rebuilding it{}", describe(model),
        lost ? failure.getMessage() : FAILURES_BEFORE_REBUILD + " frames failed in a row (" + failure + ")",
        onFallback ? " on the CPU" : "");
    builder.execute(() -> {
      closeQuietly(model, broken);
      rebuild(model, slot, onFallback, FIRST_BACKOFF);
    });
  }

  /**
   * Gives up on every generator: takes them out, closes them on a thread of their own (one may never return from the
   * frame it hung in), gives up on their GL device, and rebuilds them (GL ones on the fallback first). Any thread.
   */
  void abandonAll() {
    for (Map.Entry<ModelSpec, Slot> entry : slots.entrySet()) {
      Slot slot = entry.getValue();
      PostProcessedGenerator stuck = slot.generator;
      slot.generator = null;
      slot.failures = 0;
      boolean gl = stuck instanceof GlGenerator;
      if (stuck instanceof GlGenerator glGenerator) {
        glGenerator.device().abandon();
      }
      if (stuck != null) {
        Thread closer = new Thread(() -> closeQuietly(entry.getKey(), stuck), "zoomorph-abandoned-generator");
        closer.setDaemon(true);
        closer.start();
      }
      boolean onFallback = gl || slot.onFallback;
      builder.execute(() -> rebuild(entry.getKey(), slot, onFallback, FIRST_BACKOFF));
    }
  }

  /** Closes {@code model}'s generator: its model dropped out of the frames. Render thread. */
  void drop(ModelSpec model) {
    Slot slot = slots.remove(model);
    if (slot != null) {
      closeSlot(model, slot);
    }
  }

  /** Generators rebuilt since the start (after failures, a lost GL context, or a hung frame). */
  long rebuilds() {
    return rebuilds.get();
  }

  /** Whether some model renders on the fallback because its GL context was lost. */
  boolean onFallback() {
    return slots.values().stream().anyMatch(slot -> slot.onFallback);
  }

  /** Frees every generator; call once rendering has stopped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    builder.shutdownNow();
    for (ModelSpec model : Set.copyOf(slots.keySet())) {
      Slot slot = slots.remove(model);
      if (slot != null) {
        closeSlot(model, slot);
      }
    }
  }

  /** Rebuild thread: builds {@code slot}'s generator, or tries again after {@code backoff}. */
  private void rebuild(ModelSpec model, Slot slot, boolean onFallback, Duration backoff) {
    if (closed || slots.get(model) != slot) {
      return;
    }
    PostProcessedGenerator made;
    try {
      made = build(onFallback ? fallback : primary, model);
    } catch (RuntimeException e) {
      Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      LOG.error("{}: rebuilding failed ({}); trying again in {} ms", describe(model), e.getMessage(),
          backoff.toMillis());
      schedule(() -> rebuild(model, slot, onFallback, next), backoff);
      return;
    }
    if (!install(model, slot, made)) {
      return;
    }
    slot.onFallback = onFallback;
    rebuilds.incrementAndGet();
    LOG.info("{}: rebuilt{}", describe(model), onFallback ? " on the CPU; GL is tried again in "
        + retryPrimaryAfter.toSeconds() + " s" : "");
    if (onFallback) {
      schedule(() -> retryPrimary(model, slot), retryPrimaryAfter);
    }
  }

  /** Rebuild thread: builds the primary generator to replace the fallback, or tries again later. */
  private void retryPrimary(ModelSpec model, Slot slot) {
    if (closed || slots.get(model) != slot || !slot.onFallback) {
      return;
    }
    PostProcessedGenerator made;
    try {
      made = build(primary, model);
    } catch (RuntimeException e) {
      LOG.warn("{}: GL is still unavailable ({}); staying on the CPU, trying again in {} s", describe(model),
          e.getMessage(), retryPrimaryAfter.toSeconds());
      schedule(() -> retryPrimary(model, slot), retryPrimaryAfter);
      return;
    }
    if (closed || slots.get(model) != slot) {
      closeQuietly(model, made);
      return;
    }
    slot.replacement = made; // the render thread swaps it in and closes the fallback
    rebuilds.incrementAndGet();
  }

  /** Puts a rebuilt generator in its slot; closes it instead when the slot went away meanwhile. */
  private boolean install(ModelSpec model, Slot slot, PostProcessedGenerator made) {
    if (closed || slots.get(model) != slot) {
      closeQuietly(model, made);
      return false;
    }
    slot.failures = 0;
    slot.generator = made;
    if (closed || slots.get(model) != slot) { // closed or dropped while installing
      slot.generator = null;
      closeQuietly(model, made);
      return false;
    }
    return true;
  }

  private void schedule(Runnable task, Duration delay) {
    if (!closed) {
      builder.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static PostProcessedGenerator build(Function<ModelSpec, ? extends PostProcessedGenerator> factory,
      ModelSpec model) {
    try {
      return factory.apply(model);
    } catch (GlUnavailableException | ModelUnavailableException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelUnavailableException(model, e);
    } catch (LinkageError e) {
      // Unavailable like a bad file: a switch is refused, a rebuild tried again later, a start fails with one line.
      // Thrown on, the error would end the thread that asked (a control input, the rebuild thread).
      throw new ModelUnavailableException(model, e);
    }
  }

  private static void closeSlot(ModelSpec model, Slot slot) {
    PostProcessedGenerator generator = slot.generator;
    PostProcessedGenerator replacement = slot.replacement;
    slot.generator = null;
    slot.replacement = null;
    if (generator != null) {
      closeQuietly(model, generator);
    }
    if (replacement != null) {
      closeQuietly(model, replacement);
    }
  }

  private static void closeQuietly(ModelSpec model, PostProcessedGenerator generator) {
    try {
      generator.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the generator of {} failed: {}", describe(model), e.toString());
    }
  }

  private static String describe(ModelSpec model) {
    return "the generator of " + model;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the frame renderer is closed");
    }
  }
}
