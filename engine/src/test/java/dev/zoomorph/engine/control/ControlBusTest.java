package dev.zoomorph.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlParameter.Range;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class ControlBusTest {
  /** A surface of one clamped number and one button, over the table machinery the show uses. */
  private static final class Knob implements ControlSurface {
    double value;
    int presses;
    final ControlTable<Knob> table = new ControlTable<>(List.of(
        Control.<Knob>value("/k/value", "a number", List.of(ControlArg.number(new Range(0, 1))),
            k -> List.of(k.value)).writtenBy((k, c) -> k.value = c.number(0)),
        Control.<Knob>impulse("/k/press", "a button", (k, c) -> k.presses++),
        Control.<Knob>value("/k/meter", "read-only", List.of(ControlArg.number(Range.NONE)), k -> List.of(1.0))));

    @Override
    public synchronized @Nullable ControlMessage apply(ControlMessage message) {
      ControlChange<Knob> change = table.check(this, message);
      if (change == null) {
        return null;
      }
      change.control().write(this, change);
      return change.message();
    }

    @Override
    public synchronized List<ControlParameter> parameters() {
      return table.parameters(this);
    }
  }

  /** A program that goes on submitting to a closed show is told so, not answered as if the change were applied. */
  @Test
  void aClosedBusRefusesWhatIsSubmittedAndNamesMissingArguments() {
    Knob knob = new Knob();
    ControlBus bus = new ControlBus(knob);
    bus.submit("java", ControlMessage.of("/k/value", 0.5));
    bus.close();
    assertThatThrownBy(() -> bus.submit("java", ControlMessage.of("/k/value", 0.75)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the show is closed: /k/value from java is not applied");
    assertThat(knob.value).isEqualTo(0.5);
    assertThatThrownBy(() -> bus.submit(null, ControlMessage.of("/k/press"))).hasMessage("input");
    assertThatThrownBy(() -> bus.submit("java", null)).hasMessage("message");
  }

  @Test
  void inputsAreMergedCheckedCountedAndWhatWasAppliedIsEmitted() {
    Knob knob = new Knob();
    try (ControlBus bus = new ControlBus(knob)) {
      List<ControlBus.Applied> applied = new ArrayList<>();
      bus.applied().subscribe(applied::add);
      Sinks.Many<ControlMessage> osc = Sinks.many().unicast().onBackpressureBuffer();
      bus.attach("osc", osc.asFlux());
      bus.attach("midi", Flux.just(ControlMessage.of("/k/value", 7), ControlMessage.of("/k/press", 0)));
      osc.tryEmitNext(ControlMessage.of("/k/value", 0.25));
      osc.tryEmitNext(ControlMessage.of("/k/nothing", 1));
      osc.tryEmitNext(ControlMessage.of("/k/meter", 2));
      osc.tryEmitNext(ControlMessage.of("/k/value", "high"));
      osc.tryEmitNext(ControlMessage.of("/k/press"));
      assertThatThrownBy(() -> bus.submit("http", ControlMessage.of("/k/value")))
          .isInstanceOf(ControlException.class)
          .hasMessage("/k/value: expects 1 argument(s), got 0")
          .extracting(e -> ((ControlException) e).problem()).isEqualTo(ControlException.Problem.BAD_ARGUMENTS);

      // The MIDI value was clamped; its button release changed nothing and emitted nothing.
      assertThat(applied).containsExactly(
          new ControlBus.Applied("midi", ControlMessage.of("/k/value", 1.0)),
          new ControlBus.Applied("osc", ControlMessage.of("/k/value", 0.25)),
          new ControlBus.Applied("osc", ControlMessage.of("/k/press")));
      assertThat(knob.value).isEqualTo(0.25);
      assertThat(knob.presses).isEqualTo(1);
      assertThat(bus.counts("midi")).isEqualTo(new ControlBus.InputCounts(2, 0, 0, 0));
      assertThat(bus.counts("osc")).isEqualTo(new ControlBus.InputCounts(2, 1, 2, 0));
      assertThat(bus.counts("http")).isEqualTo(new ControlBus.InputCounts(0, 0, 1, 0));
      assertThat(bus.counts("audio")).isEqualTo(ControlBus.InputCounts.NONE);
    }
  }

  @Test
  void closingDetachesInputsAndCompletesTheAppliedStream() {
    Knob knob = new Knob();
    ControlBus bus = new ControlBus(knob);
    Sinks.Many<ControlMessage> input = Sinks.many().multicast().directBestEffort();
    bus.attach("osc", input.asFlux());
    StepVerifier.create(bus.applied())
        .then(() -> input.tryEmitNext(ControlMessage.of("/k/value", 0.5)))
        .expectNext(new ControlBus.Applied("osc", ControlMessage.of("/k/value", 0.5)))
        .then(bus::close)
        .verifyComplete();
    assertThat(input.currentSubscriberCount()).isZero();
  }
}
