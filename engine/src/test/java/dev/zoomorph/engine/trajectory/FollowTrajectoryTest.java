package dev.zoomorph.engine.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

class FollowTrajectoryTest {
  @Test
  void aFollowedTrajectoryIsTheLatestLatentAndDropsOnesOfAnotherSize() {
    Sinks.Many<Latent> latents = Sinks.many().multicast().directBestEffort();
    Followed followed = Trajectories.follow(latents.asFlux(), 2);
    Trajectory.Run run = followed.start(30);
    assertThat(run.latent()).isEqualTo(Latent.zeros(2));
    latents.tryEmitNext(Latent.of(1, 2));
    run.advance(1);
    assertThat(run.latent()).isEqualTo(Latent.of(1, 2));
    assertThat(followed.failure()).isNull();
    latents.tryEmitNext(Latent.of(1, 2, 3)); // another size: dropped, and said
    assertThat(followed.failure()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("followed latents of size 3 are dropped: the show's latents have size 2");
    latents.tryEmitNext(Latent.of(3, 4));
    assertThat(run.next()).isEqualTo(Latent.of(3, 4));
    followed.dispose();
    assertThat(latents.currentSubscriberCount()).isZero();
    assertThat(run.latent()).isEqualTo(Latent.of(3, 4)); // the last one stays
  }

  @Test
  void aStreamThatFailsIsSaidAndItsLastLatentStays() {
    Sinks.Many<Latent> latents = Sinks.many().multicast().directBestEffort();
    Followed followed = Trajectories.follow(latents.asFlux(), 2);
    latents.tryEmitNext(Latent.of(5, 6));
    latents.tryEmitError(new IllegalStateException("the program's latents failed"));
    assertThat(followed.failure()).hasMessage("the program's latents failed");
    assertThat(followed.start(30).latent()).isEqualTo(Latent.of(5, 6));
  }
}
