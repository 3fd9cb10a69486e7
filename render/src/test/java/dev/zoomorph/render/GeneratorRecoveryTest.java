package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.show.Scene;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@link FrameRenderer} rebuilds generators that die, falls back from a lost GL context, and drops a hung frame. */
@Timeout(120)
class GeneratorRecoveryTest {
  private static final ModelSpec.RandomCppn MODEL = new ModelSpec.RandomCppn(7, 3, 8, 3, 3, 4f);
  private static final Scene FRAME = Layers.alone(Layers.layer(MODEL, Latent.gaussian(3, 2), PostSpec.NONE));
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The TensorFlow session dies (closed under the show): after three failed frames it is rebuilt. */
  @Test
  void aGeneratorThatKeepsThrowingIsRebuilt() {
    List<PostProcessedGenerator> built = new CopyOnWriteArrayList<>();
    try (FrameRenderer renderer = new FrameRenderer(model -> {
      PostProcessedGenerator made = RenderBackends.forModel(model, Backend.CPU, RenderOptions.HEADLESS);
      built.add(made);
      return made;
    })) {
      renderer.prepare(FRAME.current().preset());
      Frame before = renderer.render(FRAME, 32, 24);
      built.get(0).close(); // the session is gone: every frame of this generator now throws

      for (int i = 0; i < GeneratorSupervisor.FAILURES_BEFORE_REBUILD; i++) {
        assertThatThrownBy(() -> renderer.render(FRAME, 32, 24)).hasMessageContaining("closed");
      }
      Frame after = firstFrame(renderer, FRAME);
      assertThat(built).hasSize(2);
      assertThat(after.pixels()).isEqualTo(before.pixels());
      assertThat(renderer.generatorRebuilds()).isEqualTo(1);
    }
  }

  /**
   * A model whose generator needs a native library that will not load (TensorFlow's, for a DCGAN) is unavailable like
   * a bad file, when switched to and when rebuilt: the rebuild is tried again rather than the error ending the
   * rebuild thread.
   */
  @Test
  void aModelThatCannotLinkIsUnavailableAndItsRebuildIsTriedAgain() {
    ModelSpec unlinkable = new ModelSpec.Trained("emoji-dcgan", 4, 3);
    List<PostProcessedGenerator> built = new CopyOnWriteArrayList<>();
    AtomicInteger rebuildTries = new AtomicInteger(); // on the rebuild thread
    try (FrameRenderer renderer = new FrameRenderer(model -> {
      if (model.equals(unlinkable) || built.size() == 1 && rebuildTries.getAndIncrement() < 2) {
        throw new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
      }
      PostProcessedGenerator made = RenderBackends.forModel(model, Backend.CPU, RenderOptions.HEADLESS);
      built.add(made);
      return made;
    })) {
      assertThatThrownBy(() -> renderer.prepare(Layers.layer(unlinkable, Latent.gaussian(4, 1), PostSpec.NONE)
          .preset()))
          .isInstanceOf(ModelUnavailableException.class)
          .hasMessage("model emoji-dcgan cannot run here: java.lang.UnsatisfiedLinkError: no tensorflow_cc in"
              + " java.library.path");

      renderer.prepare(FRAME.current().preset());
      Frame before = renderer.render(FRAME, 32, 24);
      built.get(0).close(); // every frame now throws; the first two rebuilds fail to link
      for (int i = 0; i < GeneratorSupervisor.FAILURES_BEFORE_REBUILD; i++) {
        assertThatThrownBy(() -> renderer.render(FRAME, 32, 24)).hasMessageContaining("closed");
      }
      Frame after = firstFrame(renderer, FRAME);
      assertThat(rebuildTries.get()).isEqualTo(3); // two rebuilds failed to link, the third built
      assertThat(built).hasSize(2);
      assertThat(after.pixels()).isEqualTo(before.pixels());
    }
  }

  /** One failure, then success: no rebuild (a hiccup costs one frame, not the generator). */
  @Test
  void aSingleFailureDoesNotRebuild() {
    List<Generator> built = new CopyOnWriteArrayList<>();
    Flaky flaky = new Flaky();
    try (FrameRenderer renderer = new FrameRenderer(model -> {
      built.add(flaky);
      return RenderBackends.withPostProcessing(flaky);
    })) {
      renderer.prepare(FRAME.current().preset());
      for (int round = 0; round < 5; round++) {
        flaky.failNext = GeneratorSupervisor.FAILURES_BEFORE_REBUILD - 1;
        for (int i = 0; i < GeneratorSupervisor.FAILURES_BEFORE_REBUILD - 1; i++) {
          assertThatThrownBy(() -> renderer.render(FRAME, 8, 8)).hasMessageContaining("hiccup");
        }
        renderer.render(FRAME, 8, 8);
      }
      assertThat(built).hasSize(1);
      assertThat(renderer.generatorRebuilds()).isZero();
    }
  }

