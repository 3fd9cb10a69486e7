package dev.zoomorph.engine.trajectory;

/** Conversions between seconds and whole frames, shared so every kind rounds the same way. */
final class FrameCounts {
  private FrameCounts() {}

  static double requireFps(double fps) {
    if (!(Double.isFinite(fps) && fps > 0)) {
      throw new IllegalArgumentException("frames per second must be finite and positive, was " + fps);
    }
    return fps;
  }

  static double requireSeconds(double seconds, String what) {
    if (!(Double.isFinite(seconds) && seconds > 0)) {
      throw new IllegalArgumentException(what + " must be finite and positive seconds, was " + seconds);
    }
    return seconds;
  }

  /** {@code round(seconds · fps)}: whole frames, so positions that are whole numbers land exactly on boundaries. */
  static int count(double seconds, double fps, String what) {
    long frames = Math.round(seconds * requireFps(fps));
    if (frames < 1 || frames > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          what + " of " + seconds + " s at " + fps + " fps is " + frames + " frames; it must be 1 to "
              + Integer.MAX_VALUE);
    }
    return (int) frames;
  }

  static double requireFinite(double frames) {
    if (!Double.isFinite(frames)) {
      throw new IllegalArgumentException("cannot advance by " + frames + " frames");
    }
    return frames;
  }

  /** {@code position} reduced to {@code [0, period)}, also for negative positions (played backwards). */
  static double wrap(double position, long period) {
    double wrapped = position - period * Math.floor(position / period);
    // Rounding can give exactly `period` for tiny negative positions; that is the same point as 0.
    return wrapped >= period ? 0 : wrapped;
  }
}
