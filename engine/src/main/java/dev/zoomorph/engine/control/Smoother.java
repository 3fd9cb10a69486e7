package dev.zoomorph.engine.control;

import java.time.Duration;

/**
 * Smooths one control value so a jittery knob does not jitter the picture.
 *
 * <p>Exponential approach with time constant τ: each frame of length {@code dt} covers the fraction {@code 1 −
 * exp(−dt/τ)} of the way to the target, so the result does not depend on the frame rate; after τ the value has
 * covered 63% of a step, after 3τ 95%. (Chosen over a linear slew limit because it needs no per-parameter maximum
 * rate and never overshoots.) τ = 0 means no smoothing. The first target is taken at once. Not thread-safe: used by
 * the render loop.
 */
public final class Smoother {
  private double tauSeconds;
  private double value;
  private double target;
  private boolean started;

  /** A smoother with time constant {@code time}. */
  public Smoother(Duration time) {
    setTime(time);
  }

  /**
   * Changes the time constant; {@link Duration#ZERO} turns smoothing off.
   *
   * @throws IllegalArgumentException if negative
   */
  public void setTime(Duration time) {
    tauSeconds = checkTime(time).toNanos() / 1e9;
  }

  static Duration checkTime(Duration time) {
    if (time.isNegative()) {
      throw new IllegalArgumentException("smoothing time must be >= 0, was " + time);
    }
    return time;
  }

  /**
   * Sets where the value heads; the first target is also the starting value.
   *
   * @throws IllegalArgumentException if not finite
   */
  public void setTarget(double target) {
    if (!Double.isFinite(target)) {
      throw new IllegalArgumentException("smoothing target must be finite, was " + target);
    }
    this.target = target;
    if (!started || tauSeconds == 0) {
      value = target;
      started = true;
    }
  }

  /** Advances by one frame of length {@code dt}; returns the new value. */
  public double advance(Duration dt) {
    if (tauSeconds == 0) {
      value = target;
    } else {
      value += (target - value) * -Math.expm1(-dt.toNanos() / 1e9 / tauSeconds);
    }
    return value;
  }

  /** The current smoothed value. */
  public double value() {
    return value;
  }

  /** The value being approached. */
  public double target() {
    return target;
  }
}
