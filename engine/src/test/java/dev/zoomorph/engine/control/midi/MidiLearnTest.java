package dev.zoomorph.engine.control.midi;

import static dev.zoomorph.engine.control.midi.MidiMapperTest.cc;
import static dev.zoomorph.engine.control.midi.MidiMapperTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MidiLearnTest {
  private final MidiMapper mapper = new MidiMapper(List.of());
  private final MidiLearn learn = new MidiLearn(mapper);

  @Test
  void learnsAFourteenBitPairFromMsbThenLsb() throws Exception {
    Mono<MidiBinding> learned = learn.arm("/zoomorph/crossfade", 0, 1, MidiBinding.Curve.LINEAR,
        MidiBinding.Mode.ABSOLUTE);
    assertThat(learn.map(new ShortMessage(ShortMessage.TIMING_CLOCK))).isEmpty(); // not a control
    assertThat(learn.map(cc(4, 2, 127))).isEmpty(); // MSB held until the next message says what it is
    assertThat(learn.map(cc(4, 34, 127))).containsExactly(
        ControlMessage.of("/zoomorph/crossfade", 127 * 128 / 16383.0), ControlMessage.of("/zoomorph/crossfade", 1.0));
    StepVerifier.create(learned)
        .expectNext(MidiBinding.of(MidiSource.cc14(5, 2), "/zoomorph/crossfade", 0, 1))
        .verifyComplete();
  }

  @Test
  void aLowCcWithoutItsLsbIsLearnedAsSevenBit() {
    Mono<MidiBinding> learned = learn.arm("/zoomorph/speed", 0, 4, MidiBinding.Curve.LINEAR,
        MidiBinding.Mode.ABSOLUTE);
    assertThat(learn.map(cc(0, 2, 127))).isEmpty();
    assertThat(learn.map(cc(0, 2, 0))).containsExactly(
        ControlMessage.of("/zoomorph/speed", 4.0), ControlMessage.of("/zoomorph/speed", 0.0));
    StepVerifier.create(learned).expectNext(MidiBinding.of(MidiSource.cc(1, 2), "/zoomorph/speed", 0, 4))
        .verifyComplete();
  }

  @Test
  void learnsRelativeEncodersNotesAndPitchBend() {
    StepVerifier.create(learn.arm("/zoomorph/latent/0", -1, 1, MidiBinding.Curve.LINEAR,
            MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT))
        .then(() -> assertThat(learn.map(cc(0, 3, 1))).hasSize(1)) // relative: bound on the first tick
        .expectNext(new MidiBinding(MidiSource.cc(1, 3), MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT,
            "/zoomorph/latent/0", -1, 1, MidiBinding.Curve.LINEAR))
        .verifyComplete();
    StepVerifier.create(learn.arm("/zoomorph/keyframe", 5, 5, MidiBinding.Curve.LINEAR,
            MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT))
        .then(() -> learn.map(message(ShortMessage.NOTE_ON, 9, 40, 0))) // a note-off does not count
        .then(() -> assertThat(learn.map(message(ShortMessage.NOTE_ON, 9, 40, 90)))
            .containsExactly(ControlMessage.of("/zoomorph/keyframe", 5.0)))
        .expectNext(MidiBinding.keyframe(10, 40, 5))
        .verifyComplete();
    StepVerifier.create(learn.arm("/zoomorph/speed", 0, 2, MidiBinding.Curve.LINEAR, MidiBinding.Mode.ABSOLUTE))
        .then(() -> learn.map(message(ShortMessage.PITCH_BEND, 1, 0, 64)))
        .expectNext(MidiBinding.of(MidiSource.pitchBend(2), "/zoomorph/speed", 0, 2))
        .verifyComplete();
    assertThat(mapper.bindings()).hasSize(3);
  }

  @Test
  void armingAgainOrDisarmingEndsTheEarlierRequest() {
    Mono<MidiBinding> first = learn.arm("/zoomorph/speed", 0, 1, MidiBinding.Curve.LINEAR,
        MidiBinding.Mode.ABSOLUTE);
    Mono<MidiBinding> second = learn.arm("/zoomorph/zoom", 1, 2, MidiBinding.Curve.LINEAR,
        MidiBinding.Mode.ABSOLUTE);
    StepVerifier.create(first).verifyComplete();
    learn.disarm();
    StepVerifier.create(second).verifyComplete();
    assertThat(learn.armed()).isFalse();
    assertThat(learn.map(cc(0, 60, 1))).isEmpty();
    assertThat(mapper.bindings()).isEmpty();
  }

  @Test
  void aBadRequestIsRefusedWhenArmed() {
    assertThatThrownBy(() -> learn.arm("/zoomorph/zoom", 0, 8, MidiBinding.Curve.EXPONENTIAL,
        MidiBinding.Mode.ABSOLUTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an exponential curve needs min and max non-zero");
    assertThat(learn.armed()).isFalse();
  }

  @Test
  void aPresetSwitchLeavesLearningArmedAndTheControlIsBoundInThePresetThenPlaying() {
    MidiBinding old = MidiBinding.of(MidiSource.cc(1, 7), "/zoomorph/speed", 0, 1);
    AtomicReference<List<MidiBinding>> playing = new AtomicReference<>(List.of(old));
    MidiLearn following = new MidiLearn(MidiMapper.following(playing::get, bindings -> bindings));
    assertThat(following.mapper().bindings()).containsExactly(old);
    Mono<MidiBinding> learned = following.arm("/zoomorph/zoom", 1, 2, MidiBinding.Curve.LINEAR,
        MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT);
    playing.set(List.of());
    assertThat(following.armed()).isTrue();
    assertThat(following.map(cc(0, 7, 1))).hasSize(1);
    MidiBinding zoom = new MidiBinding(MidiSource.cc(1, 7), MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT,
        "/zoomorph/zoom", 1, 2, MidiBinding.Curve.LINEAR);
    StepVerifier.create(learned).expectNext(zoom).verifyComplete();
    assertThat(following.mapper().bindings()).containsExactly(zoom);
  }
}
