package dev.zoomorph.engine.trajectory;

import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class PlayTrajectoryTest {
  private static final Trajectory LOOP = Trajectories.loop(32, 1, 2, 3);

  @Test
  void oneSecondAt30FpsGivesTheFirst30Frames() {
    List<Latent> expected = frames(LOOP, 30, 30);

    StepVerifier.withVirtualTime(() -> Trajectories.play(LOOP, 30, VirtualTimeScheduler.get()))
        .expectSubscription()
        .expectNoEvent(Duration.ofNanos(33_333_332))
        .thenAwait(Duration.ofNanos(1))
        .expectNext(expected.get(0))
        .thenAwait(Duration.ofSeconds(1).minusNanos(33_333_333))
        .recordWith(ArrayList::new)
        .expectNextCount(29)
        .consumeRecordedWith(recorded -> assertThat(recorded).isEqualTo(expected.subList(1, 30)))
        .expectNoEvent(Duration.ofMillis(30))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void cancellingStopsTheClock() {
    AtomicInteger steps = new AtomicInteger();
    Trajectory counted = counting(LOOP, steps);
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

    StepVerifier.create(Trajectories.play(counted, 30, scheduler))
        .then(() -> scheduler.advanceTimeBy(Duration.ofSeconds(1)))
        .expectNextCount(30)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    scheduler.advanceTimeBy(Duration.ofMinutes(10));

    assertThat(steps).hasValue(30);
  }

  @Test
  void aSlowSubscriberGetsTheLatestFrameAndTheClockKeepsTime() {
    Trajectory walk = Trajectories.randomWalk(32, 3, 1);
    List<Latent> expected = frames(walk, 30, 90);

    StepVerifier.withVirtualTime(() -> Trajectories.play(walk, 30, VirtualTimeScheduler.get()), 0)
        .thenAwait(Duration.ofSeconds(2))
        .thenRequest(1)
        .expectNext(expected.get(59))
        .thenAwait(Duration.ofSeconds(1))
        .thenRequest(1)
        .expectNext(expected.get(89))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void eachSubscriberGetsItsOwnRunFromFrame0() {
    List<Latent> expected = frames(LOOP, 30, 3);
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    var flux = Trajectories.play(LOOP, 30, scheduler).take(3);

    StepVerifier.create(flux)
        .then(() -> scheduler.advanceTimeBy(Duration.ofSeconds(1)))
        .expectNextSequence(expected)
        .verifyComplete();
    StepVerifier.create(flux)
        .then(() -> scheduler.advanceTimeBy(Duration.ofSeconds(1)))
        .expectNextSequence(expected)
        .verifyComplete();
  }

  @Test
  void rejectsImpossibleFrameRates() {
    assertThatThrownBy(() -> Trajectories.play(LOOP, 0, Schedulers.immediate()))
        .hasMessageContaining("frames per second must be finite and positive, was 0.0");
    assertThatThrownBy(() -> Trajectories.play(LOOP, 1e10, Schedulers.immediate()))
        .hasMessageContaining("faster than");
  }

  /** A trajectory that counts the frames its runs are advanced, to see when the clock stops. */
  private static Trajectory counting(Trajectory source, AtomicInteger steps) {
    return new Trajectory() {
      @Override
      public int size() {
        return source.size();
      }

      @Override
      public Run start(double fps) {
        Run run = source.start(fps);
        return new Run() {
          @Override
          public dev.zoomorph.engine.latent.Latent latent() {
            return run.latent();
          }

          @Override
          public void advance(double frames) {
            steps.incrementAndGet();
            run.advance(frames);
          }
        };
      }
    };
  }
}
