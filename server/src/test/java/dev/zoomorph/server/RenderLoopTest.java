package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.show.FrameTick;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.testing.LogLines;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RenderLoopTest {

  /** Renders 1×1 frames whose grey level is the latent's first component; each render waits for a permit. */
  private static final class GatedGenerator implements Generator {
    final Semaphore permits = new Semaphore(0);
    final ConcurrentLinkedQueue<Float> rendered = new ConcurrentLinkedQueue<>();
    final CountDownLatch firstRenderStarted = new CountDownLatch(1);
    volatile String thread = "";
    volatile boolean closed;

    @Override
    public int latentSize() {
      return 1;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public Frame render(Latent latent, View view) {
      thread = Thread.currentThread().getName();
      firstRenderStarted.countDown();
      permits.acquireUninterruptibly();
      if (latent.get(0) < 0) {
        throw new IllegalArgumentException("negative latents are refused");
      }
      rendered.add(latent.get(0));
      return new Frame(1, 1, 1, new byte[] {(byte) latent.get(0)});
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aBusyLoopSkipsToTheNewestTickAndEachFrameHasEveryInputThatArrivedBeforeItStarted() {
    GatedGenerator generator = new GatedGenerator();
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Show show = new Show(TestShows.preset("gated", new ModelSpec.RandomCppn(1, 1, 1, 1, 1, 1f),
        new TrajectorySpec.RandomWalk(1, 1)), new FrameSize(1, 1), 30, time,
        model -> RenderBackends.withPostProcessing(generator));
    Sinks.Many<FrameTick> ticks = Sinks.many().multicast().onBackpressureBuffer();
    try (show; RenderLoop loop = new RenderLoop(ticks.asFlux(), show.controls()::scenes, show::render,
        scene -> scene.current().preset().model(), System::nanoTime)) {
      show.controls().apply(ControlMessage.of("/zoomorph/hold", true));
      show.controls().apply(ControlMessage.of("/zoomorph/latent/0", 1));
      StepVerifier.create(loop.frames().map(frame -> frame.sample(0, 0, 0)).take(2))
          .then(() -> {
            ticks.tryEmitNext(new FrameTick(1, 0));
            awaitQuietly(generator.firstRenderStarted);
            // While frame 1 renders, three inputs and three ticks arrive: the next frame is rendered once, from
            // the newest input.
            for (int i = 2; i <= 4; i++) {
              show.controls().apply(ControlMessage.of("/zoomorph/latent/0", i));
              ticks.tryEmitNext(new FrameTick(i, 0));
            }
            generator.permits.release(2);
          })
          .expectNext(1, 4)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      assertThat(List.copyOf(generator.rendered)).containsExactly(1f, 4f);
      assertThat(generator.thread).startsWith("zoomorph-render");
      assertThat(loop.frameCount()).isEqualTo(2);
    } finally {
      time.dispose();
    }
  }

  @Test
  void theShowsClockPacesTheFramesAndItsFpsAddressReadsTheMeter() {
    GatedGenerator generator = new GatedGenerator();
    generator.permits.release(100);
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Show show = new Show(TestShows.preset("paced", new ModelSpec.RandomCppn(1, 1, 1, 1, 1, 1f),
        new TrajectorySpec.RandomWalk(1, 1)), new FrameSize(1, 1), 10, time,
        model -> RenderBackends.withPostProcessing(generator));
    show.controls().apply(ControlMessage.of("/zoomorph/hold", true));
    show.controls().apply(ControlMessage.of("/zoomorph/latent/0", 2)); // the gated generator refuses negatives
    try (show; RenderLoop loop = new RenderLoop(show)) {
      StepVerifier.create(loop.frames().take(3))
          .then(() -> time.advanceTimeBy(Duration.ofMillis(100)))
          .expectNextCount(1)
          .then(() -> time.advanceTimeBy(Duration.ofMillis(100)))
          .expectNextCount(1)
          .then(() -> time.advanceTimeBy(Duration.ofMillis(100)))
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      ControlParameter fps = show.controls().parameters().stream()
          .filter(p -> p.address().equals("/zoomorph/fps")).findFirst().orElseThrow();
      assertThat(fps.writable()).isFalse();
      assertThat((double) fps.value().get(0)).isEqualTo(loop.fps()).isPositive();
    } finally {
      time.dispose();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("the render thread started").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailedFrameIsSkippedAndTheLoopGoesOn() {
    GatedGenerator generator = new GatedGenerator();
    generator.permits.release(10);
    Queue<Latent> inputs = new ConcurrentLinkedQueue<>(List.of(Latent.of(-1), Latent.of(5)));
    Sinks.Many<Long> ticks = Sinks.many().unicast().onBackpressureBuffer();
    try (RenderLoop loop = new RenderLoop(ticks.asFlux(), frames -> frames,
        tick -> generator.render(inputs.remove(), View.of(1, 1)), tick -> "one model", System::nanoTime)) {
      StepVerifier.create(loop.frames().map(frame -> frame.sample(0, 0, 0)).take(1))
          .then(() -> {
            ticks.tryEmitNext(1L);
            ticks.tryEmitNext(2L);
          })
          .expectNext(5)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      assertThat(loop.isProducing()).isTrue();
    }
  }

  /**
   * A loop whose frames take 8 s each (8K on a CPU) is producing between them, for three such gaps, and not after
   * (it was down five seconds after each frame).
   */
  @Test
  void aLoopOfSlowFramesIsProducingBetweenThem() {
    AtomicLong clock = new AtomicLong();
    long slow = Duration.ofSeconds(8).toNanos();
    Sinks.Many<Long> ticks = Sinks.many().unicast().onBackpressureBuffer();
    try (RenderLoop loop = new RenderLoop(ticks.asFlux(), frames -> frames, tick -> {
      clock.addAndGet(slow);
      return new Frame(1, 1, 1, new byte[1]);
    }, tick -> "one model", clock::get)) {
      // One tick at a time: a tick that comes while a frame renders replaces the one waiting.
      StepVerifier.create(loop.frames().take(3))
          .then(() -> ticks.tryEmitNext(0L))
          .expectNextCount(1)
          .then(() -> ticks.tryEmitNext(1L))
          .expectNextCount(1)
          .then(() -> ticks.tryEmitNext(2L))
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      assertThat(loop.isProducing()).isTrue();
      clock.addAndGet(Duration.ofSeconds(7).toNanos());
      assertThat(loop.isProducing()).as("7 s after a frame, between two").isTrue();
      clock.addAndGet(Duration.ofSeconds(17).toNanos());
      assertThat(loop.isProducing()).as("three gaps after the newest").isTrue();
      clock.addAndGet(1);
      assertThat(loop.isProducing()).isFalse();
    }
  }

  /**
   * Frames skipped for one reason are said once, then at most once a minute with how many more (a generator being
   * rebuilt skipped every frame: a WARN line each, thirty a second); a new reason is said at once, reasons taking
   * turns each once, and frames rendering again are said with how many were skipped.
   */
  @Test
  void skippedFramesAreSaidOnceAMinuteNotEveryFrame() {
    AtomicLong clock = new AtomicLong();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 8; i++) {
      failures.add("being rebuilt");
    }
    // Two reasons taking turns (around a restart), each said once.
    failures.addAll(List.of("broken", "being rebuilt", "broken", "being rebuilt"));
    Frame frame = new Frame(1, 1, 1, new byte[1]);
    try (LogLines log = new LogLines(RenderLoop.class);
        RenderLoop loop = new RenderLoop(Flux.interval(Duration.ofMillis(5)), ticks -> ticks, tick -> {
          clock.addAndGet(Duration.ofSeconds(10).toNanos()); // each frame ten seconds after the one before
          String failure = failures.poll();
          if (failure != null) {
            throw new IllegalStateException(failure);
          }
          return frame;
        }, tick -> "one model", clock::get)) {
      StepVerifier.create(loop.frames().take(1)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(30));
      assertThat(log.lines()).containsExactly(
          "WARN frame skipped: java.lang.IllegalStateException: being rebuilt",
          "WARN 6 more frames skipped in the last minute: java.lang.IllegalStateException: being rebuilt",
          "WARN frame skipped: java.lang.IllegalStateException: broken",
          "INFO frames render again after 12 skipped");
    }
  }

  @Test
  void closingCompletesTheFramesAndStopsProducing() {
    GatedGenerator generator = new GatedGenerator();
    Sinks.Many<Long> ticks = Sinks.many().multicast().onBackpressureBuffer();
    RenderLoop loop = new RenderLoop(ticks.asFlux(), frames -> frames,
        tick -> generator.render(Latent.of(1), View.of(1, 1)), tick -> "one model", System::nanoTime);
    StepVerifier.create(loop.frames())
        .then(loop::close)
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertThat(loop.isProducing()).isFalse();
    assertThat(generator.closed).as("the show, not the loop, owns the generator").isFalse();
    assertThat(generator.rendered).isEmpty();
  }
}
