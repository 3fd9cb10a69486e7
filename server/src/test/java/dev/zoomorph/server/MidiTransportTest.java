package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.midi.ClockEvent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.FrameTick;
import dev.zoomorph.engine.show.LiveShow;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.OptionalInt;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** MIDI clock's transport (Start, Stop, Continue) reaches the show through the MIDI input, counted as MIDI. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MidiTransportTest {

  @Test
  void startStopAndContinueDriveTheShowsTempo() throws Exception {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    // A morph locked to the beat: a keyframe every 2 beats.
    Preset locked = new Preset("locked", "", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f),
        new TrajectorySpec.Morph(3, 4, 5, false), ViewSpec.DEFAULT, 1, new TempoSpec(120, 4, 2,
        TempoSpec.Quantize.NONE), 0, 1, List.of(), PostSpec.NONE);
    Sinks.Many<ShortMessage> device = Sinks.many().multicast().directBestEffort();
    Sinks.Many<ClockEvent> clock = Sinks.many().multicast().directBestEffort();
    LiveShow show = new LiveShow(locked, 10, () -> time.now(TimeUnit.NANOSECONDS));
    Sinks.Many<FrameTick> ticks = Sinks.many().unicast().onBackpressureBuffer();
    show.scenes(ticks.asFlux()).subscribe();
    try (ControlInputs inputs = ControlInputs.start(show, show, "127.0.0.1",
            new ControlOptions(new ApiToken("t0ken"), OptionalInt.empty(), null, null, null, null, null))) {
      inputs.attachMidi("Clock", Flux.empty(), device.asFlux(), clock.asFlux());
      for (int i = 0; i < 13; i++) {
        ticks.tryEmitNext(new FrameTick(0, time.now(TimeUnit.NANOSECONDS)));
        time.advanceTimeBy(Duration.ofMillis(100));
      }
      assertThat(show.tempo().position()).isEqualTo(2.6, within(1e-9));
      assertThat(value(show, "/zoomorph/keyframe")).isEqualTo(1);

      transport(device, clock, ShortMessage.STOP, ClockEvent.Kind.STOP);
      assertThat(value(show, "/zoomorph/playing")).isEqualTo(false);
      time.advanceTimeBy(Duration.ofSeconds(3));
      assertThat(show.tempo().position()).as("stopped").isEqualTo(2.6, within(1e-9));

      transport(device, clock, ShortMessage.CONTINUE, ClockEvent.Kind.CONTINUE);
      assertThat(value(show, "/zoomorph/playing")).isEqualTo(true);
      time.advanceTimeBy(Duration.ofMillis(500));
      assertThat(show.tempo().position()).as("on from where it stopped")
          .isEqualTo(3.6, within(1e-9));

      transport(device, clock, ShortMessage.START, ClockEvent.Kind.START);
      assertThat(show.tempo().position()).isZero();
      ticks.tryEmitNext(new FrameTick(0, time.now(TimeUnit.NANOSECONDS)));
      assertThat(value(show, "/zoomorph/keyframe")).as("the morph starts over").isEqualTo(0);

      ControlInputs.MidiStats stats = inputs.midiStats();
      assertThat(stats.events()).isEqualTo(3);
      assertThat(stats.rejected()).isZero();
      assertThat(new ClockEvent(ClockEvent.Kind.TEMPO, 0, true).control()).isNull();
      assertThat(new ClockEvent(ClockEvent.Kind.TEMPO, 128, true).control())
          .isEqualTo(ControlMessage.of("/zoomorph/bpm", 128.0));
    } finally {
      time.dispose();
    }
  }

  /** What a MIDI input passes on for a transport message: the raw message, and the clock's event. */
  private static void transport(Sinks.Many<ShortMessage> device, Sinks.Many<ClockEvent> clock, int status,
      ClockEvent.Kind kind) throws Exception {
    device.tryEmitNext(new ShortMessage(status));
    clock.tryEmitNext(new ClockEvent(kind, 120, kind != ClockEvent.Kind.STOP));
  }

  private static Object value(LiveShow show, String address) {
    return show.parameters().stream().filter(parameter -> parameter.address().equals(address)).findFirst()
        .orElseThrow().value().get(0);
  }
}
