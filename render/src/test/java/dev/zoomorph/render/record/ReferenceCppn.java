package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** CppnSpec's formula evaluated in plain Java, in double precision: a real generator for tests, and a reference. */
class ReferenceCppn implements Generator {
  private final CppnWeights weights;
  private final CppnSpec spec;
  int rendered;

  ReferenceCppn(CppnWeights weights) {
    this.weights = weights;
    this.spec = weights.spec();
  }

  /** Small seeded weights that every test generator (this one and TensorFlow's) shares. */
  static CppnWeights weights(int channels, long seed) {
    return CppnWeights.random(new CppnSpec(8, 16, 3, channels, 4f), seed);
  }

  static ReferenceCppn random(int channels, long seed) {
    return new ReferenceCppn(weights(channels, seed));
  }

  /** Seeded latents moving smoothly (linear steps between random keyframes every 8 frames). */
  static Iterator<Latent> latents(int size, long seed, int frames) {
    List<Latent> list = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      Latent a = Latent.gaussian(size, seed * 1000 + f / 8);
      Latent b = Latent.gaussian(size, seed * 1000 + f / 8 + 1);
      list.add(a.lerp(b, (f % 8) / 8.0));
    }
    return list.iterator();
  }

  CppnWeights weightsForTest() {
    return weights;
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
          h[j] = a > 30 ? a : Math.log1p(Math.exp(a));
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
    rendered++;
    return new Frame(view.width(), view.height(), c, pixels);
  }

  @Override
  public void close() {}
}
