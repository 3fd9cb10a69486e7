package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The show's operators on their own: composed by a program, and a show's stream taken again after it stopped. */
class ShowOperatorsTest {
  private static final double FPS = 10;
  private static final TrajectorySpec.Loop LOOP = new TrajectorySpec.Loop(4, 2, 3);
  private static final Preset PRESET = new Preset("loop", "", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f), LOOP,
      ViewSpec.DEFAULT, 1, TempoSpec.DEFAULT, 0, 1, List.of(), PostSpec.NONE);

  private static Latent[] reference(int frames) {
    Trajectory.Run run = LOOP.toTrajectory(4).start(FPS);
    Latent[] latents = new Latent[frames];
    for (int i = 0; i < frames; i++) {
      latents[i] = run.next();
    }
    return latents;
  }

  @Test
  void aProgramComposesItsOwnLatentStreamFromTheOperators() {
    LiveShow show = new LiveShow(PRESET, FPS, () -> 0);
    show.apply(ControlMessage.of("/zoomorph/speed", 2));
    show.apply(ControlMessage.of("/zoomorph/latent/1", 0.5));
    Latent[] path = reference(9);
    // Speed and offset as the show does them, then the program's own operator: the latent mirrored.
    Flux<Latent> latents = show.cues(FrameClock.exact(FPS))
        .transform(ShowOperators.steps())
        .transform(ShowOperators.speed())
        .transform(ShowOperators.play())
        .transform(ShowOperators.offset())
        .map(moment -> moment.latent().scale(-1))
        .take(5);
    Latent offset = Latent.of(0, 0.5f, 0, 0);
    StepVerifier.create(latents)
        .expectNext(path[0].add(offset).scale(-1), path[2].add(offset).scale(-1), path[4].add(offset).scale(-1),
            path[6].add(offset).scale(-1), path[8].add(offset).scale(-1))
        .verifyComplete();
  }

  @Test
  void withoutTheSpeedOperatorSpeedDoesNothing() {
    LiveShow show = new LiveShow(PRESET, FPS, () -> 0);
    show.apply(ControlMessage.of("/zoomorph/speed", 0));
    Latent[] path = reference(3);
    StepVerifier.create(show.cues(FrameClock.exact(FPS))
            .transform(ShowOperators.steps())
            .transform(ShowOperators.play())
            .map(Moment::latent)
            .take(3))
        .expectNext(path)
        .verifyComplete();
  }

  @Test
  void aShowsScenesTakenAgainGoOnWhereTheLastFluxStopped() {
    LiveShow show = new LiveShow(PRESET, FPS, () -> 0);
    Latent[] path = reference(10);
    // A render loop restarted after frame 4: its new flux of ticks goes on from frame 5's time.
    List<Latent> first = show.scenes(FrameClock.exact(FPS).take(5)).map(s -> s.current().latent()).collectList()
        .block();
    List<Latent> second = show.scenes(FrameClock.exact(FPS).skip(5).take(5)).map(s -> s.current().latent())
        .collectList().block();
    assertThat(first).containsExactly(path[0], path[1], path[2], path[3], path[4]);
    assertThat(second).containsExactly(path[5], path[6], path[7], path[8], path[9]);
  }

  @Test
  void aHoldOnTheLiveClockFreezesTheNextFrameAndLettingGoGlidesBackOverABeat() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    try {
      LiveShow show = new LiveShow(PRESET, FPS, () -> time.now(TimeUnit.NANOSECONDS));
      Duration frame = Duration.ofMillis(100);
      Latent[] path = reference(8);
      StepVerifier.withVirtualTime(
              () -> show.scenes(FrameClock.live(FPS, time)).map(s -> s.current().latent()).take(10),
              () -> time, Long.MAX_VALUE)
          .expectSubscription()
          .thenAwait(frame)
          .expectNext(path[0]) // 0.1 s
          .thenAwait(frame)
          .expectNext(path[1])
          .then(() -> show.apply(ControlMessage.of("/zoomorph/hold", true)))
          .thenAwait(frame)
          .expectNext(path[1]) // held: the picture of the frame before
          .thenAwait(frame)
          .expectNext(path[1])
          .then(() -> show.apply(ControlMessage.of("/zoomorph/hold", false)))
          .thenAwait(frame)
          // Let go at 0.4 s: the trajectory goes on from where it stopped, and the picture glides there over a beat
          // (0.5 s at 120 bpm) from the held picture.
          .expectNext(path[1])
          .thenAwait(frame)
          .expectNextMatches(latent -> !latent.equals(path[1]) && !latent.equals(path[3]))
          .thenAwait(frame.multipliedBy(3))
          .expectNextCount(3)
          .thenAwait(frame)
          .expectNext(path[7]) // 1.0 s: the glide is over
          .verifyComplete();
    } finally {
      time.dispose();
    }
  }
}
