package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTest {

  @Test
  void toByteRoundsEveryFloatOfTheUnitIntervalAsMathRoundDoes() {
    // Every float from 0 to 1, about 10⁹ of them: the fast rounding must agree with Math.round on each.
    int last = Float.floatToRawIntBits(1f);
    int disagreements = 0;
    float first = Float.NaN;
    for (int bits = 0; bits <= last; bits++) {
      float unit = Float.intBitsToFloat(bits);
      if (Frame.toByte(unit) != (byte) Math.round(unit * 255f)) {
        if (disagreements++ == 0) {
          first = unit;
        }
      }
    }
    assertThat(disagreements).as("first disagreement at %s", first).isZero();
    // Its one pitfall: 0.49999997 (the float below ½), which adding ½ would round up to 1.
    assertThat(Frame.toByte(Math.nextDown(0.5f) / 255f)).isZero();
  }

  @Test
  void toByteClampsWhatLiesOutsideTheUnitInterval() {
    assertThat(Frame.toByte(-0.5f)).isZero();
    assertThat(Frame.toByte(Float.NEGATIVE_INFINITY)).isZero();
    assertThat(Frame.toByte(1.5f)).isEqualTo((byte) 255);
    assertThat(Frame.toByte(Float.POSITIVE_INFINITY)).isEqualTo((byte) 255);
    assertThat(Frame.toByte(Float.NaN)).isZero();
  }
}
