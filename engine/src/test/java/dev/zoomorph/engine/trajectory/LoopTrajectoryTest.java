package dev.zoomorph.engine.trajectory;

import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.distance;
import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.latent.Latent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopTrajectoryTest {

  @Test
  void returnsToItsStartBitExactlyAfterEachPeriod() {
    // 100 frames at 24 fps: the period a GIF maker would ask for.
    List<Latent> frames = frames(Trajectories.loop(32, 5, 100 / 24.0, 3), 24, 301);

    assertThat(frames.get(100)).isEqualTo(frames.get(0));
    assertThat(frames.get(200)).isEqualTo(frames.get(0));
    assertThat(frames.get(300)).isEqualTo(frames.get(0));
    assertThat(frames.subList(100, 200)).isEqualTo(frames.subList(0, 100));
    assertThat(frames.subList(1, 100)).doesNotContain(frames.get(0));
  }

  @Test
  void isSeamlessSmoothAndOnTheTypicalShell() {
    List<Latent> frames = frames(Trajectories.loop(32, 6, 4, 3), 30, 121);
    double maxStep = 0;
    double minStep = Double.MAX_VALUE;
    for (int f = 0; f < 120; f++) {
      double step = distance(frames.get(f), frames.get(f + 1));
      maxStep = Math.max(maxStep, step);
      minStep = Math.min(minStep, step);
      assertThat(frames.get(f).norm()).isBetween(0.7 * Math.sqrt(32), 1.3 * Math.sqrt(32));
    }
    // The wrap (frame 119 → 120 = 0) is a step like any other: no seam.
    double wrapStep = distance(frames.get(119), frames.get(0));
    assertThat(wrapStep).isLessThanOrEqualTo(maxStep).isGreaterThanOrEqualTo(minStep);
    // Smooth: steps vary gently along the curve, no frame leaps compared with the others.
    assertThat(maxStep).isLessThan(2 * minStep);
    assertThat(distance(frames.get(0), frames.get(60))).as("goes somewhere").isGreaterThan(3);
  }

  @Test
  void isDeterminedBySeed() {
    assertThat(frames(Trajectories.loop(32, 9, 2, 2), 30, 60))
        .isEqualTo(frames(Trajectories.loop(32, 9, 2, 2), 30, 60))
        .isNotEqualTo(frames(Trajectories.loop(32, 10, 2, 2), 30, 60));
  }

  @Test
  void playedBackwardsRunsTheSameCurveInReverse() {
    List<Latent> forward = frames(Trajectories.loop(16, 2, 1, 2), 30, 30);
    Trajectory.Run backward = Trajectories.loop(16, 2, 1, 2).start(30);
    for (int f = 0; f < 30; f++) {
      assertThat(backward.latent()).isEqualTo(forward.get((30 - f) % 30));
      backward.advance(-1);
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> Trajectories.loop(32, 1, 1, 0)).hasMessageContaining("at least one harmonic");
    assertThatThrownBy(() -> Trajectories.loop(32, 1, -1, 2)).hasMessageContaining("seconds per loop");
    assertThatThrownBy(() -> Trajectories.loop(32, 1, 1e9, 2).start(30)).hasMessageContaining("a loop of");
  }
}
