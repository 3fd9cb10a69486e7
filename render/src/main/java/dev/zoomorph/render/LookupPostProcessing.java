package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.jspecify.annotations.Nullable;

/**
 * Post-processing on the CPU for generators that do not draw in GL. Frames are 8-bit and post-processing works on
 * each value alone, so it is exactly a 256-entry lookup table: grey to grey, grey to RGB through a palette, or RGB
 * channel by channel. The table follows post.frag's maths step by step (in float, as the shader computes), so this
 * path and the shader give the same picture; it is rebuilt only when the post-processing changes. A frame whose
 * post-processing is the identity is passed on untouched. The denoiser, which comes first, is the {@link Denoising}
 * stage inside {@code inner}, where the picture is made; this generator keeps it following the post-processing.
 */
final class LookupPostProcessing implements PostProcessedGenerator {
  private final Generator inner;
  private final Denoising denoising;
  private volatile PostProcessing post;

  // Render thread: the table of tablePost.
  private @Nullable PostProcessing tablePost;
  private byte[] grey = new byte[256];
  private byte @Nullable [] rgb;

  /** {@code inner}'s frames post-processed; {@code denoising} is the stage somewhere inside {@code inner}. */
  LookupPostProcessing(Generator inner, PostProcessing post, Denoising denoising) {
    this.inner = inner;
    this.denoising = denoising;
    this.post = post;
    denoising.set(post);
  }

  @Override
  public void setPostProcessing(PostProcessing newPost) {
    post = newPost;
    denoising.set(newPost);
  }

  @Override
  public int latentSize() {
    return inner.latentSize();
  }

  /** 3 for a grey generator with a palette, else the generator's own. */
  @Override
  public int channels() {
    return inner.channels() == 1 && post.palette() != null ? 3 : inner.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    Frame frame = inner.render(latent, view);
    PostProcessing now = post;
    if (now.isPointwiseIdentity()) {
      return frame;
    }
    if (!now.equals(tablePost)) {
      buildTables(now);
    }
    byte[] in = frame.pixels();
    byte[] colours = rgb;
    if (frame.channels() == 1 && colours != null) {
      byte[] out = new byte[in.length * 3];
      for (int i = 0, o = 0; i < in.length; i++, o += 3) {
        int level = (in[i] & 0xff) * 3;
        out[o] = colours[level];
        out[o + 1] = colours[level + 1];
        out[o + 2] = colours[level + 2];
      }
      return new Frame(frame.width(), frame.height(), 3, out);
    }
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = grey[in[i] & 0xff];
    }
    return new Frame(frame.width(), frame.height(), frame.channels(), out);
  }

  private void buildTables(PostProcessing p) {
    float[] values = new float[256];
    byte[] levels = new byte[256];
    for (int level = 0; level < 256; level++) {
      values[level] = apply(p, level / 255f);
      levels[level] = Frame.toByte(values[level]);
    }
    grey = levels;
    rgb = p.palette() == null ? null : paletted(p.palette(), values);
    tablePost = p;
  }

  /** post.frag's contrast, gamma and threshold on one value in 0..1. */
  static float apply(PostProcessing p, float value) {
    float v = Math.max(0f, Math.min(1f, (value - 0.5f) * p.contrast() + 0.5f));
    v = (float) Math.pow(v, p.gamma());
    if (p.hasThreshold()) {
      float w = Math.max(p.softness(), 1e-5f);
      float t = Math.max(0f, Math.min(1f, (v - (p.threshold() - w)) / (2 * w)));
      v = t * t * (3 - 2 * t);
    }
    return v;
  }

  /**
   * The palette looked up as the shader's linearly filtered 256×1 texture does: grey value v falls at texel
   * coordinate v·255, between two table entries.
   */
  private static byte[] paletted(Palette palette, float[] values) {
    byte[] table = palette.table();
    byte[] out = new byte[256 * 3];
    for (int level = 0; level < 256; level++) {
      float position = values[level] * 255f;
      int lower = Math.min((int) position, 254);
      float t = position - lower;
      for (int c = 0; c < 3; c++) {
        float a = (table[lower * 3 + c] & 0xff) / 255f;
        float b = (table[(lower + 1) * 3 + c] & 0xff) / 255f;
        out[level * 3 + c] = Frame.toByte(a + (b - a) * t);
      }
    }
    return out;
  }

  @Override
  public void close() {
    inner.close();
  }
}
