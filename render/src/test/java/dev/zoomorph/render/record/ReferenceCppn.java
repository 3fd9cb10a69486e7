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

/** The double-precision reference CPPN ({@link dev.zoomorph.render.ReferenceCppn}) with the recorder tests' seeds and latents. */
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
    rendered++;
    return dev.zoomorph.render.ReferenceCppn.precise(weights).render(latent, view);
  }

  @Override
  public void close() {}
}
