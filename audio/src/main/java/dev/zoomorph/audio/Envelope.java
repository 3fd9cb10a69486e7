package dev.zoomorph.audio;

/**
 * An envelope follower: rises toward its input with the attack time and falls with the release time (one-pole
 * smoothing each way), so a hit reads at once and fades smoothly. Not thread-safe.
 */
final class Envelope {
  private final double rise;
  private final double fall;
  private double value;

  /** Stepped every {@code stepSeconds}. */
  Envelope(double attackSeconds, double releaseSeconds, double stepSeconds) {
    this.rise = coefficient(attackSeconds, stepSeconds);
    this.fall = coefficient(releaseSeconds, stepSeconds);
  }

  /** The follower after one step toward {@code input}. */
  double follow(double input) {
    value += (input - value) * (input > value ? rise : fall);
    return value;
  }

  /** The share of the distance to the input covered in one step: all of it for a time of 0. */
  private static double coefficient(double seconds, double stepSeconds) {
    return seconds <= 0 ? 1 : 1 - Math.exp(-stepSeconds / seconds);
  }
}
