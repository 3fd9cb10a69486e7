package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTest {

  @Test
  void toByteRoundsEveryFloatOfTheUnitIntervalToNearestWithTiesToEven() {
    // Every float from 0 to 1, about 10⁹ of them: toByte must agree with Math.round (ties up) except on exact ties,
    // where it gives the even neighbour.
    int last = Float.floatToRawIntBits(1f);
    int ties = 0;
    for (int bits = 0; bits <= last; bits++) {
      float unit = Float.intBitsToFloat(bits);
      float scaled = unit * 255f;
      int sample = Frame.toByte(unit) & 0xff;
      boolean tie = scaled - (float) Math.floor(scaled) == 0.5f;
      if (tie) {
        ties++;
        assertThat(sample).as("tie %s", unit).isEven().isBetween((int) Math.floor(scaled), (int) Math.ceil(scaled));
      } else if (sample != Math.round(scaled)) {
        assertThat(sample).as("sample of %s", unit).isEqualTo(Math.round(scaled));
      }
    }
    assertThat(ties).as("unit-interval floats that 255 scales to a half").isPositive();
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
