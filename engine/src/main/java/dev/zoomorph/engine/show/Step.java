package dev.zoomorph.engine.show;

/**
 * How far one frame moves the show's trajectories: the clock time and the beats since the previous frame, times a
 * rate (speed, and 0 while held). Made by {@link ShowOperators#steps()}.
 *
 * @param cue the frame's cue
 * @param nanos clock time since the previous frame's start
 * @param beats beats of the tempo since the previous frame's start
 * @param rate how much of that time the trajectories move: 1 normal, 0 still, negative backwards
 */
public record Step(Cue cue, long nanos, double beats, double rate) {

  /** This step at {@code factor} times its rate. */
  public Step scaled(double factor) {
    return new Step(cue, nanos, beats, rate * factor);
  }
}