  /**
   * The GL context is destroyed under a GL show: frames come back on TensorFlow (the same picture within the
   * shader's rounding) and, after the retry interval, from GL again on a new device; nothing is left on it at close.
   */
  @Test
  void aLostGlContextFallsBackToTensorFlowAndGlComesBackLater() {
    try (FrameRenderer renderer = FrameRenderer.on(Backend.GL)) {
      renderer.retryGlAfter(Duration.ofSeconds(2));
      renderer.prepare(FRAME.current().preset());
      Frame onGl = renderer.render(FRAME, 32, 24);
      GlDevice lost = GlFaults.lostDevice();
      assertThat(lost.isLost()).isTrue();

      assertThatThrownBy(() -> renderer.render(FRAME, 32, 24)).isInstanceOf(GlContextLostException.class);
      Frame onTensorFlow = firstFrame(renderer, FRAME);
      assertThat(renderer.onGlFallback()).isTrue();
      assertThat(PixelStats.meanAbsoluteDifference(onTensorFlow, onGl)).as("same picture, other backend").isLessThan(1.0);

      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (renderer.onGlFallback()) {
        assertThat(System.nanoTime()).as("back on GL within %s", PATIENCE).isLessThan(deadline);
        renderer.render(FRAME, 32, 24);
      }
      GlDevice fresh = GlDevice.acquire();
      try {
        assertThat(fresh).isNotSameAs(lost);
        long readbacks = fresh.objects().readbacks();
        Frame backOnGl = renderer.render(FRAME, 32, 24);
        assertThat(fresh.objects().readbacks()).as("drawn on the new device").isGreaterThan(readbacks);
        assertThat(backOnGl.pixels()).isEqualTo(onGl.pixels());
      } finally {
        fresh.release();
      }
      assertThat(renderer.generatorRebuilds()).isEqualTo(2); // once on TensorFlow, once back on GL
    }
  }

  /**
   * A frame hangs in its generator: the watchdog's {@link FrameRenderer#abandonGenerators} lets later frames render
   * with a new generator, and the hung frame, when it finally returns, is dropped.
   */
  @Test
  void abandoningAHungFrameRebuildsTheGeneratorsAndDropsThatFrame() throws Exception {
    CountDownLatch hang = new CountDownLatch(1);
    List<Hanging> built = new CopyOnWriteArrayList<>();
    try (FrameRenderer renderer = new FrameRenderer(model -> {
      Hanging made = new Hanging(built.isEmpty() ? hang : null);
      built.add(made);
      return RenderBackends.withPostProcessing(made);
    })) {
      renderer.prepare(FRAME.current().preset());
      CompletableFuture<Frame> hung = CompletableFuture.supplyAsync(() -> renderer.render(FRAME, 8, 8));
      built.get(0).entered.await(30, TimeUnit.SECONDS);

      renderer.abandonGenerators();
      firstFrame(renderer, FRAME);
      assertThat(built).hasSize(2);
      assertThat(built.get(1).frames).isPositive();

      hang.countDown();
      assertThat(hung).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
          .withMessageContaining("gave up on this frame");
      assertThat(built.get(0).closed.await(30, TimeUnit.SECONDS)).as("the hung generator is closed").isTrue();
    }
  }

  /** Renders until a frame comes out (the generator is rebuilt off this thread meanwhile). */
  private static Frame firstFrame(FrameRenderer renderer, Scene frame) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        return renderer.render(frame, 32, 24);
      } catch (IllegalStateException skipped) {
        assertThat(System.nanoTime()).as("a frame within %s (last: %s)", PATIENCE, skipped).isLessThan(deadline);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Throws "hiccup" for the next {@link #failNext} frames. */
  private static final class Flaky implements Generator {
    volatile int failNext;

    @Override
    public int latentSize() {
      return 3;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public Frame render(Latent latent, View view) {
      if (failNext > 0) {
        failNext--;
        throw new IllegalStateException("hiccup");
      }
      return new Frame(view.width(), view.height(), 1, new byte[view.width() * view.height()]);
    }

    @Override
    public void close() {}
  }

  /** Blocks in its first frame until {@code hang} opens (when given one). */
  private static final class Hanging implements Generator {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private final @Nullable CountDownLatch hang;
    volatile int frames;

    Hanging(@Nullable CountDownLatch hang) {
      this.hang = hang;
    }

    @Override
    public int latentSize() {
      return 3;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public synchronized Frame render(Latent latent, View view) {
      entered.countDown();
      if (hang != null) {
        try {
          hang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      frames++;
      return new Frame(view.width(), view.height(), 1, new byte[view.width() * view.height()]);
    }

    @Override
    public synchronized void close() {
      closed.countDown();
    }
  }
}
