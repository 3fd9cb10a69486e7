package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.GL_RGBA8;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.show.Scene;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where a show's latents become pixels: renders a {@link Scene} (the playing preset's layer and, during a switch
 * between models, the layer being left) into one {@link Frame}, each layer with its model's generator and its own
 * post-processing, at the playing preset's {@code renderScale} of the output size.
 *
 * <p>One crossfade per backend: when both layers are drawn on the GL device, crossfade.frag mixes them on the GPU and
 * the frame is read back once; otherwise (TensorFlow, DCGAN on the CPU) each layer is post-processed by table and
 * mixed on the CPU ({@link FrameMix}). With a window ({@link #presentIn}) a frame drawn on the window's GL device is
 * shown from its texture; any other frame is uploaded to it. Neither waits for the window.
 *
 * <p>Generators are kept per model: built by {@link #prepare} on the thread that switches presets, and closed once
 * their model drops out of the frames. One that keeps failing, or whose GL context was lost, is rebuilt off the render
 * thread while its frames are skipped ({@link GeneratorSupervisor}): after a GL loss on TensorFlow, with GL tried
 * again after {@link #retryGlAfter}.
 */
public final class FrameRenderer implements AutoCloseable {
  private final GeneratorSupervisor generators;
  private final Denoisers denoisers = new Denoisers();
  private volatile boolean closed;
  /** Changed by {@link #abandonGenerators}: a frame that started before gives up instead of finishing. */
  private volatile int epoch;
  private volatile @Nullable WindowOutput window;
  // Render thread.
  private Set<ModelSpec> lastModels = Set.of();
  private Set<String> lastDenoisers = Set.of();
  private @Nullable GlCrossfade glCrossfade;

  /**
   * Builds each model's generator with {@code factory} (its post-processing is set per frame); after a GL context
   * loss, on TensorFlow until {@link #retryGlAfter} has passed.
   */
  public FrameRenderer(Function<ModelSpec, ? extends PostProcessedGenerator> factory) {
    this.generators = new GeneratorSupervisor(factory,
        model -> RenderBackends.forModel(model, Backend.CPU, RenderOptions.HEADLESS));
  }

  /** Generators from {@link RenderBackends#forModel} on {@code backend}. */
  public static FrameRenderer on(Backend backend) {
    return new FrameRenderer(model -> RenderBackends.forModel(model, backend, RenderOptions.HEADLESS));
  }

  /**
   * Builds {@code preset}'s generator and loads its denoiser unless they are there, so that a switch to it never
   * loads anything on the render thread.
   *
   * @throws ModelUnavailableException naming the file and problem when the model cannot be built
   * @throws IllegalArgumentException naming the model and problem when the denoiser cannot be loaded
   * @throws GlUnavailableException when the GL backend was asked for and no OpenGL context can be made
   * @throws IllegalStateException once closed
   */
  public void prepare(Preset preset) {
    generators.prepare(preset.model());
    denoisers.prepare(preset.post());
  }

  /**
   * How many channels {@code preset}'s pictures have: 1 for a grey model without a palette, else 3. Prepares it.
   *
   * @throws RuntimeException as {@link #prepare} does
   */
  public int channels(Preset preset) {
    prepare(preset);
    PostProcessedGenerator generator = generators.forFrame(preset.model());
    if (generator == null) {
      throw new IllegalStateException("the generator of " + preset.name() + "'s model is being rebuilt");
    }
    generator.setPostProcessing(PostProcessing.of(preset.post(), denoisers));
    return generator.channels();
  }

  /**
   * How long frames are drawn on TensorFlow after the GL context was lost before GL is tried again (default 60 s).
   *
   * @throws IllegalArgumentException if negative
   */
  public void retryGlAfter(Duration wait) {
    generators.retryPrimaryAfter(wait);
  }

  /**
   * Gives up on every generator, for a render watchdog whose render thread hung in a frame: the frame in progress
   * (if it ever returns) is dropped, the generators are closed on a thread of their own and rebuilt off the render
   * thread (GL ones on TensorFlow first, on a new GL device later); frames are skipped until they are back. Any
   * thread.
   */
  public void abandonGenerators() {
    epoch++;
    generators.abandonAll();
  }

  /** Generators rebuilt since the start: after repeated failures, a lost GL context or a hung frame. */
  public long generatorRebuilds() {
    return generators.rebuilds();
  }

  /** Whether some model is drawn on TensorFlow because its GL context was lost (GL is tried again later). */
  public boolean onGlFallback() {
    return generators.onFallback();
  }

  /**
   * Shows every frame rendered from now on in {@code window} too, without waiting for it. The window stays the
   * caller's to close, after this renderer.
   */
  public void presentIn(WindowOutput newWindow) {
    window = newWindow;
  }

  /**
   * Renders {@code frame} for an output of {@code width}×{@code height}: at the playing preset's {@code renderScale}
   * of it (during a fade, the larger of the two presets' scales), the fading layer (if any) mixed in by
   * {@link Scene#fadingWeight()}. Closes the generators of models
   * that dropped out since the last frame. Call on one thread (the render loop's).
   */
  public Frame render(Scene frame, int width, int height) {
    Scene.Layer fadingLayer = frame.fading();
    // A fade renders both layers at the finer of their two scales, so that neither picture loses resolution when
    // presets of different renderScale switch: the fade starts from the old picture exactly as it was.
    double scale = fadingLayer == null ? frame.current().preset().renderScale()
        : Math.max(frame.current().preset().renderScale(), fadingLayer.preset().renderScale());
    int w = renderSide(width, scale);
    int h = renderSide(height, scale);
    return render(frame, layer -> layer.view().at(w, h));
  }

  /**
   * Renders {@code frame} with each layer drawn at exactly {@code viewOf} it (views of one size): the layers' render
   * scales are set aside (a recording follows its own zoom path, and renders large frames a tile at a time).
   * Otherwise as {@link #render(Scene, int, int)}.
   */
  public Frame render(Scene frame, Function<Scene.Layer, View> viewOf) {
    if (closed) {
      throw new IllegalStateException("the frame renderer is closed");
    }
    int started = epoch;
    Scene.Layer current = frame.current();
    PostProcessedGenerator currentGenerator = layerGenerator(current);
    if (currentGenerator == null) {
      throw new IllegalStateException("the generator of " + current.preset().name()
          + "'s model is being rebuilt; frame skipped");
    }
    Scene.Layer fadingLayer = frame.fading();
    // A fading layer whose generator is being rebuilt is left out until it is back.
    PostProcessedGenerator fadingGenerator = fadingLayer == null ? null : layerGenerator(fadingLayer);
    Scene.Layer fading = fadingGenerator == null ? null : fadingLayer;
    View view = viewOf.apply(current);
    Frame picture;
    // Both layers on one device crossfade there; two layers of one generator would share its target, so (though a
    // show fades between different models only) they take the CPU's way.
    if (currentGenerator instanceof GlGenerator gl && (fadingGenerator == null
        || fadingGenerator instanceof GlGenerator other && other != gl && other.device() == gl.device())) {
      try {
        picture = renderOnGpu(gl, current, (GlGenerator) fadingGenerator, fading, frame.fadingWeight(), view,
            fading == null ? view : viewOf.apply(fading));
      } catch (RuntimeException e) {
        failed(started, current, e);
        if (fading != null) {
          failed(started, fading, e);
        }
        throw e;
      }
    } else {
      picture = renderLayer(started, currentGenerator, current, view);
      if (fading != null) {
        Frame old = renderLayer(started, fadingGenerator, fading, viewOf.apply(fading));
        picture = FrameMix.mix(picture, old, frame.fadingWeight());
      }
      checkNotAbandoned(started);
      WindowOutput shown = window;
      if (shown != null) {
        shown.show(picture);
      }
    }
    checkNotAbandoned(started);
    WindowOutput titled = window;
    if (titled != null) {
      titled.playing(current.preset().name());
    }
    generators.succeeded(current.preset().model());
    if (fading != null) {
      generators.succeeded(fading.preset().model());
    }
    closeDropped(current, fadingLayer);
    return picture;
  }

  /** One layer on the CPU's way, its failure reported to the supervisor. */
  private Frame renderLayer(int started, PostProcessedGenerator generator, Scene.Layer layer, View view) {
    try {
      return generator.render(layer.latent(), view);
    } catch (RuntimeException e) {
      failed(started, layer, e);
      throw e;
    }
  }

  private void failed(int started, Scene.Layer layer, RuntimeException e) {
    if (started == epoch) {
      generators.failed(layer.preset().model(), e);
    }
  }

  private void checkNotAbandoned(int started) {
    if (started != epoch) {
      throw new IllegalStateException("the render watchdog gave up on this frame");
    }
  }

  private Frame renderOnGpu(GlGenerator current, Scene.Layer currentLayer, @Nullable GlGenerator fading,
      Scene.@Nullable Layer fadingLayer, double fadingWeight, View view, View fadingView) {
    GlDevice device = current.device();
    WindowOutput shown = window;
    boolean direct = shown != null && shown.device() == device;
    Frame picture = device.call(() -> {
      Target drawn = current.draw(currentLayer.latent(), view);
      int channels = current.channels();
      if (fading != null && fadingLayer != null) {
        Target old = fading.draw(fadingLayer.latent(), fadingView);
        drawn = crossfadeOn(device).draw(drawn, old, fadingWeight, view);
        channels = Math.max(channels, fading.channels());
      }
      if (direct) {
        shown.publish(drawn);
      }
      return Readback.read(device.objects(), drawn, channels);
    });
    if (shown != null && !direct) {
      shown.show(picture);
    }
    return picture;
  }

  /** The crossfade pass and its target on {@code device}, made on first use; device thread. */
  private GlCrossfade crossfadeOn(GlDevice device) {
    GlCrossfade made = glCrossfade;
    if (made != null && made.device != device) {
      made.delete(); // the device of the last crossfade has been replaced
      made = null;
    }
    if (made == null) {
      made = new GlCrossfade(device);
      glCrossfade = made;
    }
    return made;
  }

  /** The layer's generator with the layer's post-processing, or null while it is being rebuilt. */
  private @Nullable PostProcessedGenerator layerGenerator(Scene.Layer layer) {
    PostProcessedGenerator generator = generators.forFrame(layer.preset().model());
    if (generator != null) {
      generator.setPostProcessing(PostProcessing.of(layer.post(), denoisers));
    }
    return generator;
  }

  private void closeDropped(Scene.Layer current, Scene.@Nullable Layer fading) {
    Set<ModelSpec> models = new HashSet<>(2);
    models.add(current.preset().model());
    if (fading != null) {
      models.add(fading.preset().model());
    }
    for (ModelSpec model : lastModels) {
      if (!models.contains(model)) {
        generators.drop(model);
      }
    }
    lastModels = models;
    // Like generators: a denoiser closes once it drops out of the frames, never one prepared but not yet shown.
    Set<String> used = new HashSet<>(2);
    for (Scene.Layer layer : fading == null ? List.of(current) : List.of(current, fading)) {
      String denoise = layer.post().denoise();
      if (denoise != null) {
        used.add(denoise);
      }
    }
    for (String name : lastDenoisers) {
      if (!used.contains(name)) {
        denoisers.close(name);
      }
    }
    lastDenoisers = used;
  }

  private static int renderSide(int side, double renderScale) {
    return Math.max(1, (int) Math.round(side * renderScale));
  }

  /** Frees every generator and GL object; call once rendering has stopped. Idempotent. */
  @Override
  public void close() {
    closed = true;
    GlCrossfade made = glCrossfade;
    glCrossfade = null;
    if (made != null) {
      made.delete();
    }
    generators.close();
    denoisers.close();
  }

  /** crossfade.frag and the target it draws into, holding the device open while they exist. */
  private static final class GlCrossfade {
    final GlDevice device;
    private final CrossfadePass pass;
    private @Nullable Target mixed;

    /** Device thread. */
    GlCrossfade(GlDevice device) {
      device.retain();
      this.device = device;
      pass = new CrossfadePass(device.objects());
    }

    /** Device thread. */
    Target draw(Target current, Target fading, double fadingWeight, View view) {
      if (mixed == null || !mixed.hasSize(view.width(), view.height())) {
        if (mixed != null) {
          mixed.delete();
        }
        mixed = new Target(device.objects(), view.width(), view.height(), GL_RGBA8);
      }
      pass.draw(current, fading, fadingWeight, mixed);
      return mixed;
    }

    /** Any thread: frees the pass and target on the device thread, then lets go of the device. */
    void delete() {
      try {
        device.free(() -> {
          pass.delete();
          if (mixed != null) {
            mixed.delete();
            mixed = null;
          }
        });
      } finally {
        device.release();
      }
    }
  }
}
