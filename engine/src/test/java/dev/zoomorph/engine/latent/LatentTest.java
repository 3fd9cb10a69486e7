package dev.zoomorph.engine.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatentTest {

  @Test
  void ofCopiesItsInputAndToArrayCopiesItsOutput() {
    float[] input = {1, 2, 3};
    Latent latent = Latent.of(input);
    input[0] = 99;
    float[] output = latent.toArray();
    output[1] = 99;

    assertThat(latent.toArray()).containsExactly(1, 2, 3);
    assertThat(latent.size()).isEqualTo(3);
    assertThat(latent.get(2)).isEqualTo(3f);
  }

  @Test
  void rejectsEmptyAndNonPositiveSizes() {
    assertThatThrownBy(Latent::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
    assertThatThrownBy(() -> Latent.zeros(0)).hasMessageContaining("size must be positive, was 0");
    assertThatThrownBy(() -> Latent.gaussian(-1, 1L)).hasMessageContaining("was -1");
  }

  @Test
  void rejectsNaNAndInfinityWhereverTheyWouldEnter() {
    Latent a = Latent.of(1, 2);
    assertThatThrownBy(() -> Latent.of(0, Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latent component 1 is not finite: NaN");
    assertThatThrownBy(() -> Latent.of(Float.POSITIVE_INFINITY))
        .hasMessage("latent component 0 is not finite: Infinity");
    assertThatThrownBy(() -> a.with(1, Float.NEGATIVE_INFINITY)).hasMessageContaining("component 1");
    assertThatThrownBy(() -> a.scale(Double.NaN)).hasMessage("latent argument is not finite: NaN");
    assertThatThrownBy(() -> a.lerp(a, Double.POSITIVE_INFINITY)).hasMessageContaining("not finite");
    assertThatThrownBy(() -> a.slerp(a, Double.NaN)).hasMessageContaining("not finite");
  }

  @Test
  void rejectsResultsThatOverflow() {
    Latent big = Latent.of(Float.MAX_VALUE, 1);
    assertThatThrownBy(() -> big.add(big)).hasMessage("latent component 0 is not finite: Infinity");
    assertThatThrownBy(() -> big.subtract(big.scale(-1))).hasMessageContaining("component 0");
    assertThatThrownBy(() -> big.scale(2)).hasMessageContaining("component 0");
    assertThatThrownBy(() -> big.lerp(Latent.of(0, 0), 3)).hasMessageContaining("component 0");
  }

  @Test
  void rejectsMixedSizes() {
    Latent two = Latent.zeros(2);
    Latent three = Latent.zeros(3);
    assertThatThrownBy(() -> two.add(three)).hasMessage("latent sizes differ: 2 and 3");
    assertThatThrownBy(() -> two.subtract(three)).hasMessage("latent sizes differ: 2 and 3");
    assertThatThrownBy(() -> two.lerp(three, 0.5)).hasMessage("latent sizes differ: 2 and 3");
    assertThatThrownBy(() -> two.slerp(three, 0.5)).hasMessage("latent sizes differ: 2 and 3");
    assertThatThrownBy(() -> two.dot(three)).hasMessage("latent sizes differ: 2 and 3");
  }

  @Test
  void withReplacesOneComponentAndLeavesTheOriginal() {
    Latent a = Latent.of(1, 2, 3);
    Latent b = a.with(1, -5);
    assertThat(b.toArray()).containsExactly(1, -5, 3);
    assertThat(a.toArray()).containsExactly(1, 2, 3);
  }

  @Test
  void arithmeticIsComponentwise() {
    Latent a = Latent.of(1, 2, 3);
    Latent b = Latent.of(0.5f, -1, 4);
    assertThat(a.add(b).toArray()).containsExactly(1.5f, 1, 7);
    assertThat(a.subtract(b).toArray()).containsExactly(0.5f, 3, -1);
    assertThat(a.scale(-2).toArray()).containsExactly(-2, -4, -6);
    assertThat(a.dot(b)).isEqualTo(0.5 - 2 + 12);
    assertThat(Latent.of(3, 4).norm()).isEqualTo(5.0);
    assertThat(Latent.zeros(4).toArray()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void latentArithmeticMovesAFeatureFromOnePairToAnother() {
    // z9 + (z1' − z1): the change that turns z1 into z1' applied to z9.
    Latent z1 = Latent.gaussian(32, 1);
    Latent z1Changed = z1.with(5, z1.get(5) + 2).with(7, z1.get(7) - 1);
    Latent z9 = Latent.gaussian(32, 9);

    Latent z9Changed = z9.add(z1Changed.subtract(z1));

    Latent change = z9Changed.subtract(z9);
    for (int i = 0; i < 32; i++) {
      float expected = i == 5 ? 2 : i == 7 ? -1 : 0;
      assertThat(change.get(i)).as("component %d", i).isCloseTo(expected, within(1e-5f));
    }
  }

  @Test
  void lerpHitsBothEndsExactlyAndTheMiddleHalfway() {
    // Far-apart magnitudes: a + (b − a)·1 in float arithmetic does not round back to b.
    Latent a = Latent.of(1000f, -0f, 3);
    Latent b = Latent.of(0.001f, 7, -0f);

    assertThat(a.lerp(b, 0)).isEqualTo(a);
    assertThat(a.lerp(b, 1)).isEqualTo(b);
    assertThat(a.lerp(b, 0.5).toArray()).containsExactly(500.0005f, 3.5f, 1.5f);
    assertThat(a.lerp(b, 2).get(1)).isEqualTo(14f);
  }

  @Test
  void slerpHitsBothEndsExactlyAndKeepsTheNormOfEqualNormLatents() {
    Latent a = Latent.gaussian(32, 11);
    Latent b = Latent.gaussian(32, 12).scale(a.norm() / Latent.gaussian(32, 12).norm());

    assertThat(a.slerp(b, 0)).isEqualTo(a);
    assertThat(a.slerp(b, 1)).isEqualTo(b);
    for (double t = 0.1; t < 1; t += 0.1) {
      assertThat(a.slerp(b, t).norm()).isCloseTo(a.norm(), within(1e-4 * a.norm()));
      // Linear interpolation sags towards the origin in between; that is what slerp avoids.
      assertThat(a.lerp(b, t).norm()).isLessThan(a.norm());
    }
    Latent middle = a.slerp(b, 0.5);
    assertThat(middle.dot(a)).isCloseTo(middle.dot(b), within(1e-3));
  }

  @Test
  void slerpFallsBackToLerpForParallelAndZeroLatents() {
    Latent a = Latent.of(1, 2);
    Latent zero = Latent.zeros(2);
    assertThat(a.slerp(a.scale(3), 0.5)).isEqualTo(a.lerp(a.scale(3), 0.5));
    assertThat(a.slerp(a.scale(-1), 0.25)).isEqualTo(a.lerp(a.scale(-1), 0.25));
    assertThat(zero.slerp(a, 0.5)).isEqualTo(zero.lerp(a, 0.5));
  }

  @Test
  void gaussianIsDeterminedBySeedAndLiesOnTheTypicalShell() {
    assertThat(Latent.gaussian(32, 5)).isEqualTo(Latent.gaussian(32, 5));
    assertThat(Latent.gaussian(32, 5)).isNotEqualTo(Latent.gaussian(32, 6));

    SplittableRandom random = new SplittableRandom(42);
    int samples = 2000;
    double normSum = 0;
    double componentSum = 0;
    double squareSum = 0;
    for (int s = 0; s < samples; s++) {
      Latent z = Latent.gaussian(32, random);
      normSum += z.norm();
      for (int i = 0; i < 32; i++) {
        componentSum += z.get(i);
        squareSum += z.get(i) * z.get(i);
      }
    }
    int n = samples * 32;
    assertThat(componentSum / n).isCloseTo(0, within(0.03));
    assertThat(squareSum / n).isCloseTo(1, within(0.03));
    assertThat(normSum / samples).isCloseTo(Math.sqrt(31.5), within(0.05));
  }

  @Test
  void equalityIsByComponents() {
    assertThat(Latent.of(1, 2)).isEqualTo(Latent.of(1, 2)).hasSameHashCodeAs(Latent.of(1, 2));
    assertThat(Latent.of(1, 2)).isNotEqualTo(Latent.of(1, 3)).isNotEqualTo(Latent.of(1, 2, 0)).isNotEqualTo(null);
    assertThat(Latent.of(1, 2)).hasToString("Latent[1.0, 2.0]");
  }
}
