package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.jspecify.annotations.Nullable;

/**
 * The first step of post-processing: the denoiser of the current {@link PostProcessing}, mixed with the raw picture
 * by its strength, applied to the picture as the generator made it, before resampling and the rest. So a DCGAN's
 * picture is cleaned at its native 32² or 64², where its noise is; a CPPN's at its render size. The post-processing
 * generator that owns this stage {@link #set}s it every time its post-processing changes; the stage sits where the
 * picture is made ({@link #around}, or read back from the GPU by {@link GlGenerator}).
 */
final class Denoising {
  private volatile @Nullable Denoiser denoiser;
  private volatile float strength;

  /** Follows {@code post}'s denoiser and strength from the next frame on. */
  void set(PostProcessing post) {
    denoiser = post.denoiser();
    strength = post.denoiseStrength();
  }

  /** True when frames are changed now. */
  boolean active() {
    return denoiser != null && strength > 0;
  }

  /** {@code raw} denoised and mixed: raw + strength × (denoised − raw), rounded; {@code raw} itself when inactive. */
  Frame apply(Frame raw) {
    Denoiser now = denoiser;
    float s = strength;
    if (now == null || s <= 0) {
      return raw;
    }
    Frame clean = now.denoise(raw);
    if (s >= 1) {
      return clean;
    }
    byte[] a = raw.pixels();
    byte[] b = clean.pixels();
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      int x = a[i] & 0xff;
      out[i] = (byte) Math.round(x + s * ((b[i] & 0xff) - x));
    }
    return new Frame(raw.width(), raw.height(), raw.channels(), out);
  }

  /** {@code generator} with this stage applied to each of its frames; closing it closes {@code generator}. */
  Generator around(Generator generator) {
    return new Generator() {
      @Override
      public int latentSize() {
        return generator.latentSize();
      }

      @Override
      public int channels() {
        return generator.channels();
      }

      @Override
      public Frame render(Latent latent, View view) {
        return apply(generator.render(latent, view));
      }

      @Override
      public void close() {
        generator.close();
      }
    };
  }
}
