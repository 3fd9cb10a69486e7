package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** See {@link Trajectories#follow}. */
public final class Followed implements Trajectory, Disposable {
  private static final Logger log = LoggerFactory.getLogger(Followed.class);

  private final int size;
  private final AtomicReference<Latent> latest;
  private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
  private final Disposable subscription;

  Followed(Flux<Latent> latents, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("latent size must be positive, was " + size);
    }
    this.size = size;
    this.latest = new AtomicReference<>(Latent.zeros(size));
    this.subscription = latents.subscribe(latent -> {
      if (latent.size() == size) {
        latest.set(latent);
        return;
      }
      RuntimeException wrong = new IllegalArgumentException("followed latents of size " + latent.size()
          + " are dropped: the show's latents have size " + size);
      RuntimeException before = failure.getAndSet(wrong);
      // Said once for each size, not for every latent: a program's stream may bring fifty a second.
      if (before == null || !String.valueOf(before.getMessage()).equals(wrong.getMessage())) {
        log.warn("{}", wrong.getMessage());
      }
    }, error -> {
      failure.set(error instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("the followed latents failed: " + error, error));
      log.warn("the followed latents failed; the last one stays: {}", error.toString());
    });
  }

  /**
   * Why latents of the program's stream were dropped (another size: an {@link IllegalArgumentException}) or why the
   * stream ended with an error, the newest; null while all came through.
   */
  public @Nullable RuntimeException failure() {
    return failure.get();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Run start(double fps) {
    FrameCounts.requireFps(fps);
    return new Run() {
      @Override
      public Latent latent() {
        return latest.get();
      }

      @Override
      public void advance(double frames) {
        FrameCounts.requireFinite(frames);
      }
    };
  }

  @Override
  public void dispose() {
    subscription.dispose();
  }

  @Override
  public boolean isDisposed() {
    return subscription.isDisposed();
  }
}
