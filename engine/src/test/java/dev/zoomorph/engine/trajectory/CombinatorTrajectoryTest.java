package dev.zoomorph.engine.trajectory;

import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.distance;
import static dev.zoomorph.engine.trajectory.MorphTrajectoryTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinatorTrajectoryTest {
  private static final Trajectory MORPH =
      Trajectories.morph(
          List.of(Latent.gaussian(32, 1), Latent.gaussian(32, 2), Latent.gaussian(32, 3)),
          1,
          Interpolation.SPHERICAL,
          true);
  private static final Trajectory WALK = Trajectories.randomWalk(32, 5, 3);

  @Test
  void blendEndpointsAreTheInputsAndTheWeightChangesLive() {
    Knob weight = new Knob("crossfade", 0, 0, 1);
    Trajectory.Run blend = Trajectories.blend(MORPH, WALK, weight).start(30);
    List<Latent> morph = frames(MORPH, 30, 90);
    List<Latent> walk = frames(WALK, 30, 90);

    for (int f = 0; f < 90; f++) {
      weight.set(f < 30 ? 0 : f < 60 ? 1 : 0.25);
      Latent expected = f < 30 ? morph.get(f) : f < 60 ? walk.get(f) : morph.get(f).lerp(walk.get(f), 0.25);
      assertThat(blend.next()).as("frame %d", f).isEqualTo(expected);
    }
  }

  @Test
  void offsetAddsItsLatentAndChangesLive() {
    Latent smile = Latent.gaussian(32, 77).scale(0.5);
    LatentKnob offset = new LatentKnob("smile", Latent.zeros(32));
    Trajectory.Run run = Trajectories.offset(MORPH, offset).start(30);
    List<Latent> morph = frames(MORPH, 30, 20);

    for (int f = 0; f < 20; f++) {
      if (f == 10) {
        offset.set(smile);
      }
      Latent expected = f < 10 ? morph.get(f) : morph.get(f).add(smile);
      assertThat(run.next()).as("frame %d", f).isEqualTo(expected);
    }
    assertThatThrownBy(() -> offset.set(Latent.zeros(8)))
        .hasMessage("latent knob 'smile': expected size 32, got 8");
    assertThat(offset.get()).isEqualTo(smile);
    assertThatThrownBy(() -> Trajectories.offset(MORPH, new LatentKnob("o", Latent.zeros(4))))
        .hasMessageContaining("size 4");
  }

  @Test
  void speedChangesThePaceWithoutAJump() {
    Knob speed = new Knob("speed", 1, -4, 4);
    Trajectory.Run run = Trajectories.speed(MORPH, speed).start(30);
    Trajectory.Run reference = MORPH.start(30);
    List<Latent> played = new ArrayList<>();
    double normalStep = 0;
    for (int f = 0; f < 40; f++) {
      played.add(run.next());
      if (f > 0) {
        normalStep = Math.max(normalStep, distance(played.get(f - 1), played.get(f)));
      }
    }
    speed.set(2.5);
    Latent afterChange = run.next();

    // Continuous: the first frame at the new speed is the frame that followed, then steps grow by the speed.
    assertThat(afterChange).isEqualTo(frames(MORPH, 30, 41).get(40));
    Latent fasterStep = run.next();
    assertThat(distance(afterChange, fasterStep)).isLessThanOrEqualTo(2.5 * normalStep * 1.01);
    reference.advance(40 + 2.5);
    assertThat(fasterStep).isEqualTo(reference.latent());

    // Backwards from position 45: the next frames retrace the path.
    speed.set(-1);
    reference.advance(2.5);
    for (int f = 0; f < 10; f++) {
      assertThat(run.next()).isEqualTo(reference.latent());
      reference.advance(-1);
    }
    assertThatThrownBy(() -> speed.set(Double.NaN)).hasMessage("knob 'speed': NaN is outside [-4.0, 4.0]");
    assertThatThrownBy(() -> speed.set(5)).hasMessageContaining("5.0 is outside");
    assertThat(speed.get()).isEqualTo(-1);
  }

  @Test
  void holdFreezesAndReleaseResumesWhereItStopped() {
    Switch held = new Switch("hold", false);
    Trajectory.Run run = Trajectories.hold(WALK, held).start(30);
    List<Latent> walk = frames(WALK, 30, 80);

    List<Latent> played = new ArrayList<>();
    for (int f = 0; f < 100; f++) {
      held.set(f >= 40 && f < 60);
      played.add(run.next());
    }
    // Frame 40 was shown when hold went on; it stays until release, then the walk goes on from frame 41.
    assertThat(played.subList(0, 41)).isEqualTo(walk.subList(0, 41));
    assertThat(played.subList(40, 61)).containsOnly(walk.get(40));
    assertThat(played.subList(61, 100)).isEqualTo(walk.subList(41, 80));
  }

  @Test
  void combinatorsNestAndStayDeterministic() {
    Knob weight = new Knob("w", 0.5, 0, 1);
    Knob speed = new Knob("s", 1.5, 0, 3);
    Trajectory show =
        Trajectories.hold(
            Trajectories.speed(
                Trajectories.offset(
                    Trajectories.blend(MORPH, WALK, weight), new LatentKnob("o", Latent.gaussian(32, 1))),
                speed),
            new Switch("h", false));
    assertThat(show.size()).isEqualTo(32);
    assertThat(frames(show, 30, 300)).isEqualTo(frames(show, 30, 300));
  }

  @Test
  void rejectsMismatchedOrOutOfRangeControls() {
    assertThatThrownBy(() -> Trajectories.blend(MORPH, Trajectories.randomWalk(8, 1, 1), new Knob("w", 0, 0, 1)))
        .hasMessage("cannot blend trajectories of sizes 32 and 8");
    assertThatThrownBy(() -> Trajectories.blend(MORPH, WALK, new Knob("w", 0, -1, 1)))
        .hasMessageContaining("blend weight knob 'w' must stay within [0, 1]");
    assertThatThrownBy(() -> new Knob("k", 2, 0, 1)).hasMessage("knob 'k': 2.0 is outside [0.0, 1.0]");
    assertThatThrownBy(() -> new Knob("k", 0, 1, 0)).hasMessage("knob 'k': bad range [1.0, 0.0]");
  }

  @Test
  void controlsSetFromOtherThreadsAreSeenByTheNextFrame() throws InterruptedException {
    Knob weight = new Knob("crossfade", 0, 0, 1);
    Trajectory.Run run = Trajectories.blend(MORPH, WALK, weight).start(30);
    Thread control = new Thread(() -> weight.set(1));
    control.start();
    control.join();
    assertThat(run.latent()).isEqualTo(WALK.start(30).latent());
  }
}
