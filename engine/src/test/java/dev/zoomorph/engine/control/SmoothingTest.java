package dev.zoomorph.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import java.time.Duration;
import dev.zoomorph.engine.control.ControlParameter.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Smoothing, frame by frame on virtual time. */
class SmoothingTest {
  private static final Duration FRAME = Duration.ofMillis(10);

  @Test
  void approachesExponentiallyWhateverTheFrameRate() {
    Smoother coarse = new Smoother(Duration.ofMillis(100));
    Smoother fine = new Smoother(Duration.ofMillis(100));
    for (Smoother s : List.of(coarse, fine)) {
      s.setTarget(0); // the first target is taken at once
      s.setTarget(1);
    }
    assertThat(coarse.value()).isZero();
    coarse.advance(Duration.ofMillis(100));
    for (int i = 0; i < 10; i++) {
      fine.advance(FRAME);
    }
    assertThat(coarse.value()).isCloseTo(1 - Math.exp(-1), within(1e-12));
    assertThat(fine.value()).isCloseTo(coarse.value(), within(1e-12));
  }

  @Test
  void aJitteryKnobComesOutSmoothOnVirtualTime() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Smoother smoother = new Smoother(Duration.ofMillis(50));
    smoother.setTarget(0.5);
    // The knob jitters ±0.1 around 0.5 every frame; the picture sees much less.
    StepVerifier.withVirtualTime(() -> Flux.interval(FRAME, time).take(100).map(frame -> {
          smoother.setTarget(frame % 2 == 0 ? 0.6 : 0.4);
          return smoother.advance(FRAME);
        }).skip(10), () -> time, Long.MAX_VALUE)
        .thenAwait(Duration.ofSeconds(1))
        .thenConsumeWhile(value -> Math.abs(value - 0.5) < 0.02)
        .verifyComplete();
  }

  @Test
  void zeroTimeIsImmediate() {
    Smoother smoother = new Smoother(Duration.ZERO);
    smoother.setTarget(1);
    smoother.setTarget(3);
    assertThat(smoother.value()).isEqualTo(3);
    assertThat(smoother.advance(FRAME)).isEqualTo(3);
    assertThatThrownBy(() -> smoother.setTime(Duration.ofMillis(-1)))
        .hasMessage("smoothing time must be >= 0, was PT-0.001S");
    assertThatThrownBy(() -> smoother.setTarget(Double.NaN)).hasMessage("smoothing target must be finite, was NaN");
  }

  /** A state of two controls, recording every write. */
  private static final class Knobs {
    final List<ControlMessage> writes = new ArrayList<>();
  }

  private static final ControlTable<Knobs> TABLE = new ControlTable<>(List.of(
      Control.<Knobs>value("/k/keyframe", "a switch", List.of(ControlArg.integer(new Range(0, 9))), k -> List.of())
          .writtenBy((k, c) -> k.writes.add(c.message())),
      Control.<Knobs>value("/k/center", "two smoothed numbers",
              List.of(ControlArg.number(new Range(-9, 9)), ControlArg.number(new Range(-9, 9))), k -> List.of())
          .writtenBy((k, c) -> k.writes.add(c.message())).smoothed(Smoothing.LINEAR),
      Control.<Knobs>value("/k/zoom", "smoothed as its logarithm", List.of(ControlArg.number(new Range(0.01, 100))),
              k -> List.of())
          .writtenBy((k, c) -> k.writes.add(c.message())).smoothed(Smoothing.LOGARITHMIC)));

  private static void send(ControlSmoother<Knobs> smoothing, Knobs knobs, String address, Object... args) {
    smoothing.accept(knobs, Objects.requireNonNull(TABLE.check(knobs, ControlMessage.of(address, args))));
  }

  private static List<ControlMessage> frame(ControlSmoother<Knobs> smoothing, Knobs knobs, Duration dt) {
    knobs.writes.clear();
    smoothing.advance(knobs, dt);
    return List.copyOf(knobs.writes);
  }

  @Test
  void controlsAreSmoothedPerAddressAndArgumentAsTheirRuleSays() {
    ControlSmoother<Knobs> smoothing = new ControlSmoother<>(Duration.ofMillis(100));
    Knobs knobs = new Knobs();
    send(smoothing, knobs, "/k/keyframe", 2);
    assertThat(knobs.writes).containsExactly(ControlMessage.of("/k/keyframe", 2)); // not smoothed: written at once
    knobs.writes.clear();
    send(smoothing, knobs, "/k/center", 0.0, 0.0);
    assertThat(knobs.writes).containsExactly(ControlMessage.of("/k/center", 0.0, 0.0)); // a first value: at once
    assertThat(frame(smoothing, knobs, FRAME)).isEmpty(); // settled: nothing to write

    send(smoothing, knobs, "/k/center", 1.0, -2.0);
    List<ControlMessage> frame = frame(smoothing, knobs, Duration.ofMillis(100));
    assertThat(frame).extracting(ControlMessage::address).containsExactly("/k/center");
    assertThat(frame.get(0).number(0)).isCloseTo(1 - Math.exp(-1), within(1e-12));
    assertThat(frame.get(0).number(1)).isCloseTo(-2 * (1 - Math.exp(-1)), within(1e-12));

    smoothing.setTime(Duration.ZERO);
    assertThat(frame(smoothing, knobs, FRAME)).containsExactly(ControlMessage.of("/k/center", 1.0, -2.0));
    assertThat(frame(smoothing, knobs, FRAME)).isEmpty();
  }

  @Test
  void aMovingValueEndsExactlyOnItsTargetAndALogarithmicOneMovesAtASteadyRatio() {
    ControlSmoother<Knobs> smoothing = new ControlSmoother<>(Duration.ofMillis(30));
    Knobs knobs = new Knobs();
    send(smoothing, knobs, "/k/zoom", 1.0);
    send(smoothing, knobs, "/k/zoom", 4.0);
    List<Double> values = new ArrayList<>();
    for (List<ControlMessage> out = frame(smoothing, knobs, FRAME); !out.isEmpty();
        out = frame(smoothing, knobs, FRAME)) {
      values.add(out.get(0).number(0));
    }
    assertThat(values.get(values.size() - 1)).isEqualTo(4.0);
    assertThat(values.size()).isBetween(30, 80); // ~ln(ln4/1e-6)/(1/3) frames
    // Steady ratio: log(zoom) covers the same fraction of the remaining way each frame.
    double first = Math.log(values.get(0)) / Math.log(4);
    double second = (Math.log(values.get(1)) - Math.log(values.get(0))) / (Math.log(4) - Math.log(values.get(0)));
    assertThat(second).isCloseTo(first, within(1e-9));
  }
}
