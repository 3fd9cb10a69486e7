package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.GL_RGBA8;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.show.Scene;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * their model drops out of the frames.
 */
public final class FrameRenderer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrameRenderer.class);

  private final Function<ModelSpec, ? extends PostProcessedGenerator> factory;
  private final Map<ModelSpec, PostProcessedGenerator> generators = new ConcurrentHashMap<>();
  private final Denoisers denoisers = new Denoisers();
  private volatile boolean closed;
  private volatile @Nullable WindowOutput window;
  // Render thread.
  private Set<ModelSpec> lastModels = Set.of();
  private Set<String> lastDenoisers = Set.of();
  private @Nullable GlCrossfade glCrossfade;

  /** Builds each model's generator with {@code factory} (its post-processing is set per frame). */
  public FrameRenderer(Function<ModelSpec, ? extends PostProcessedGenerator> factory) {
    this.factory = factory;
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
    generatorFor(preset.model());
    denoisers.prepare(preset.post());
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
   * of it, the fading layer (if any) mixed in by {@link Scene#fadingWeight()}. Closes the generators of models
   * that dropped out since the last frame. Call on one thread (the render loop's).
   */
  public Frame render(Scene frame, int width, int height) {
    if (closed) {
      throw new IllegalStateException("the frame renderer is closed");
    }
    Scene.Layer current = frame.current();
    View view = current.view().at(renderSide(width, current.preset()), renderSide(height, current.preset()));
    Scene.Layer fading = frame.fading();
    PostProcessedGenerator currentGenerator = layerGenerator(current);
    PostProcessedGenerator fadingGenerator = fading == null ? null : layerGenerator(fading);
    Frame picture;
    // Both layers on one device crossfade there; two layers of one generator would share its target, so (though a
    // show fades between different models only) they take the CPU's way.
    if (currentGenerator instanceof GlGenerator gl && (fadingGenerator == null
        || fadingGenerator instanceof GlGenerator other && other != gl && other.device() == gl.device())) {
      picture = renderOnGpu(gl, current, (GlGenerator) fadingGenerator, fading, frame.fadingWeight(), view);
    } else {
      picture = currentGenerator.render(current.latent(), view);
      if (fading != null) {
        Frame old = fadingGenerator.render(fading.latent(), fading.view().at(view.width(), view.height()));
        picture = FrameMix.mix(picture, old, frame.fadingWeight());
      }
      WindowOutput shown = window;
      if (shown != null) {
        shown.show(picture);
      }
    }
    closeDropped(current, fading);
    return picture;
  }

  private Frame renderOnGpu(GlGenerator current, Scene.Layer currentLayer, @Nullable GlGenerator fading,
      Scene.@Nullable Layer fadingLayer, double fadingWeight, View view) {
    GlDevice device = current.device();
    WindowOutput shown = window;
    boolean direct = shown != null && shown.device() == device;
    Frame picture = device.call(() -> {
      Target drawn = current.draw(currentLayer.latent(), view);
      int channels = current.channels();
      if (fading != null && fadingLayer != null) {
        Target old = fading.draw(fadingLayer.latent(), fadingLayer.view().at(view.width(), view.height()));
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

  private PostProcessedGenerator layerGenerator(Scene.Layer layer) {
    PostProcessedGenerator generator = generatorFor(layer.preset().model());
    generator.setPostProcessing(PostProcessing.of(layer.post(), denoisers));
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
        PostProcessedGenerator left = generators.remove(model);
        if (left != null) {
          left.close();
        }
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

  private PostProcessedGenerator generatorFor(ModelSpec model) {
    if (closed) {
      throw new IllegalStateException("the frame renderer is closed");
    }
    // A plain get first: the render loop must not wait on the map while another thread builds a generator.
    PostProcessedGenerator generator = generators.get(model);
    if (generator == null) {
      generator = generators.computeIfAbsent(model, this::build);
    }
    if (closed) {
      closeGenerators(); // closed while this one was being built
      throw new IllegalStateException("the frame renderer is closed");
    }
    return generator;
  }

  private PostProcessedGenerator build(ModelSpec model) {
    try {
      return factory.apply(model);
    } catch (GlUnavailableException | ModelUnavailableException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelUnavailableException(model, e);
    }
  }

  private static int renderSide(int side, Preset preset) {
    return Math.max(1, (int) Math.round(side * preset.renderScale()));
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
    closeGenerators();
    denoisers.close();
  }

  private void closeGenerators() {
    for (ModelSpec model : Set.copyOf(generators.keySet())) {
      PostProcessedGenerator generator = generators.remove(model);
      if (generator != null) {
        try {
          generator.close();
        } catch (RuntimeException e) {
          LOG.warn("closing the generator of {} failed: {}", model, e.toString());
        }
      }
    }
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
        device.run(() -> {
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
