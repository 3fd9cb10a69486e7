package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** See {@link Trajectories#follow}. */
public final class Followed implements Trajectory, Disposable {
  private static final Logger log = LoggerFactory.getLogger(Followed.class);

  private final int size;
  private final AtomicReference<Latent> latest;
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
      } else {
        log.warn("followed latent of size {} dropped: the show's latents have size {}", latent.size(), size);
      }
    }, error -> log.warn("the followed latents failed; the last one stays: {}", error.toString()));
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
