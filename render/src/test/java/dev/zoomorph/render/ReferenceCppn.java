package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;

/**
 * The CppnSpec formula in plain Java, all in double precision: the reference the shader, the CPU CPPN and the
 * recorder's tests compare with, and what a deep zoom should look like where float coordinates step from pixel to
 * pixel.
 */
public final class ReferenceCppn implements Generator {
  private final CppnWeights weights;

  private ReferenceCppn(CppnWeights weights) {
    this.weights = weights;
  }

  public static Generator precise(CppnWeights weights) {
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
    int c = spec.channels();
    double[] frameTerm = new double[w];
    for (int j = 0; j < w; j++) {
      double sum = weights.b0()[j];
      for (int i = 0; i < spec.latentSize(); i++) {
        sum += spec.scale() * latent.get(i) * weights.wz()[i * w + j];
      }
      frameTerm[j] = sum;
    }
    byte[] pixels = new byte[view.width() * view.height() * c];
    double[] h = new double[w];
    double[] next = new double[w];
    for (int py = 0; py < view.height(); py++) {
      for (int px = 0; px < view.width(); px++) {
        double x = spec.scale() * view.planeX(px, py);
        double y = spec.scale() * view.planeY(px, py);
        double r = Math.sqrt(x * x + y * y);
        for (int j = 0; j < w; j++) {
          double a = x * weights.wx()[j] + y * weights.wy()[j] + r * weights.wr()[j] + frameTerm[j];
          h[j] = Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
        }
        for (int k = 0; k < spec.depth() - 1; k++) {
          float[] m = weights.hiddenWeights().get(k);
          float[] b = weights.hiddenBiases().get(k);
          for (int j = 0; j < w; j++) {
            double sum = b[j];
            for (int i = 0; i < w; i++) {
              sum += h[i] * m[i * w + j];
            }
            next[j] = Math.tanh(sum);
          }
          double[] t = h;
          h = next;
          next = t;
        }
        for (int ch = 0; ch < c; ch++) {
          double sum = weights.bOut()[ch];
          for (int i = 0; i < w; i++) {
            sum += h[i] * weights.wOut()[i * c + ch];
          }
          pixels[(py * view.width() + px) * c + ch] = Frame.toByte((float) (1 / (1 + Math.exp(-sum))));
        }
      }
    }
    return new Frame(view.width(), view.height(), c, pixels);
  }

  @Override
  public void close() {}
}
