package dev.zoomorph.engine.control.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MidiBindingTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void roundTripsThroughJson() throws Exception {
    List<MidiBinding> bindings = List.of(
        new MidiBinding(MidiSource.cc(1, 16), MidiBinding.Mode.RELATIVE_SIGN_MAGNITUDE, "/zoomorph/latent/3", -2,
            2, MidiBinding.Curve.LOG),
        new MidiBinding(MidiSource.cc14(16, 31), MidiBinding.Mode.ABSOLUTE, "/zoomorph/zoom", 0.25, 64,
            MidiBinding.Curve.EXPONENTIAL),
        MidiBinding.of(MidiSource.pitchBend(2), "/zoomorph/post/hue", -1, 1),
        MidiBinding.keyframe(10, 36, 4));
    String text = json.writeValueAsString(bindings);
    assertThat(text).contains("\"type\":\"cc14\"", "\"mode\":\"relative-sign-magnitude\"",
        "\"curve\":\"exponential\"", "\"type\":\"pitch-bend\"");
    List<MidiBinding> back = json.readerForListOf(MidiBinding.class).readValue(text);
    assertThat(back).isEqualTo(bindings);
  }

  @Test
  void leavesOutWhatHasDefaults() throws Exception {
    MidiBinding binding = json.readValue(
        "{\"source\": {\"type\": \"pitch-bend\", \"channel\": 3}, \"target\": \"/zoomorph/crossfade\"}",
        MidiBinding.class);
    assertThat(binding).isEqualTo(MidiBinding.of(MidiSource.pitchBend(3), "/zoomorph/crossfade", 0, 1));
  }

  @Test
  void badBindingsSayWhatIsWrong() {
    assertThatThrownBy(() -> json.readValue(
        "{\"source\": {\"type\": \"cc\", \"channel\": 17, \"number\": 1}, \"target\": \"/zoomorph/zoom\"}",
        MidiBinding.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasRootCauseMessage("MIDI channel must be 1..16, was 17");
    assertThatThrownBy(() -> json.readValue(
        "{\"source\": {\"type\": \"note\", \"channel\": 1}, \"target\": \"/zoomorph/keyframe\"}", MidiBinding.class))
        .hasRootCauseMessage("number is required for a note source");
    assertThatThrownBy(() -> MidiSource.cc14(1, 32))
        .hasMessage("14-bit controller must be the MSB controller 0..31 (its LSB is number + 32), was 32");
    assertThatThrownBy(() -> new MidiBinding(MidiSource.pitchBend(1), MidiBinding.Mode.RELATIVE_BINARY_OFFSET,
        "/zoomorph/speed", 0, 1, MidiBinding.Curve.LINEAR))
        .hasMessageContaining("is for 7-bit CC encoders only");
    assertThatThrownBy(() -> new MidiBinding(MidiSource.cc(1, 1), MidiBinding.Mode.ABSOLUTE, "/zoomorph/zoom", 0,
        10, MidiBinding.Curve.EXPONENTIAL))
        .hasMessage("MIDI binding for CC 1 ch 1: an exponential curve needs min and max non-zero with the same "
            + "sign, were 0.0 and 10.0");
    assertThatThrownBy(() -> MidiBinding.of(MidiSource.cc(1, 1), "zoom", 0, 1))
        .hasMessageContaining("target must be a /zoomorph/... control address, was 'zoom'");
  }

  @Test
  void curvesShapeTheTravelAndInvert() {
    assertThat(MidiBinding.Curve.LINEAR.apply(0.25, -2, 2)).isEqualTo(-1);
    assertThat(MidiBinding.Curve.EXPONENTIAL.apply(0.5, 1, 100)).isCloseTo(10, within(1e-12));
    assertThat(MidiBinding.Curve.LOG.apply(1, 0, 5)).isCloseTo(5, within(1e-12));
    assertThat(MidiBinding.Curve.LOG.apply(0.5, 0, 1)).isCloseTo(Math.log10(5.5), within(1e-12));
    for (MidiBinding.Curve curve : MidiBinding.Curve.values()) {
      for (double x : new double[] {0, 0.1, 0.5, 0.9, 1}) {
        assertThat(curve.invert(curve.apply(x, 0.5, 8), 0.5, 8)).as("%s at %s", curve, x).isCloseTo(x,
            within(1e-12));
      }
    }
  }

  @Test
  void relativeEncodingsDecodeSteps() {
    assertThat(List.of(1, 63, 127, 65, 64).stream().map(MidiBinding.Mode.RELATIVE_TWOS_COMPLEMENT::step))
        .containsExactly(1, 63, -1, -63, -64);
    assertThat(List.of(64, 65, 63, 0, 127).stream().map(MidiBinding.Mode.RELATIVE_BINARY_OFFSET::step))
        .containsExactly(0, 1, -1, -64, 63);
    assertThat(List.of(0, 1, 63, 65, 127, 64).stream().map(MidiBinding.Mode.RELATIVE_SIGN_MAGNITUDE::step))
        .containsExactly(0, 1, 63, -1, -63, 0);
  }
}
