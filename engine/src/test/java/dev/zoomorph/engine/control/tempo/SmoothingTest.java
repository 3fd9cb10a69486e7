package dev.zoomorph.engine.control.tempo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import java.time.Duration;
import java.util.List;
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

  @Test
  void controlsAreSmoothedPerAddressAndArgument() {
    ControlSmoother smoothing = new ControlSmoother(Duration.ofMillis(100));
    ControlMessage keyframe = ControlMessage.of("/zoomorph/keyframe", 2);
    assertThat(smoothing.accept(keyframe)).containsExactly(keyframe);
    assertThat(smoothing.accept(ControlMessage.of("/zoomorph/hold", true))).hasSize(1);
    assertThat(smoothing.accept(ControlMessage.of("/zoomorph/center", 0.0, 0.0))).isEmpty();
    assertThat(smoothing.advance(FRAME)).containsExactly(ControlMessage.of("/zoomorph/center", 0.0, 0.0));
    assertThat(smoothing.advance(FRAME)).isEmpty(); // settled: nothing to apply

    smoothing.accept(ControlMessage.of("/zoomorph/center", 1.0, -2.0));
    smoothing.accept(ControlMessage.of("/zoomorph/post/hue", 0.25));
    List<ControlMessage> frame = smoothing.advance(Duration.ofMillis(100));
    assertThat(frame).extracting(ControlMessage::address).containsExactly("/zoomorph/center", "/zoomorph/post/hue");
    assertThat(frame.get(0).number(0)).isCloseTo(1 - Math.exp(-1), within(1e-12));
    assertThat(frame.get(0).number(1)).isCloseTo(-2 * (1 - Math.exp(-1)), within(1e-12));
    assertThat(frame.get(1)).isEqualTo(ControlMessage.of("/zoomorph/post/hue", 0.25)); // new: taken at once

    smoothing.setTime(Duration.ZERO);
    assertThat(smoothing.advance(FRAME)).containsExactly(ControlMessage.of("/zoomorph/center", 1.0, -2.0));
    assertThat(smoothing.advance(FRAME)).isEmpty();
  }

  @Test
  void aMovingValueEndsExactlyOnItsTarget() {
    ControlSmoother smoothing = new ControlSmoother(Duration.ofMillis(30));
    smoothing.accept(ControlMessage.of("/zoomorph/zoom", 1.0));
    smoothing.advance(FRAME);
    smoothing.accept(ControlMessage.of("/zoomorph/zoom", 4.0));
    ControlMessage last = null;
    int frames = 0;
    for (List<ControlMessage> out = smoothing.advance(FRAME); !out.isEmpty(); out = smoothing.advance(FRAME)) {
      last = out.get(0);
      frames++;
    }
    assertThat(last).isEqualTo(ControlMessage.of("/zoomorph/zoom", 4.0));
    assertThat(frames).isBetween(30, 80); // ~ln(3/1e-6)/ln(e^(1/3)) frames
  }
}
