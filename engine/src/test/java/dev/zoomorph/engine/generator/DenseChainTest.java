package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.zoomorph.engine.generator.DenseChain.Activation;
import dev.zoomorph.engine.generator.DenseChain.Dense;
import dev.zoomorph.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DenseChainTest {

  private static final float[] INPUTS = {-30f, -2f, -0.5f, 0f, 0.25f, 1f, 3f, 40f};

  @Test
  void eachActivationIsTheFunctionItNames() {
    // One input, weight 1, bias 0: each row's output is the activation of its input.
    for (Activation activation : Activation.values()) {
      float[] out = new float[INPUTS.length];
      try (DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f},
          activation)))) {
        chain.run(INPUTS.length, INPUTS, out);
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
    // [x, y] → [x + 2y + 1, 3x − y] → sum of both + 0.5, no activations.
    Dense first = new Dense(2, 2, new float[] {1f, 3f, 2f, -1f}, new float[] {1f, 0f}, Activation.NONE);
    Dense second = new Dense(2, 1, new float[] {1f, 1f}, new float[] {0.5f}, Activation.NONE);
    try (DenseChain chain = new DenseChain(List.of(first, second))) {
      float[] out = new float[3];
      chain.run(3, new float[] {0f, 0f, 1f, 2f, 2f, 1f}, out);
      assertThat(out).containsExactly(1.5f, 7.5f, 10.5f);
      chain.setBias(0, new float[] {0f, 10f});
      chain.run(1, new float[] {1f, 2f}, out);
      assertThat(out[0]).isEqualTo(16.5f);
      assertThat(chain.implementation(0, 3)).isNotBlank();
    }
  }

  @Test
  void badShapesAreRefusedAndAClosedChainRuns() {
    assertThatThrownBy(() -> new Dense(2, 3, new float[5], new float[3], Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 weights");
    assertThatThrownBy(() -> new DenseChain(List.of(new Dense(2, 3, new float[6], new float[3], Activation.NONE),
        new Dense(2, 1, new float[2], new float[1], Activation.NONE))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1 takes 2 inputs");
    DenseChain chain = new DenseChain(List.of(new Dense(1, 1, new float[] {1f}, new float[] {0f}, Activation.NONE)));
    assertThatThrownBy(() -> chain.setBias(0, new float[2])).isInstanceOf(IllegalArgumentException.class);
    chain.close();
    chain.close();
    assertThatThrownBy(() -> chain.run(1, new float[1], new float[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aProcessWithoutThePassiveWaitPolicyIsWarnedOnce() throws IOException, InterruptedException {
    assertThat(run(null)).containsOnlyOnce("OMP_WAIT_POLICY is not set").contains("ran 2 chains");
    assertThat(run("PASSIVE")).doesNotContain("OMP_WAIT_POLICY").contains("ran 2 chains");
  }

  /** Runs {@link Probe} in a child JVM with OMP_WAIT_POLICY set to {@code policy}, or unset; returns its output. */
  private static String run(String policy) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), Probe.class.getName()))
        .redirectErrorStream(true);
    builder.environment().remove("OMP_WAIT_POLICY");
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
            Activation.SIGMOID)))) {
          chain.run(1, new float[] {0.5f}, new float[1]);
        }
      }
      System.out.println("ran 2 chains");
    }
  }
}
