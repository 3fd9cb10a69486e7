package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.preset.AudioBinding;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.engine.show.FrameTick;
import dev.zoomorph.engine.show.LiveShow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The audio adapter moves what a preset binds, through the control bus like any input, on virtual time. */
class AudioControlsTest {
  private static final AudioSpec LISTENING = AudioSpec.NONE.withBindings(List.of(
          AudioBinding.of("bass", "/zoomorph/zoom", 1, 2),
          AudioBinding.of("bass/onset", "/zoomorph/keyframe/next", 0, 1),
          AudioBinding.of("level", "/zoomorph/latent/9", 0, 1)))
      .withLatent(new AudioSpec.LatentPush(AudioSpec.LatentPush.Directions.SEEDED, 2, 0.5));

  /** Features every 10 ms: silence for 300 ms, then the bass band at full with an onset, and a beat at 400 ms. */
  private static AudioFeatures heard(long i) {
    boolean loud = i >= 30;
    double[] bands = {0, loud ? 1 : 0, 0, 0, 0};
    boolean[] onsets = {false, i == 30, false, false, false};
    return new AudioFeatures(i * 10_000_000, loud ? 0.5 : 0, bands, i == 30, onsets, loud ? 1 : 0,
        i >= 35 ? 128 : 0, i >= 35 ? (i - 35) * 0.0213 + 0.9 : 0, i == 40);
  }

  @Test
  void aPresetBindingMovesTheBoundControlWhenTheFeatureMoves() {
    AtomicReference<LiveShow> show = new AtomicReference<>();
    AtomicReference<ControlBus> bus = new AtomicReference<>();
    StepVerifier.withVirtualTime(() -> {
          VirtualTimeScheduler time = VirtualTimeScheduler.get();
          Preset preset = new Preset("listening", "", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f),
              new TrajectorySpec.Morph(3, 4, 2, false), ViewSpec.DEFAULT, 1,
              new TempoSpec(120, 4, 0, TempoSpec.Quantize.NONE, TempoSpec.Source.AUDIO), 0, 1, List.of(),
              PostSpec.NONE, LISTENING);
          show.set(new LiveShow(preset, 30, () -> time.now(TimeUnit.NANOSECONDS)));
          bus.set(new ControlBus(show.get()));
          Flux<AudioFeatures> features = Flux.interval(Duration.ofMillis(10)).map(i -> heard(i + 1)).take(60);
          Flux<ControlMessage> applied = bus.get().applied().map(ControlBus.Applied::message)
              .filter(m -> m.address().equals("/zoomorph/zoom"));
          bus.get().attach(AudioControls.INPUT, new AudioControls(show.get()::preset).controls(features));
          return applied.map(m -> m.number(0));
        })
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(10))
        .expectNext(1.0) // the first features: bass at rest, zoom at the binding's min
        .expectNoEvent(Duration.ofMillis(290)) // unchanged features send nothing
        .expectNext(2.0) // the bass band at full: zoom at the binding's max
        .thenAwait(Duration.ofMillis(300))
        .thenCancel()
        .verify(Duration.ofSeconds(10));

    LiveShow listening = show.get();
    // The next frame lands what was applied.
    listening.scenes(Flux.just(new FrameTick(0, 1_000_000_000L))).blockLast();
    assertThat(value(listening, "/zoomorph/zoom")).containsExactly(2.0);
    assertThat(value(listening, "/zoomorph/keyframe")).containsExactly(1); // the bass onset stepped to keyframe 1
    assertThat(value(listening, "/zoomorph/push")).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
    assertThat(value(listening, "/zoomorph/bpm")).containsExactly(128.0); // tempo.source: audio
    ControlBus.InputCounts counts = bus.get().counts(AudioControls.INPUT);
    // zoom ×2, keyframe/next, push ×2, bpm, phase; the level's binding to a component the 4-component latent lacks
    // is refused and counted, and the show plays on.
    assertThat(counts.accepted()).isEqualTo(7);
    assertThat(counts.unknownAddress()).isEqualTo(2);
  }

  @Test
  void triggersFireOnceAndBarsCountTheMeter() {
    Preset preset = new Preset("bars", "", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f),
        new TrajectorySpec.Morph(3, 4, 2, false), ViewSpec.DEFAULT, 1, new TempoSpec(120, 3, 0,
        TempoSpec.Quantize.NONE), 0, 1, List.of(), PostSpec.NONE,
        AudioSpec.NONE.withBindings(List.of(AudioBinding.of("bar", "/zoomorph/keyframe", 2, 2),
            AudioBinding.of("beat", "/zoomorph/tap", 0, 1))));
    AudioControls controls = new AudioControls(() -> preset);
    int bars = 0;
    int taps = 0;
    for (int beat = 0; beat < 9; beat++) {
      for (ControlMessage message : controls.map(new AudioFeatures(0, 0, new double[5], false, new boolean[5], 0,
          120, beat + 0.01, true))) {
        bars += message.address().equals("/zoomorph/keyframe") && message.number(0) == 2 ? 1 : 0;
        taps += message.address().equals("/zoomorph/tap") ? 1 : 0;
      }
    }
    assertThat(bars).isEqualTo(3); // beats 0, 3 and 6 of 3/4
    assertThat(taps).isEqualTo(9);
    // Internal tempo: the tracked tempo is not sent.
    assertThat(controls.map(new AudioFeatures(0, 0, new double[5], false, new boolean[5], 0, 120, 9.5, false)))
        .isEmpty();
  }

  private static List<Object> value(LiveShow show, String address) {
    return show.parameters().stream().filter(p -> p.address().equals(address)).findFirst()
        .map(ControlParameter::value).orElseThrow();
  }
}
