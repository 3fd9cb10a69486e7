package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.lwjgl.system.MemoryUtil;

/**
 * A generator drawn on the process's {@link GlDevice}: the CPPN in a shader ({@link #cppn}), or a fixed-size
 * generator's pictures uploaded and resampled onto the view ({@link #resampling}, a DCGAN on the GL backend); then
 * post-processed in post.frag. {@link #render} reads the picture back; {@link FrameRenderer} instead takes the drawn
 * target ({@link #draw}) to crossfade and show it on the GPU. Every GL object is freed by {@link #close}.
 */
final class GlGenerator implements PostProcessedGenerator {

  /** What draws a frame's picture, before post-processing, into the image target. */
  private interface Source {
    void draw(Latent latent, View view, Target image);

    /** True when the picture just drawn is grey (its value in red). */
    boolean grey();

    /** Frees the source's GL objects. */
    void delete();
  }

  private final GlDevice device;
  /** The CPU generator whose frames are uploaded, closed with this one; null for the shader CPPN. */
  private final @Nullable Generator uploaded;
  private final int latentSize;
  private final boolean greySource;
  private final Denoising denoising;
  private volatile PostProcessing post;
  private volatile boolean closed;
  // Device thread.
  private final Source source;
  private final PostPass postPass;
  private @Nullable Target image;
  private @Nullable Target output;

  private GlGenerator(GlDevice device, @Nullable Generator uploaded, int latentSize, boolean greySource,
      PostProcessing post, Denoising denoising, SourceFactory factory) {
    this.device = device;
    this.uploaded = uploaded;
    this.latentSize = latentSize;
    this.greySource = greySource;
    this.post = post;
    this.denoising = denoising;
    denoising.set(post);
    Source[] made = new Source[1];
    PostPass[] pass = new PostPass[1];
    device.run(() -> {
      made[0] = factory.create(device.objects());
      try {
        pass[0] = new PostPass(device.objects());
        GlDevice.checkGlError("setting up a generator");
      } catch (RuntimeException e) {
        made[0].delete();
        if (pass[0] != null) {
          pass[0].delete();
        }
        throw e;
      }
    });
    source = made[0];
    postPass = pass[0];
  }

  private interface SourceFactory {
    Source create(GlObjects objects);
  }

  /**
   * The CPPN of {@code weights} evaluated per pixel on the GL device, matching the CPU CPPN (see {@link CppnSpec}):
   * in a compute shader on a GPU with GL 4.3, else in a fragment shader ({@link CppnPass.Shader#forCurrentContext}).
   * While a denoiser is on, its picture is read back, denoised on the CPU and uploaded again before post.frag.
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  static GlGenerator cppn(CppnWeights weights, PostProcessing post) {
    return cppn(weights, post, null);
  }

  /**
   * As {@link #cppn(CppnWeights, PostProcessing)}, with the shader stage named ({@code null}: the context's
   * choice); the stage must be one the context has. For tests and the GPU check, which compare the two.
   */
  static GlGenerator cppn(CppnWeights weights, PostProcessing post, CppnPass.@Nullable Shader shader) {
    GlDevice device = GlDevice.acquire();
    Denoising denoising = new Denoising();
    try {
      return new GlGenerator(device, null, weights.spec().latentSize(), weights.spec().channels() == 1, post,
          denoising, objects -> {
            CppnPass pass = new CppnPass(objects, weights,
                shader != null ? shader : CppnPass.Shader.forCurrentContext());
            return new Source() {
              @Override
              public void draw(Latent latent, View view, Target image) {
                pass.draw(latent, view, image);
                if (denoising.active()) {
                  Frame drawn = Readback.read(objects, image, weights.spec().channels() == 1 ? 1 : 3);
                  upload(objects, denoising.apply(drawn), image.texture);
                }
              }

              @Override
              public boolean grey() {
                return weights.spec().channels() == 1;
              }

              @Override
              public void delete() {
                pass.delete();
              }
            };
          });
    } catch (RuntimeException | Error e) {
      device.release();
      throw e;
    }
  }

