package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The entry point: the kinds of {@link Trajectory}, {@link #play}, which drives one from a frame clock, and
 * {@link #follow}, which turns a program's own {@code Flux<Latent>} into one a live show can play.
 *
 * <p>Time: a run's position counts frames of the clock it was started with. Durations in seconds become
 * {@code round(seconds · fps)} whole frames (it must come to at least 1), so at normal speed every boundary (a keyframe, the end of
 * a loop) falls exactly on a frame. Seeded kinds give bit-identical latents for the same seed, fps and steps.
 */
public final class Trajectories {
  private Trajectories() {}

  /**
   * A morph through {@code keyframes}: the frame that starts segment k is keyframe k, exactly; in between the
   * latents ease sinusoidally ({@code (1 − cos πu) / 2} of the segment fraction u), slow at keyframes and fast
   * between. Each segment takes {@code round(secondsPerSegment · fps)} frames. Without {@code loop} the morph rests on
   * the last keyframe (and on the first before frame 0, when played backwards); with {@code loop} it goes on from the
   * last keyframe back to the first, forever. One keyframe gives a still.
   *
   * @param keyframes one or more latents of one size
   * @param interpolation {@link Interpolation#LINEAR} (lerp) or {@link Interpolation#SPHERICAL} (slerp)
   */
  public static Trajectory morph(
      List<Latent> keyframes, double secondsPerSegment, Interpolation interpolation, boolean loop) {
    return new Morph(keyframes, secondsPerSegment, interpolation, loop);
  }

  /**
   * An endless seeded random walk that stays in the typical set of N(0, I): a smoothed Ornstein–Uhlenbeck process
   * whose stationary distribution is N(0, I), started in that distribution, with its norm kept within
   * {@code (0.7·√size, 1.3·√size)}. Latents {@code timescaleSeconds} apart are still related; a few timescales apart
   * they are unrelated. Played backwards it still walks forward.
   */
  public static Trajectory randomWalk(int size, long seed, double timescaleSeconds) {
    return new RandomWalk(size, seed, timescaleSeconds);
  }

  /**
   * A seamless loop for looping GIFs and installations: a smooth closed curve through the typical set of N(0, I),
   * made of {@code harmonics} integer frequencies with seeded Gaussian coefficients (slower harmonics stronger), its
   * norm kept within {@code (0.7·√size, 1.3·√size)}. With {@code N = round(secondsPerLoop · fps)} frames per loop,
   * frame N is frame 0 bit-exactly, and so is every multiple of N.
   */
  public static Trajectory loop(int size, long seed, double secondsPerLoop, int harmonics) {
    return new Loop(size, seed, secondsPerLoop, harmonics);
  }

  /**
   * A trajectory that is whatever {@code latents} said last: a program's own {@code Flux<Latent>} (a Lissajous path,
   * an audio feature, another show) played by a live show in place of a preset's trajectory, under the show's
   * controls. It subscribes now; before the first latent it is all zeros, and time does not move it (a hold or a
   * speed change has nothing to slow). {@link Followed#dispose()} cancels the subscription.
   *
   * @throws IllegalArgumentException if {@code size} is not positive; a latent of another size, when it comes, is
   *     dropped and logged
   */
  public static Followed follow(Flux<Latent> latents, int size) {
    return new Followed(latents, size);
  }

  /**
   * Plays a fresh run for each subscriber: one latent per tick of {@code Flux.interval(1/fps, scheduler)}, the first
   * (frame 0) one period after subscribing. The run keeps time even when the subscriber is slow: it gets the latest
   * latent, not a queue. Cancelling stops the clock.
   */
  public static Flux<Latent> play(Trajectory trajectory, double fps, Scheduler scheduler) {
    Duration period = Duration.ofNanos(Math.round(1e9 / FrameCounts.requireFps(fps)));
    if (period.isZero()) {
      throw new IllegalArgumentException(fps + " frames per second is faster than the clock's nanoseconds");
    }
    return Flux.defer(
        () -> {
          Trajectory.Run run = trajectory.start(fps);
          return Flux.interval(period, scheduler).map(tick -> run.next()).onBackpressureLatest();
        });
  }
}
