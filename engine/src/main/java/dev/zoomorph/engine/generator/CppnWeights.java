package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameters of a {@link CppnSpec}. Matrices are row-major with the input index first:
 * {@code wz[i·width + j]} connects latent component i to unit j, {@code hidden(k)[i·width + j]} connects unit i of
 * layer k−1 to unit j of layer k, {@code wOut[i·channels + c]} connects unit i of the last layer to channel c.
 * Arrays are owned by this object; accessors return them without copying, and callers must not modify them.
 *
 * @param hiddenWeights the {@code depth − 1} tanh layers' matrices, k = 1 … depth − 1
 * @param hiddenBiases their biases
 */
public record CppnWeights(
    CppnSpec spec,
    float[] wz,
    float[] wx,
    float[] wy,
    float[] wr,
    float[] b0,
    List<float[]> hiddenWeights,
    List<float[]> hiddenBiases,
    float[] wOut,
    float[] bOut) {

  public CppnWeights {
    int w = spec.width();
    requireLength("wz", wz, spec.latentSize() * w);
    requireLength("wx", wx, w);
    requireLength("wy", wy, w);
    requireLength("wr", wr, w);
    requireLength("b0", b0, w);
    hiddenWeights = List.copyOf(hiddenWeights);
    hiddenBiases = List.copyOf(hiddenBiases);
    if (hiddenWeights.size() != spec.depth() - 1 || hiddenBiases.size() != spec.depth() - 1) {
      throw new IllegalArgumentException("a CPPN of depth " + spec.depth() + " has " + (spec.depth() - 1)
          + " hidden layers, got " + hiddenWeights.size() + " weight and " + hiddenBiases.size() + " bias arrays");
    }
    for (int k = 0; k < hiddenWeights.size(); k++) {
      requireLength("w" + (k + 1), hiddenWeights.get(k), w * w);
      requireLength("b" + (k + 1), hiddenBiases.get(k), w);
    }
    requireLength("wOut", wOut, w * spec.channels());
    requireLength("bOut", bOut, spec.channels());
  }

  /**
   * Seeded random weights with the classic abstract CPPN look: every weight and bias drawn from N(0, σ²) in a fixed
   * order (wz, wx, wy, wr, b0, then each hidden layer's weights and bias, then wOut, bOut), σ = 1 except: the hidden
   * matrices use 4/√width, so the tanh layers run partly saturated and draw the sharp-edged, layered shapes of the
   * classic CPPN look at every width (2/√width gave blurry, low-contrast pictures at width 128); the output uses
   * 3/√width, for strong contrast without flattening most pixels to 0 or 1; the biases after b0 use 0.5; and wz uses
   * 1/√latentSize so the latent moves the picture about as much as the coordinates do.
   */
  public static CppnWeights random(CppnSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int w = spec.width();
    float[] wz = gaussian(random, spec.latentSize() * w, 1.0 / Math.sqrt(spec.latentSize()));
    float[] wx = gaussian(random, w, 1);
    float[] wy = gaussian(random, w, 1);
    float[] wr = gaussian(random, w, 1);
    float[] b0 = gaussian(random, w, 1);
    float[][] hw = new float[spec.depth() - 1][];
    float[][] hb = new float[spec.depth() - 1][];
    for (int k = 0; k < hw.length; k++) {
      hw[k] = gaussian(random, w * w, 4.0 / Math.sqrt(w));
      hb[k] = gaussian(random, w, 0.5);
    }
    float[] wOut = gaussian(random, w * spec.channels(), 3.0 / Math.sqrt(w));
    float[] bOut = gaussian(random, spec.channels(), 0.5);
    return new CppnWeights(spec, wz, wx, wy, wr, b0, List.of(hw), List.of(hb), wOut, bOut);
  }

  private static float[] gaussian(SplittableRandom random, int n, double sigma) {
    float[] v = Latent.gaussian(n, random).toArray();
    for (int i = 0; i < n; i++) {
      v[i] *= (float) sigma;
    }
    return v;
  }

  private static void requireLength(String name, float[] array, int expected) {
    if (array.length != expected) {
      throw new IllegalArgumentException(
          "CPPN tensor " + name + " has " + array.length + " values, expected " + expected);
    }
    for (int i = 0; i < array.length; i++) {
      if (!Float.isFinite(array[i])) {
        throw new IllegalArgumentException("CPPN tensor " + name + " has a non-finite value at " + i);
      }
    }
  }
}
