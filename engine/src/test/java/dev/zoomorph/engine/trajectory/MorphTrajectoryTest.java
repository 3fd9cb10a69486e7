package dev.zoomorph.engine.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MorphTrajectoryTest {
  private static final List<Latent> KEYFRAMES =
      List.of(Latent.gaussian(32, 1), Latent.gaussian(32, 2), Latent.gaussian(32, 3));

  static List<Latent> frames(Trajectory trajectory, double fps, int count) {
    Trajectory.Run run = trajectory.start(fps);
    List<Latent> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(run.next());
    }
    return frames;
  }

  static double distance(Latent a, Latent b) {
    return a.subtract(b).norm();
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void hitsEveryKeyframeExactlyWhereItsSegmentStarts(Interpolation interpolation) {
    // 0.51 s at 30 fps is round(15.3) = 15 frames per segment.
    List<Latent> frames = frames(Trajectories.morph(KEYFRAMES, 0.51, interpolation, false), 30, 100);

    assertThat(frames.get(0)).isEqualTo(KEYFRAMES.get(0));
    assertThat(frames.get(15)).isEqualTo(KEYFRAMES.get(1));
    assertThat(frames.get(30)).isEqualTo(KEYFRAMES.get(2));
    assertThat(frames.get(14)).isNotEqualTo(KEYFRAMES.get(1));
    assertThat(frames.subList(30, 100)).as("rests on the last keyframe").containsOnly(KEYFRAMES.get(2));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void loopsFromTheLastKeyframeBackToTheFirst(Interpolation interpolation) {
    List<Latent> frames = frames(Trajectories.morph(KEYFRAMES, 0.5, interpolation, true), 30, 200);

    for (int cycle = 0; cycle < 4; cycle++) {
      for (int k = 0; k < 3; k++) {
        assertThat(frames.get(45 * cycle + 15 * k)).isEqualTo(KEYFRAMES.get(k));
      }
    }
    assertThat(distance(frames.get(44), KEYFRAMES.get(0))).isLessThan(distance(frames.get(40), KEYFRAMES.get(0)));
    assertThat(frames.subList(45, 90)).isEqualTo(frames.subList(0, 45));
  }

  @Test
  void easesSlowlyAtKeyframesAndFastestMidSegment() {
    // 1 s segments at 30 fps: 30 steps per segment.
    List<Latent> frames = frames(Trajectories.morph(KEYFRAMES, 1, Interpolation.LINEAR, false), 30, 61);
    double[] steps = new double[60];
    for (int i = 0; i < 60; i++) {
      steps[i] = distance(frames.get(i), frames.get(i + 1));
    }
    double segmentLength = distance(KEYFRAMES.get(0), KEYFRAMES.get(1));

    // Half-cosine easing: the step around the middle is π/2 times the linear step, the first ~ (π/60)²/4 of the way.
    assertThat(steps[14] + steps[15]).isCloseTo(Math.PI / 2 * 2 * segmentLength / 30, within(0.01 * segmentLength));
    assertThat(steps[0]).isLessThan(steps[14] / 10);
    assertThat(steps[29]).isLessThan(steps[14] / 10);
    assertThat(steps[30]).isLessThan(steps[44] / 10);
    for (int i = 1; i < 15; i++) {
      assertThat(steps[i]).as("accelerating at step %d", i).isGreaterThan(steps[i - 1]);
      assertThat(steps[29 - i]).as("decelerating at step %d", 29 - i).isGreaterThan(steps[30 - i]);
    }
  }

  @Test
  void sphericalMorphStaysOnTheShellWhereLinearSags() {
    Latent a = KEYFRAMES.get(0);
    Latent b = KEYFRAMES.get(1).scale(a.norm() / KEYFRAMES.get(1).norm());
    List<Latent> spherical = frames(Trajectories.morph(List.of(a, b), 1, Interpolation.SPHERICAL, false), 30, 31);
    List<Latent> linear = frames(Trajectories.morph(List.of(a, b), 1, Interpolation.LINEAR, false), 30, 31);

    assertThat(spherical.get(15).norm()).isCloseTo(a.norm(), within(1e-3 * a.norm()));
    assertThat(linear.get(15).norm()).isLessThan(0.9 * a.norm());
  }

  @Test
  void playedBackwardsRestsOnTheFirstKeyframeAndLoopsWrapAround() {
    Trajectory.Run once = Trajectories.morph(KEYFRAMES, 0.5, Interpolation.LINEAR, false).start(30);
    once.advance(-7.5);
    assertThat(once.latent()).isEqualTo(KEYFRAMES.get(0));

    Trajectory.Run looping = Trajectories.morph(KEYFRAMES, 0.5, Interpolation.LINEAR, true).start(30);
    looping.advance(-15);
    assertThat(looping.latent()).isEqualTo(KEYFRAMES.get(2));
  }

  @Test
  void oneKeyframeIsAStill() {
    List<Latent> frames = frames(Trajectories.morph(KEYFRAMES.subList(0, 1), 1, Interpolation.LINEAR, true), 30, 40);
    assertThat(frames).containsOnly(KEYFRAMES.get(0));
  }

  @Test
  void rejectsBadSettingsWithTheReason() {
    assertThatThrownBy(() -> Trajectories.morph(List.of(), 1, Interpolation.LINEAR, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one keyframe");
    assertThatThrownBy(
            () -> Trajectories.morph(List.of(Latent.zeros(32), Latent.zeros(8)), 1, Interpolation.LINEAR, false))
        .hasMessage("keyframe 1 has size 8, keyframe 0 has size 32");
    assertThatThrownBy(() -> Trajectories.morph(KEYFRAMES, Double.NaN, Interpolation.LINEAR, false))
        .hasMessageContaining("seconds per segment")
        .hasMessageContaining("NaN");
    Trajectory morph = Trajectories.morph(KEYFRAMES, 0.01, Interpolation.LINEAR, false);
    assertThatThrownBy(() -> morph.start(30)).hasMessageContaining("a segment of 0.01 s at 30.0 fps is 0 frames");
    assertThatThrownBy(() -> morph.start(0)).hasMessageContaining("frames per second");
    Trajectory.Run run = Trajectories.morph(KEYFRAMES, 1, Interpolation.LINEAR, false).start(30);
    assertThatThrownBy(() -> run.advance(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity frames");
  }
}
