package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * The CppnSpec formula in plain Java with the plane coordinates and the first layer in double precision: what a deep
 * zoom should look like, where float coordinates (as TensorFlow's CppnGenerator feeds them) step from pixel to pixel.
 */
final class ReferenceCppn implements Generator {
  private final CppnWeights weights;

  private ReferenceCppn(CppnWeights weights) {
    this.weights = weights;
  }

  static Generator precise(CppnWeights weights) {
    return new ReferenceCppn(weights);
  }

  @Override
  public int latentSize() {
    return weights.spec().latentSize();
  }

  @Override
  public int channels() {
    return weights.spec().channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    CppnSpec spec = weights.spec();
    int w = spec.width();
    float scale = spec.scale();
    float[] latentTerm = weights.b0().clone();
    for (int i = 0; i < spec.latentSize(); i++) {
      float z = scale * latent.get(i);
      for (int j = 0; j < w; j++) {
        latentTerm[j] += z * weights.wz()[i * w + j];
      }
    }
    byte[] pixels = new byte[view.width() * view.height() * spec.channels()];
    float[] h = new float[w];
    float[] next = new float[w];
    for (int row = 0; row < view.height(); row++) {
      for (int col = 0; col < view.width(); col++) {
        double px = view.planeX(col, row);
        double py = view.planeY(col, row);
        double x = scale * px;
        double y = scale * py;
        double r = Math.hypot(x, y);
        for (int j = 0; j < w; j++) {
          double pre = x * weights.wx()[j] + y * weights.wy()[j] + r * weights.wr()[j] + latentTerm[j];
          h[j] = (float) (Math.max(pre, 0) + Math.log1p(Math.exp(-Math.abs(pre))));
        }
        for (int k = 0; k < spec.depth() - 1; k++) {
          float[] m = weights.hiddenWeights().get(k);
          float[] b = weights.hiddenBiases().get(k);
          for (int j = 0; j < w; j++) {
            float sum = b[j];
            for (int i = 0; i < w; i++) {
              sum += h[i] * m[i * w + j];
            }
            next[j] = (float) Math.tanh(sum);
          }
          float[] swap = h;
          h = next;
          next = swap;
        }
        for (int c = 0; c < spec.channels(); c++) {
          float sum = weights.bOut()[c];
          for (int i = 0; i < w; i++) {
            sum += h[i] * weights.wOut()[i * spec.channels() + c];
          }
          pixels[(row * view.width() + col) * spec.channels() + c] = Frame.toByte((float) (1 / (1 + Math.exp(-sum))));
        }
      }
    }
    return new Frame(view.width(), view.height(), spec.channels(), pixels);
  }

  @Override
  public void close() {}
}
