package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A generator whose next frame, once {@code hangNext} is set, does not return until {@code release} counts down (a
 * TensorFlow session or a GL driver stuck): the render loop stops producing while every socket stays open.
 */
final class HangingGenerator implements Generator {
  private final Generator inner;
  private final AtomicBoolean hangNext;
  private final CountDownLatch release;

  HangingGenerator(Generator inner, AtomicBoolean hangNext, CountDownLatch release) {
    this.inner = inner;
    this.hangNext = hangNext;
    this.release = release;
  }

  @Override
  public int latentSize() {
    return inner.latentSize();
  }

  @Override
  public int channels() {
    return inner.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    if (hangNext.getAndSet(false)) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the watchdog's restart interrupts it: it hangs on regardless
        Polling.awaitUninterruptibly(release);
      }
    }
    return inner.render(latent, view);
  }

  @Override
  public void close() {
    inner.close();
  }
}
