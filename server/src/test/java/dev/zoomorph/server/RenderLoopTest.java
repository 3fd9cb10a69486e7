package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

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
  void aBusyLoopSkipsToTheNewestLatentOnItsOwnThread() {
    GatedGenerator generator = new GatedGenerator();
    Sinks.Many<Latent> latents = Sinks.many().multicast().onBackpressureBuffer();
    try (RenderLoop loop = new RenderLoop(generator, latents.asFlux(), View.of(1, 1), System::nanoTime)) {
      StepVerifier.create(loop.frames().map(frame -> frame.sample(0, 0, 0)).take(2))
          .then(() -> {
            latents.tryEmitNext(Latent.of(1));
            awaitQuietly(generator.firstRenderStarted);
            // While latent 1 renders, three more arrive: only the newest should be rendered next.
            latents.tryEmitNext(Latent.of(2));
            latents.tryEmitNext(Latent.of(3));
            latents.tryEmitNext(Latent.of(4));
            generator.permits.release(2);
          })
          .expectNext(1, 4)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      assertThat(List.copyOf(generator.rendered)).containsExactly(1f, 4f);
      assertThat(generator.thread).startsWith("zoomorph-render");
      assertThat(loop.frameCount()).isEqualTo(2);
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
    Sinks.Many<Latent> latents = Sinks.many().unicast().onBackpressureBuffer();
    try (RenderLoop loop = new RenderLoop(generator, latents.asFlux(), View.of(1, 1), System::nanoTime)) {
      StepVerifier.create(loop.frames().map(frame -> frame.sample(0, 0, 0)).take(1))
          .then(() -> {
            latents.tryEmitNext(Latent.of(-1));
            latents.tryEmitNext(Latent.of(5));
          })
          .expectNext(5)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
      assertThat(loop.isProducing(Duration.ofMinutes(1))).isTrue();
    }
  }

  @Test
  void closingCompletesTheFramesAndStopsProducing() {
    GatedGenerator generator = new GatedGenerator();
    Sinks.Many<Latent> latents = Sinks.many().multicast().onBackpressureBuffer();
    RenderLoop loop = new RenderLoop(generator, latents.asFlux(), View.of(1, 1), System::nanoTime);
    StepVerifier.create(loop.frames())
        .then(loop::close)
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertThat(loop.isProducing(Duration.ofMinutes(1))).isFalse();
    assertThat(generator.closed).as("the show, not the loop, owns the generator").isFalse();
  }
}
