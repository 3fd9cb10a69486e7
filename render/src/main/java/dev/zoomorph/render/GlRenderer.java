package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.lwjgl.system.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generator drawn with OpenGL on a dedicated render thread that owns the context: either the CPPN evaluated in a
 * fragment shader ({@link #cppn}) or any generator's frame uploaded to a texture and scaled to the output size
 * ({@link #texture}, or {@link #display} at the output size). Both go through the shader post-processing ({@link PostProcessing}) and an optional crossfade.
 *
 * <p>Frames come back through {@link #render} (waits for the frame, like any {@link Generator}) or
 * {@link #renderAsync} (queues the readback and returns; the frame reaches its sink a frame or two later). With
 * {@link RenderOptions#window()} each frame is also shown in a window.
 *
 * <p>Methods may be called from any thread; they run on the render thread. Every GL object is freed by
 * {@link #close}.
 */
public final class GlRenderer implements PostProcessedGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(GlRenderer.class);

  private interface Source {
    void draw(Latent latent, View view, Target image);

    int latentSize();

    boolean grey();

    void delete();
  }

  /** A frame to draw; with no sink it is drawn at the window's size and only shown, not read back. */
  private record Request(Latent latent, View view, @Nullable Consumer<Frame> sink) {}

  private final RenderThread thread;
  private final AtomicReference<@Nullable Request> latestRequest = new AtomicReference<>();
  private final String description;
  private final Filter filter;
  private volatile int latentSize;
  private volatile boolean greySource;
  private volatile boolean closed;
  private volatile PostProcessing post;
  private volatile boolean closeRequestedByWindow;
  private final boolean hasWindow;

  // Render-thread state.
  private @Nullable GlContext context;
  private @Nullable GlWindow window;
  private final GlObjects objects = new GlObjects();
  private int vertexArray;
  private @Nullable Source source;
  private @Nullable PostPass postPass;
  private @Nullable Readback readback;
  private @Nullable Target image;
  private @Nullable Target output;
  private @Nullable Target held;
  private float fade;

  private GlRenderer(String name, RenderOptions options, SourceFactory factory) {
    this.post = options.post();
    this.filter = options.filter();
    this.hasWindow = options.window() != null;
    thread = new RenderThread("zoomorph-gl-" + name);
    try {
      thread.run(() -> open(options, factory));
    } catch (RuntimeException | Error e) {
      thread.run(this::release);
      thread.close();
      throw e;
    }
    Source s = source;
    latentSize = s.latentSize();
    greySource = s.grey();
    description = context.description();
  }

  private interface SourceFactory {
    Source create(GlObjects objects);
  }

  /**
   * The CPPN of {@code weights} evaluated per pixel in a fragment shader, matching the TensorFlow CPPN (see
   * {@link CppnSpec}).
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  public static GlRenderer cppn(CppnWeights weights, RenderOptions options) {
    return new GlRenderer("cppn", options, cppnSource(weights));
  }

  /**
   * Any generator (e.g. a 64² DCGAN) rendered at {@code sourceWidth}×{@code sourceHeight}, uploaded to a texture and
   * drawn at the output size with {@link RenderOptions#filter()}, aspect kept (black bars). The source is called on
   * the render thread and closed with this renderer (if this throws, it stays the caller's).
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  public static GlRenderer texture(Generator generator, int sourceWidth, int sourceHeight, RenderOptions options) {
    return new GlRenderer("texture", options,
        textureSource(generator, fixedSize(sourceWidth, sourceHeight), options.filter()));
  }

  /**
   * Any generator rendered at the output size and shown through the texture path, for post-processing and a window
   * on frames made elsewhere (e.g. the TensorFlow CPPN with {@code serve --window}). The generator is closed with
   * this renderer (if this throws, it stays the caller's).
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  public static GlRenderer display(Generator generator, RenderOptions options) {
    return new GlRenderer("display", options, textureSource(generator, view -> view, options.filter()));
  }

  /**
   * Switches to another CPPN from the next frame (a preset change); the latent size may change. Call
   * {@link #startCrossfade} first for a smooth switch.
   */
  public void switchToCppn(CppnWeights weights) {
    switchSource(cppnSource(weights));
  }

  /**
   * Switches to another generator drawn through the texture path from the next frame (a preset change); the
   * previous texture-path generator is closed. Call {@link #startCrossfade} first for a smooth switch.
   */
  public void switchToTexture(Generator generator, int sourceWidth, int sourceHeight) {
    switchSource(textureSource(generator, fixedSize(sourceWidth, sourceHeight), filter));
  }

  /** Like {@link #switchToTexture}, with the generator rendering at the output size as in {@link #display}. */
  public void switchToDisplay(Generator generator) {
    switchSource(textureSource(generator, view -> view, filter));
  }

  private void switchSource(SourceFactory factory) {
    if (closed) {
      throw new IllegalStateException("this renderer is closed");
    }
    thread.run(() -> {
      // Frames already requested belong to the old source.
      drawLatestRequest();
      Source replacement = factory.create(objects);
      source.delete();
      source = replacement;
      latentSize = replacement.latentSize();
      greySource = replacement.grey();
    });
  }

  private static SourceFactory cppnSource(CppnWeights weights) {
    return objects -> {
      CppnPass pass = new CppnPass(objects, weights);
      return new Source() {
        @Override
        public void draw(Latent latent, View view, Target target) {
          pass.draw(latent, view, target);
        }

        @Override
        public int latentSize() {
          return weights.spec().latentSize();
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
    };
  }

  private static UnaryOperator<View> fixedSize(int width, int height) {
    View.of(width, height); // validates the size
    return view -> view.withSize(width, height);
  }

  private static SourceFactory textureSource(Generator generator, UnaryOperator<View> sourceView, Filter filter) {
    return objects -> {
      UpscalePass pass = new UpscalePass(objects);
      return new Source() {
        @Override
        public void draw(Latent latent, View view, Target target) {
          Frame frame = generator.render(latent, sourceView.apply(view));
          pass.draw(frame, filter, target);
        }

        @Override
        public int latentSize() {
          return generator.latentSize();
        }

        @Override
        public boolean grey() {
          return generator.channels() == 1;
        }

        @Override
        public void delete() {
          pass.delete();
          generator.close();
        }
      };
    };
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
    return thread.call(() -> {
      Frame[] result = new Frame[1];
      drawFrame(latent, view);
      readback.start(output, channels(), frame -> result[0] = frame);
      readback.finish();
      present();
      return result[0];
    });
  }

  /**
   * Renders a frame without waiting: the readback is queued and {@code sink} receives the frame on the render
   * thread once its copy has finished (during a later call, or {@link #flush}); the sink must not block. When calls
   * come faster than frames can be drawn, only the latest request is drawn (slow consumers get the latest frame,
   * not a queue); the sinks of skipped requests are not called.
   */
  public void renderAsync(Latent latent, View view, Consumer<Frame> sink) {
    checkOpen(latent);
    if (latestRequest.getAndSet(new Request(latent, view, sink)) == null) {
      thread.execute(this::drawLatestRequest);
    }
  }

  /**
   * Draws a frame for the window only: at the window's framebuffer size (the rest of {@code view} kept) and shown
   * without a readback. Returns at once; like {@link #renderAsync}, only the latest request is drawn.
   *
   * @throws IllegalStateException if this renderer has no window or is closed
   */
  public void presentAsync(Latent latent, View view) {
    if (!hasWindow) {
      throw new IllegalStateException("this renderer has no window");
    }
    checkOpen(latent);
    if (latestRequest.getAndSet(new Request(latent, view, null)) == null) {
      thread.execute(this::drawLatestRequest);
    }
  }

  /** Waits until every frame requested so far has been drawn and handed to its sink. */
  public void flush() {
    thread.run(() -> {
      drawLatestRequest();
      if (readback != null) {
        readback.finish();
      }
    });
  }

  /** Changes the post-processing from the next frame on. */
  @Override
  public void setPostProcessing(PostProcessing newPost) {
    post = newPost;
  }

  public PostProcessing postProcessing() {
    return post;
  }

  /**
   * Holds the last rendered frame (after post-processing) for a crossfade: from now on frames show
   * {@code fade · held + (1 − fade) · live}, starting at fade 1. Lower it with {@link #setCrossfade}; at 0 the held
   * frame is released. Resizing also ends the crossfade.
   */
  public void startCrossfade() {
    thread.run(() -> {
      if (output == null) {
        return;
      }
      if (held == null || !held.hasSize(output.width, output.height)) {
        deleteHeld();
        held = new Target(objects, output.width, output.height, GL_RGBA8);
      }
      glBindFramebuffer(GL_READ_FRAMEBUFFER, output.framebuffer);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, held.framebuffer);
      glBlitFramebuffer(0, 0, output.width, output.height, 0, 0, held.width, held.height, GL_COLOR_BUFFER_BIT,
          GL_NEAREST);
      fade = 1;
    });
  }

  /** How much of the held frame shows, 0..1; 0 ends the crossfade. */
  public void setCrossfade(float amount) {
    if (!(amount >= 0 && amount <= 1)) {
      throw new IllegalArgumentException("crossfade amount must be in [0, 1], was " + amount);
    }
    thread.run(() -> {
      fade = amount;
      if (amount == 0) {
        deleteHeld();
      }
    });
  }

  /** Platform, GL version and renderer of the context, e.g. "... llvmpipe (LLVM 15.0.6, 256 bits) ...". */
  public String rendererDescription() {
    return description;
  }

  /** True when GL runs on the CPU (Mesa llvmpipe, softpipe, SwiftShader), where per-pixel MLPs are slow. */
  public boolean isSoftwareRenderer() {
    return isSoftware(description);
  }

  static boolean isSoftware(String rendererDescription) {
    String r = rendererDescription.toLowerCase(Locale.ROOT);
    return r.contains("llvmpipe") || r.contains("softpipe") || r.contains("swiftshader") || r.contains("software");
  }

  /** True once the window's user pressed Escape or Q or closed the window; always false headless. */
  public boolean closeRequested() {
    return closeRequestedByWindow;
  }

  /** The window's framebuffer size {width, height} in pixels (the size to render at for a sharp picture). */
  public int[] windowSize() {
    return thread.call(() -> {
      if (window == null) {
        throw new IllegalStateException("this renderer has no window");
      }
      return window.framebufferSize();
    });
  }

  /** GL objects created and not freed; for leak tests. */
  int liveGlObjects() {
    return thread.call(objects::live);
  }

  /**
   * What the window shows for the last frame: the frame drawn into the window's back buffer and read back with
   * glReadPixels (the default framebuffer), RGB rows bottom to top as GL stores them; for tests.
   */
  byte[] readWindowPixels() {
    return thread.call(() -> {
      window.drawToBackBuffer(output);
      int[] size = window.framebufferSize();
      byte[] pixels = new byte[size[0] * size[1] * 3];
      var buffer = MemoryUtil.memAlloc(pixels.length);
      try {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, size[0], size[1], GL_RGB, GL_UNSIGNED_BYTE, buffer);
        buffer.get(pixels);
      } finally {
        MemoryUtil.memFree(buffer);
      }
      return pixels;
    });
  }

  /** Presses the window's close button, as the window manager would; for tests. */
  void requestWindowClose() {
    thread.run(() -> window.requestClose());
  }

  void toggleFullscreen() {
    thread.run(() -> window.toggleFullscreen());
  }

  /** Readbacks queued and not yet handed to their sinks. */
  int pendingReadbacks() {
    return thread.call(readback::pendingCount);
  }

  /** The object tracker; readable after {@link #close} (the render thread has ended by then). */
  GlObjects glObjects() {
    return objects;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    thread.run(this::release);
    thread.close();
  }

  private void open(RenderOptions options, SourceFactory factory) {
    if (options.window() != null) {
      window = GlWindow.open(options.window());
      context = window;
    } else {
      context = EglContext.create();
    }
    vertexArray = objects.vertexArray();
    glBindVertexArray(vertexArray);
    source = factory.create(objects);
    postPass = new PostPass(objects);
    readback = new Readback(objects);
    checkGlError("setting up the renderer");
  }

  private void drawLatestRequest() {
    Request request = latestRequest.getAndSet(null);
    if (request == null || closed) {
      return;
    }
    try {
      readback.poll();
      Consumer<Frame> sink = request.sink();
      if (sink == null) {
        presentAtWindowSize(request.latent(), request.view());
        return;
      }
      drawFrame(request.latent(), request.view());
      readback.start(output, channels(), sink);
      present();
    } catch (RuntimeException e) {
      // A live show keeps running on the frames it had: log and drop this one.
      LOG.warn("frame dropped: {}", e.toString());
    }
  }

  private void drawFrame(Latent latent, View view) {
    if (output == null || !output.hasSize(view.width(), view.height())) {
      deleteTargets();
      deleteHeld();
      image = new Target(objects, view.width(), view.height(), GL_RGBA16F);
      output = new Target(objects, view.width(), view.height(), GL_RGBA8);
    }
    glBindVertexArray(vertexArray);
    source.draw(latent, view, image);
    postPass.draw(image, greySource, post, held, fade, output);
    checkGlError("drawing a frame");
  }

  private void presentAtWindowSize(Latent latent, View view) {
    int[] size = window.framebufferSize();
    if (size[0] == 0 || size[1] == 0) { // minimised: nothing to draw, but keys and resizes still count
      window.pollEvents();
      closeRequestedByWindow = window.closeRequested();
      return;
    }
    drawFrame(latent, view.withSize(size[0], size[1]));
    present();
  }

  private void present() {
    if (window != null) {
      window.present(output);
      closeRequestedByWindow = window.closeRequested();
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

  private void deleteHeld() {
    if (held != null) {
      held.delete();
      held = null;
    }
    fade = 0;
  }

  /** Frees everything in reverse order of creation; safe after a failed {@link #open}. */
  private void release() {
    if (context == null) {
      return;
    }
    try {
      if (readback != null) {
        readback.finish();
        readback.delete();
      }
      deleteHeld();
      deleteTargets();
      if (postPass != null) {
        postPass.delete();
      }
      if (source != null) {
        source.delete();
      }
      if (vertexArray != 0) {
        objects.deleteVertexArray(vertexArray);
      }
      if (objects.live() != 0) {
        LOG.error("GL objects leaked: {}", objects);
      }
    } finally {
      context.close();
      context = null;
    }
  }

  private void checkOpen(Latent latent) {
    if (closed) {
      throw new IllegalStateException("this renderer is closed");
    }
    if (latent.size() != latentSize) {
      throw new IllegalArgumentException(
          "this renderer takes latents of size " + latentSize + ", got " + latent.size());
    }
  }

  private static void checkGlError(String doing) {
    int error = glGetError();
    if (error != GL_NO_ERROR) {
      throw new IllegalStateException("OpenGL error 0x" + Integer.toHexString(error) + " while " + doing);
    }
  }
}
