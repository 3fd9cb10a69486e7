package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/** The render watchdog on a real render loop ticking every 20 ms, with renderers that hang or die on cue. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RenderWatchdogTest {
  private static final Duration STALL = Duration.ofMillis(400);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Frame FRAME = new Frame(2, 2, 1, new byte[4]);

  /**
   * A frame hangs: the watchdog gives up on the generators and restarts the loop; the loop is not producing (so
   * {@code /health} says 503) until a frame comes from the restarted loop, and is producing again after it.
   */
  @Test
  void aHungFrameRestartsTheLoopWhichIsDownUntilItProducesAgain() throws Exception {
    AtomicBoolean hangNext = new AtomicBoolean();
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean rebuilding = new AtomicBoolean(true);
    AtomicInteger abandoned = new AtomicInteger();
    Supplier<Frame> renderer = () -> {
      if (hangNext.getAndSet(false)) {
        hung.countDown();
        Polling.awaitUninterruptibly(release); // does not return while the test runs, as a stuck driver call
      }
      if (abandoned.get() > 0 && rebuilding.get()) {
        throw new IllegalStateException("the generator is being rebuilt; frame skipped");
      }
      return FRAME;
    };
    try (RenderLoop loop = new RenderLoop(Flux.interval(Duration.ofMillis(20)), ticks -> ticks,
        tick -> renderer.get(), tick -> "one model", System::nanoTime);
        RenderWatchdog watchdog = new RenderWatchdog(loop, STALL, STALL, abandoned::incrementAndGet, () -> { },
            System::nanoTime)) {
      Polling.await(() -> loop.isProducing(), PATIENCE, () -> "first frames");
      hangNext.set(true);
      assertThat(hung.await(30, TimeUnit.SECONDS)).isTrue();

      Polling.await(() -> loop.restarts() == 1, PATIENCE, () -> "a restart");
      assertThat(abandoned.get()).as("the hung generators given up").isEqualTo(1);
      // Frames from before the restart are fresh, yet the loop is down until it produces.
      assertThat(loop.isProducing()).isFalse();
      Thread.sleep(STALL.toMillis() * 3);
      assertThat(loop.isProducing()).isFalse();
      assertThat(loop.restarts()).as("skipped frames are the supervisor's to mend, not a stall").isEqualTo(1);

      rebuilding.set(false);
      Polling.await(() -> loop.isProducing(), PATIENCE, () -> "frames again");
      release.countDown();
    }
  }

  /** The loop dies (an Error escapes a frame): it is restarted, and its generators are left alone. */
  @Test
  void aLoopThatDiedIsRestartedWithoutGivingUpOnItsGenerators() {
    AtomicBoolean dieNext = new AtomicBoolean();
    AtomicInteger abandoned = new AtomicInteger();
    AtomicInteger frames = new AtomicInteger();
    Supplier<Frame> renderer = () -> {
      if (dieNext.getAndSet(false)) {
        throw new AssertionError("an error no frame should throw, which ends the loop");
      }
      frames.incrementAndGet();
      return FRAME;
    };
    try (RenderLoop loop = new RenderLoop(Flux.interval(Duration.ofMillis(20)), ticks -> ticks,
        tick -> renderer.get(), tick -> "one model", System::nanoTime);
        RenderWatchdog watchdog = new RenderWatchdog(loop, STALL, STALL, abandoned::incrementAndGet, () -> { },
            System::nanoTime)) {
      Polling.await(() -> frames.get() > 3, PATIENCE, () -> "first frames");
      dieNext.set(true);
      Polling.await(() -> !loop.isRunning() || loop.restarts() > 0, PATIENCE, () -> "the loop to die");
      Polling.await(() -> loop.restarts() == 1 && loop.isProducing(), PATIENCE,
          () -> "a restart and frames, restarts " + loop.restarts());
      assertThat(abandoned.get()).isZero();
    }
  }

  /**
   * A switch to a model whose frames are slow (its first one builds it) is not a stall: its first frame has the
   * grace of a model's first frame, and the ones after it set the limit by their pace (the limit learned from the
   * fast model's frames restarted the loop on every first slow frame, until the watchdog gave up: serve exited).
   */
  @Test
  void aSwitchToASlowModelIsNotAStall() throws Exception {
    AtomicBoolean slow = new AtomicBoolean();
    AtomicInteger slowFrames = new AtomicInteger();
    AtomicInteger gaveUp = new AtomicInteger();
    Supplier<Frame> renderer = () -> {
      if (slow.get()) {
        // The first frame of the slow model builds it, and takes longest.
        sleep(slowFrames.getAndIncrement() == 0 ? STALL.multipliedBy(3) : STALL.multipliedBy(2));
      }
      return FRAME;
    };
    try (RenderLoop loop = new RenderLoop(Flux.interval(Duration.ofMillis(20)), ticks -> ticks,
        tick -> renderer.get(), tick -> slow.get() ? "slow model" : "fast model", System::nanoTime);
        RenderWatchdog watchdog = new RenderWatchdog(loop, STALL, STALL.multipliedBy(5), () -> { },
            gaveUp::incrementAndGet, System::nanoTime)) {
      Polling.await(() -> loop.frameCount() > 10, PATIENCE, () -> "fast frames");
      slow.set(true);
      Polling.await(() -> slowFrames.get() > 5, PATIENCE, () -> slowFrames + " slow frames");
      assertThat(loop.restarts()).isZero();
      assertThat(gaveUp.get()).isZero();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Restarts that bring no frame back: after three the watchdog gives up, once. */
  @Test
  void restartsThatDoNotHelpEndInGivingUpOnce() throws Exception {
    AtomicInteger gaveUp = new AtomicInteger();
    AtomicInteger frames = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Supplier<Frame> renderer = () -> {
      if (frames.incrementAndGet() > 3) {
        Polling.awaitUninterruptibly(release); // from the fourth frame on, every frame hangs
      }
      return FRAME;
    };
    try (RenderLoop loop = new RenderLoop(Flux.interval(Duration.ofMillis(20)), ticks -> ticks,
        tick -> renderer.get(), tick -> "one model", System::nanoTime);
        RenderWatchdog watchdog = new RenderWatchdog(loop, STALL, STALL, () -> { }, gaveUp::incrementAndGet,
            System::nanoTime)) {
      Polling.await(() -> gaveUp.get() == 1, PATIENCE, () -> "restarts " + loop.restarts());
      assertThat(loop.restarts()).isEqualTo(RenderWatchdog.MAX_RESTARTS);
      Thread.sleep(STALL.toMillis() * 3);
      assertThat(gaveUp.get()).isEqualTo(1);
      release.countDown();
    }
  }

}