  /**
   * A fixed-size generator's pictures (made on the CPU at {@code nativeWidth × nativeHeight}, a DCGAN's) uploaded at
   * that size, resampled onto the view and post-processed on the GPU ({@link ResamplePass}, the sums of
   * {@link ResampledGenerator}), so they can be crossfaded with other GL pictures there; the denoiser cleans each
   * native picture before the upload. The generator is called on the device thread and closed with this one (if
   * this throws, it stays the caller's).
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  static GlGenerator resampling(Generator generator, int nativeWidth, int nativeHeight, PostProcessing post) {
    Denoising denoising = new Denoising();
    return resampling(denoising.around(generator), nativeWidth, nativeHeight, post, denoising);
  }

  /** As {@link #resampling(Generator, int, int, PostProcessing)}, {@code denoising} being the stage inside it. */
  static GlGenerator resampling(Generator generator, int nativeWidth, int nativeHeight, PostProcessing post,
      Denoising denoising) {
    GlDevice device = GlDevice.acquire();
    try {
      return new GlGenerator(device, generator, generator.latentSize(), generator.channels() == 1, post, denoising,
          objects -> new Source() {
            private final ResamplePass pass = new ResamplePass(objects);
            private final int picture = nativeTexture(objects, nativeWidth, nativeHeight);
            private boolean grey;

            @Override
            public void draw(Latent latent, View view, Target image) {
              Frame frame = generator.render(latent, View.of(nativeWidth, nativeHeight));
              if (frame.width() != nativeWidth || frame.height() != nativeHeight) {
                throw new IllegalStateException("the generator made a " + frame.width() + "x" + frame.height()
                    + " picture; its native size is " + nativeWidth + "x" + nativeHeight);
              }
              upload(objects, frame, picture);
              grey = frame.channels() == 1;
              pass.draw(picture, nativeWidth, nativeHeight, view, image);
            }

            @Override
            public boolean grey() {
              return grey;
            }

            @Override
            public void delete() {
              pass.delete();
              objects.deleteTexture(picture);
            }
          });
    } catch (RuntimeException | Error e) {
      device.release();
      throw e;
    }
  }

  private static int nativeTexture(GlObjects objects, int width, int height) {
    int texture = objects.texture();
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, (ByteBuffer) null);
    return texture;
  }

  /** Writes {@code frame} into {@code texture}, of the frame's size (grey: into red); counted as an upload. */
  static void upload(GlObjects objects, Frame frame, int texture) {
    ByteBuffer pixels = MemoryUtil.memAlloc(frame.pixels().length);
    try {
      pixels.put(frame.pixels()).flip();
      glBindTexture(GL_TEXTURE_2D, texture);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.width(), frame.height(),
          frame.channels() == 1 ? GL_RED : GL_RGB, GL_UNSIGNED_BYTE, pixels);
      objects.countUpload();
    } finally {
      MemoryUtil.memFree(pixels);
    }
  }

  GlDevice device() {
    return device;
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  /** 1 for a grey source without a palette, else 3; follows {@link #setPostProcessing}. */
  @Override
  public int channels() {
    return greySource && post.palette() == null ? 1 : 3;
  }

  /** Renders a frame and waits for its pixels. */
  @Override
  public Frame render(Latent latent, View view) {
    checkOpen(latent);
    return device.call(() -> {
      Target drawn = draw(latent, view);
      return Readback.read(device.objects(), drawn, channels());
    });
  }

  /**
   * Draws the post-processed picture into this generator's output target (RGB; grey in every channel) and returns
   * it; valid until the next draw. Device thread only.
   */
  Target draw(Latent latent, View view) {
    checkOpen(latent);
    if (output == null || !output.hasSize(view.width(), view.height())) {
      deleteTargets();
      image = new Target(device.objects(), view.width(), view.height(), GL_RGBA16F);
      output = new Target(device.objects(), view.width(), view.height(), GL_RGBA8);
    }
    device.bindVertexArray();
    source.draw(latent, view, image);
    PostProcessing now = post;
    postPass.draw(image, source.grey(), now, output);
    GlDevice.checkGlError("drawing a frame");
    return output;
  }

  /** Changes the post-processing from the next frame on. */
  @Override
  public void setPostProcessing(PostProcessing newPost) {
    post = newPost;
    denoising.set(newPost);
  }

  PostProcessing postProcessing() {
    return post;
  }

  /** Frees this generator's GL objects (and a resampling generator's source), then lets go of the device. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      device.free(() -> {
        deleteTargets();
        postPass.delete();
        source.delete();
      });
    } finally {
      device.release();
      if (uploaded != null) {
        uploaded.close();
      }
    }
  }

  private void deleteTargets() {
    if (image != null) {
      image.delete();
      image = null;
    }
    if (output != null) {
      output.delete();
      output = null;
    }
  }

  private void checkOpen(Latent latent) {
    if (closed) {
      throw new IllegalStateException("this generator is closed");
    }
    if (latent.size() != latentSize) {
      throw new IllegalArgumentException(
          "this generator takes latents of size " + latentSize + ", got " + latent.size());
    }
  }
}
