package dev.zoomorph.engine.trajectory;

import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.distance;
import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;

class RandomWalkTrajectoryTest {

  @Test
  void isDeterminedBySeed() {
    Trajectory walk = Trajectories.randomWalk(32, 7, 5);
    assertThat(frames(walk, 30, 500)).isEqualTo(frames(walk, 30, 500));
    assertThat(frames(Trajectories.randomWalk(32, 7, 5), 30, 500)).isEqualTo(frames(walk, 30, 500));
    assertThat(frames(Trajectories.randomWalk(32, 8, 5), 30, 2).get(0)).isNotEqualTo(frames(walk, 30, 2).get(0));
  }

  @Test
  void staysOnTheTypicalShellFor100kFramesWhileWanderingEverywhere() {
    int d = 32;
    int count = 100_000;
    Trajectory.Run run = Trajectories.randomWalk(d, 2024, 5).start(30);
    double min = Double.MAX_VALUE;
    double max = 0;
    double normSum = 0;
    double[] componentSum = new double[d];
    double squareSum = 0;
    for (int f = 0; f < count; f++) {
      Latent z = run.next();
      double norm = z.norm();
      min = Math.min(min, norm);
      max = Math.max(max, norm);
      normSum += norm;
      for (int i = 0; i < d; i++) {
        componentSum[i] += z.get(i);
        squareSum += z.get(i) * z.get(i);
      }
    }
    double root = Math.sqrt(d);
    assertThat(min).isGreaterThanOrEqualTo(0.6 * root);
    assertThat(max).isLessThanOrEqualTo(1.4 * root);
    assertThat(normSum / count).isCloseTo(root, within(0.03 * root));
    assertThat(squareSum / count / d).as("variance per component").isCloseTo(1, within(0.08));
    // ~55 minutes at 30 fps is hundreds of timescales: every component should average out near 0.
    for (int i = 0; i < d; i++) {
      assertThat(componentSum[i] / count).as("mean of component %d", i).isCloseTo(0, within(0.3));
    }
  }

  @Test
  void movesSmoothlyFrameToFrameAndForgetsOverSeveralTimescales() {
    Trajectory.Run run = Trajectories.randomWalk(32, 3, 2).start(30);
    Latent first = run.latent();
    double maxStep = 0;
    Latent previous = first;
    for (int f = 1; f <= 600; f++) {
      run.advance(1);
      maxStep = Math.max(maxStep, distance(previous, run.latent()));
      previous = run.latent();
    }
    // 600 frames at 30 fps are 10 timescales of 2 s: the latent there is unrelated to the first one.
    double cosine = first.dot(previous) / (first.norm() * previous.norm());
    assertThat(Math.abs(cosine)).isLessThan(0.5);
    // A bare OU walk would move ~√(2·32/60) ≈ 1 per frame; the smoothed one moves a small fraction of that.
    assertThat(maxStep).isLessThan(0.25);
  }

  @Test
  void bigStepsAndBackwardStepsStillWalkForward() {
    Trajectory.Run forward = Trajectories.randomWalk(32, 4, 1).start(30);
    Trajectory.Run backward = Trajectories.randomWalk(32, 4, 1).start(30);
    forward.advance(3);
    backward.advance(-3);
    assertThat(backward.latent()).isEqualTo(forward.latent());

    forward.advance(1e9);
    assertThat(forward.latent().norm()).isBetween(0.7 * Math.sqrt(32), 1.3 * Math.sqrt(32));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> Trajectories.randomWalk(0, 1, 1)).hasMessageContaining("size must be positive");
    assertThatThrownBy(() -> Trajectories.randomWalk(32, 1, 0)).hasMessageContaining("timescale");
    assertThatThrownBy(() -> Trajectories.randomWalk(32, 1, 1).start(Double.NaN)).hasMessageContaining("NaN");
  }
}
