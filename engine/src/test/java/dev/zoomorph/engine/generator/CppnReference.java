package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;

/** {@link CppnSpec}'s formula in plain double-precision Java, one pixel at a time: the oracle for the TF graph. */
final class CppnReference {
  private CppnReference() {}

  /** The unit-interval outputs of pixel (i, j) of {@code view}. */
  static double[] evaluate(CppnWeights weights, Latent latent, View view, int i, int j) {
    CppnSpec spec = weights.spec();
    int w = spec.width();
    double x = spec.scale() * view.planeX(i, j);
    double y = spec.scale() * view.planeY(i, j);
    double r = Math.sqrt(x * x + y * y);
    double[] h = new double[w];
    for (int u = 0; u < w; u++) {
      double sum = x * weights.wx()[u] + y * weights.wy()[u] + r * weights.wr()[u] + weights.b0()[u];
      for (int l = 0; l < spec.latentSize(); l++) {
        sum += spec.scale() * latent.get(l) * weights.wz()[l * w + u];
      }
      h[u] = Math.log1p(Math.exp(sum));
    }
    for (int k = 0; k < spec.depth() - 1; k++) {
      float[] m = weights.hiddenWeights().get(k);
      float[] b = weights.hiddenBiases().get(k);
      double[] next = new double[w];
      for (int u = 0; u < w; u++) {
        double sum = b[u];
        for (int p = 0; p < w; p++) {
          sum += h[p] * m[p * w + u];
        }
        next[u] = Math.tanh(sum);
      }
      h = next;
    }
    double[] out = new double[spec.channels()];
    for (int c = 0; c < out.length; c++) {
      double sum = weights.bOut()[c];
      for (int p = 0; p < w; p++) {
        sum += h[p] * weights.wOut()[p * spec.channels() + c];
      }
      out[c] = 1 / (1 + Math.exp(-sum));
    }
    return out;
  }
}
