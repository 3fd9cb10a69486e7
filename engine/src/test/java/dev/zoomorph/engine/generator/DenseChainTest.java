package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.zoomorph.engine.generator.DenseChain.Activation;
import dev.zoomorph.engine.generator.DenseChain.Dense;
import dev.zoomorph.engine.generator.DenseChain.Output;
import dev.zoomorph.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DenseChainTest {

  private static final float[] INPUTS = {-30f, -2f, -0.5f, 0f, 0.25f, 1f, 3f, 40f};

  @ParameterizedTest
  @EnumSource(Output.class)
  void eachActivationIsTheFunctionItNames(Output layout) {
    // One input, weight 1, bias 0: each row's output is the activation of its input.
    for (Activation activation : Activation.values()) {
      float[] out = new float[INPUTS.length];
      try (DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f},
          activation)), layout)) {
        chain.run(INPUTS.length, INPUTS, 0, out);
      }
      for (int k = 0; k < INPUTS.length; k++) {
        double a = INPUTS[k];
        double expected = switch (activation) {
          case SOFTPLUS -> Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
          case SIGMOID -> 1 / (1 + Math.exp(-a));
          case NONE -> a;
        };
        assertThat((double) out[k]).as("%s(%s)", activation, a)
            .isCloseTo(expected, offset(1e-5 * (1 + Math.abs(expected))));
      }
    }
  }

  @Test
  void layersChainWithTheirBiasesAndABiasCanChange() {
    // [x, y] → [x + 2y + 1, 3x − y] → [sum of both + 0.5, x + 2y + 1 − 2], no activations.
    Dense first = new Dense(2, 2, new float[] {1f, 3f, 2f, -1f}, new float[] {1f, 0f}, Activation.NONE);
    Dense second = new Dense(2, 2, new float[] {1f, 1f, 1f, 0f}, new float[] {0.5f, -2f}, Activation.NONE);
    float[] rows = {0f, 0f, 1f, 2f, 2f, 1f};
    try (DenseChain chain = new DenseChain(List.of(first, second), Output.ROWS)) {
      float[] out = new float[6];
      chain.run(3, rows, 0, out);
      assertThat(out).containsExactly(1.5f, -1f, 7.5f, 4f, 10.5f, 3f);
      chain.setBias(0, new float[] {0f, 10f});
      chain.run(1, rows, 2, out); // the second row, (1, 2)
      assertThat(Arrays.copyOf(out, 2)).containsExactly(16.5f, 3f);
      assertThat(chain.implementation(0, 3)).isNotBlank();
    }
    try (DenseChain chain = new DenseChain(List.of(first, second), Output.PLANES)) {
      float[] out = new float[6];
      chain.run(3, rows, 0, out);
      assertThat(out).containsExactly(1.5f, 7.5f, 10.5f, -1f, 4f, 3f);
      // A new last-layer bias reaches the batch shapes built before it and those built after.
      chain.setBias(1, new float[] {0f, 100f});
      chain.run(3, rows, 0, out);
      assertThat(out).containsExactly(1f, 7f, 10f, 101f, 106f, 105f);
      chain.run(1, new float[] {1f, 2f}, 0, out);
      assertThat(Arrays.copyOf(out, 2)).containsExactly(7f, 106f);
    }
  }

  @Test
  void aNarrowLastLayerRunsTransposedOnOneDnnsJitKernels() {
    // The point of PLANES: oneDNN's sgemm and JIT kernels, not its reference code, run the transposed layer and
    // finish its values and samples.
    float[] weights = new float[32 * 3];
    try (DenseChain chain = new DenseChain(List.of(new Dense(32, 3, weights, new float[3], Activation.SIGMOID)),
        Output.PLANES)) {
      assertThat(chain.implementation(0, 4096)).startsWith("sgemm, then jit").doesNotContain("ref");
    }
  }

  @Test
  void samplesAreTheLastActivationRoundedAsFrameRoundsIt() {
    // Weight 1, bias 0, no activation: each sample is 255·x rounded, ties to even, clamped.
    float twoAndAHalf = tie(2.5f);
    float threeAndAHalf = tie(3.5f);
    float[] inputs = {-1f, 0f, twoAndAHalf, threeAndAHalf, 0.5f, 1f, 7f, Float.NEGATIVE_INFINITY};
    byte[] samples = new byte[inputs.length];
    try (DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f},
        Activation.NONE)), Output.PLANES)) {
      chain.runSamples(inputs.length, inputs, 0, samples);
    }
    assertThat(samples).containsExactly(0, 0, 2, 4, (byte) 128, (byte) 255, (byte) 255, 0);
    // Random sigmoids of a narrow layer: every sample is Frame.toByte of its value.
    SplittableRandom random = new SplittableRandom(5);
    float[] weights = new float[32 * 3];
    float[] rows = new float[4096 * 32];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) random.nextGaussian();
    }
    for (int k = 0; k < rows.length; k++) {
      rows[k] = (float) random.nextDouble();
    }
    float[] values = new float[4096 * 3];
    byte[] bytes = new byte[4096 * 3];
    try (DenseChain chain = new DenseChain(List.of(new Dense(32, 3, weights, new float[] {0.1f, -0.2f, 0.3f},
        Activation.SIGMOID)), Output.PLANES)) {
      chain.run(4096, rows, 0, values);
      chain.runSamples(4096, rows, 0, bytes);
    }
    for (int k = 0; k < values.length; k++) {
      assertThat(bytes[k]).as("sample %d of %s", k, values[k]).isEqualTo(Frame.toByte(values[k]));
    }
    assertThatThrownBy(() -> {
      try (DenseChain rowsChain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f},
          Activation.NONE)), Output.ROWS)) {
        rowsChain.runSamples(1, new float[1], 0, new byte[1]);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("planes");
  }

  /** The float nearest {@code half} / 255 that 255 scales back to exactly {@code half}. */
  private static float tie(float half) {
    float x = half / 255f;
    while (x * 255f < half) {
      x = Math.nextUp(x);
    }
    while (x * 255f > half) {
      x = Math.nextDown(x);
    }
    assertThat(x * 255f).isEqualTo(half);
    return x;
  }

  @Test
  void badShapesAreRefusedAndAClosedChainRuns() {
    assertThatThrownBy(() -> new Dense(2, 3, new float[5], new float[3], Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 weights");
    assertThatThrownBy(() -> new DenseChain(List.of(new Dense(2, 3, new float[6], new float[3], Activation.NONE),
        new Dense(2, 1, new float[2], new float[1], Activation.NONE)), Output.ROWS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1 takes 2 inputs");
    DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f}, Activation.NONE)),
        Output.ROWS);
    assertThatThrownBy(() -> chain.setBias(0, new float[2])).isInstanceOf(IllegalArgumentException.class);
    chain.close();
    chain.close();
    assertThatThrownBy(() -> chain.run(1, new float[1], 0, new float[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aProcessWithoutTheOpenMpSettingsIsWarnedOnce() throws IOException, InterruptedException {
    assertThat(run(null, null)).containsOnlyOnce("OMP_NUM_THREADS is not set").doesNotContain("OMP_WAIT_POLICY")
        .contains("ran 2 chains");
    assertThat(run("1", null)).doesNotContain("is not set").contains("ran 2 chains");
    // OpenMP threads per product: then they must not spin between frames.
    assertThat(run("2", null)).containsOnlyOnce("OMP_WAIT_POLICY is not set").contains("ran 2 chains");
    assertThat(run("2", "PASSIVE")).doesNotContain("is not set").contains("ran 2 chains");
  }

  /**
   * Runs {@link Probe} in a child JVM with OMP_NUM_THREADS and OMP_WAIT_POLICY set to {@code threads} and {@code
   * policy}, or unset; returns its output.
   */
  private static String run(String threads, String policy) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), Probe.class.getName()))
        .redirectErrorStream(true);
    builder.environment().remove("OMP_NUM_THREADS");
    builder.environment().remove("OMP_WAIT_POLICY");
    if (threads != null) {
      builder.environment().put("OMP_NUM_THREADS", threads);
    }
    if (policy != null) {
      builder.environment().put("OMP_WAIT_POLICY", policy);
    }
    Process process = ChildJvm.start(builder);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** Builds and runs two chains, then says so. */
  static final class Probe {
    private Probe() {}

    public static void main(String[] args) {
      for (int k = 0; k < 2; k++) {
        try (DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f},
            Activation.SIGMOID)), Output.PLANES)) {
          chain.run(1, new float[] {0.5f}, 0, new float[1]);
        }
      }
      System.out.println("ran 2 chains");
    }
  }
}
