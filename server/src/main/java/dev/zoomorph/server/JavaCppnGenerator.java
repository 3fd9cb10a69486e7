package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.stream.IntStream;

/**
 * The CPPN of {@link CppnSpec} evaluated in plain Java, rows in parallel. It stands in for the TensorFlow generator
 * until that is merged (then the lead replaces it in {@link Shows}); it is only fast enough for small nets.
 */
final class JavaCppnGenerator implements Generator {

  private final CppnWeights weights;
  private final CppnSpec spec;

  JavaCppnGenerator(CppnWeights weights) {
    this.weights = weights;
    this.spec = weights.spec();
  }

  @Override
  public int latentSize() {
    return spec.latentSize();
  }

  @Override
  public int channels() {
    return spec.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    if (latent.size() != spec.latentSize()) {
      throw new IllegalArgumentException(
          "this CPPN takes latents of size " + spec.latentSize() + ", got " + latent.size());
    }
    float[] latentTerm = latentTerm(latent);
    int channels = spec.channels();
    byte[] pixels = new byte[view.width() * view.height() * channels];
    IntStream.range(0, view.height()).parallel().forEach(row -> renderRow(row, view, latentTerm, pixels));
    return new Frame(view.width(), view.height(), channels, pixels);
  }

  /** {@code (scale·z)·Wz + b0}: the same for every pixel, so computed once per frame. */
  private float[] latentTerm(Latent latent) {
    int width = spec.width();
    float[] term = weights.b0().clone();
    float[] wz = weights.wz();
    for (int i = 0; i < spec.latentSize(); i++) {
      float z = spec.scale() * latent.get(i);
      for (int j = 0; j < width; j++) {
        term[j] += z * wz[i * width + j];
      }
    }
    return term;
  }

  private void renderRow(int row, View view, float[] latentTerm, byte[] pixels) {
    int width = spec.width();
    int channels = spec.channels();
    float[] h = new float[width];
    float[] next = new float[width];
    float[] wx = weights.wx();
    float[] wy = weights.wy();
    float[] wr = weights.wr();
    for (int column = 0; column < view.width(); column++) {
      float x = (float) (spec.scale() * view.planeX(column, row));
      float y = (float) (spec.scale() * view.planeY(column, row));
      float r = (float) Math.sqrt(x * x + y * y);
      for (int j = 0; j < width; j++) {
        h[j] = softplus(x * wx[j] + y * wy[j] + r * wr[j] + latentTerm[j]);
      }
      for (int k = 0; k < spec.depth() - 1; k++) {
        float[] w = weights.hiddenWeights().get(k);
        System.arraycopy(weights.hiddenBiases().get(k), 0, next, 0, width);
        for (int i = 0; i < width; i++) {
          float hi = h[i];
          for (int j = 0; j < width; j++) {
            next[j] += hi * w[i * width + j];
          }
        }
        for (int j = 0; j < width; j++) {
          h[j] = tanh(next[j]);
        }
      }
      int base = (row * view.width() + column) * channels;
      for (int c = 0; c < channels; c++) {
        float sum = weights.bOut()[c];
        for (int i = 0; i < width; i++) {
          sum += h[i] * weights.wOut()[i * channels + c];
        }
        pixels[base + c] = Frame.toByte(sigmoid(sum));
      }
    }
  }

  private static float softplus(float v) {
    // log(1 + e^v) without overflow for large v
    return v > 20 ? v : (float) Math.log1p(Math.exp(v));
  }

  /** Math.tanh is several times slower than this form, which uses the intrinsic Math.exp. */
  private static float tanh(float v) {
    return (float) (1 - 2 / (1 + Math.exp(2.0 * v)));
  }

  private static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }

  @Override
  public void close() {
    // Plain Java arrays: nothing native to free.
  }
}
