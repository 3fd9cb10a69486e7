package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The entry point: the kinds of {@link Trajectory}, the combinators that change them live, and {@link #play}, which
 * drives one from a frame clock.
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
   * A crossfade: {@code from.lerp(to, weight)} each frame, so weight 0 gives {@code from} and 1 gives {@code to},
   * exactly. Both sources keep running whatever the weight.
   *
   * @param weight a knob whose range lies within [0, 1]
   */
  public static Trajectory blend(Trajectory from, Trajectory to, Knob weight) {
    return new Blend(from, to, weight);
  }

  /** Latent arithmetic on a moving trajectory: {@code source + offset} each frame. */
  public static Trajectory offset(Trajectory source, LatentKnob offset) {
    return new Offset(source, offset);
  }

  /**
   * The source played at a live speed (1 normal, 2 double, 0 still, negative backwards): each frame moves the
   * source's position on by the current speed, so changing it changes the pace without a jump in the picture.
   */
  public static Trajectory speed(Trajectory source, Knob speed) {
    // Speed scales the step, never the position, so a change bends the pace without a jump.
    return new Retimed(source, frames -> frames * speed.get());
  }

  /**
   * Freezes the source's time while {@code held} is on: the picture stays (live controls inside the source still
   * act), and switching off resumes from where it stopped, without a jump.
   */
  public static Trajectory hold(Trajectory source, Switch held) {
    // Holding stops the source's time rather than copying its latent, so release resumes where it stopped.
    return new Retimed(source, frames -> held.isOn() ? 0 : frames);
  }

  /**
   * Plays a fresh run for each subscriber: one latent per tick of {@code Flux.interval(1/fps, scheduler)}, the first
   * (frame 0) one period after subscribing. The run keeps time even when the subscriber is slow: it gets the latest
   * latent, not a queue. Cancelling stops the clock.
   */
  public static Flux<Latent> play(Trajectory trajectory, double fps, Scheduler scheduler) {
    Duration period = Duration.ofNanos(Math.round(1e9 / Frames.requireFps(fps)));
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
