package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Denoiser;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.preset.PostSpec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The denoisers that presets' post-processing names ({@code post.denoise}), loaded once each: {@link #prepare} loads
 * them on the thread that switches presets, so a frame never waits for a model file, and {@link #get} hands them to
 * {@link PostProcessing#of(PostSpec, Denoisers)}. Closing closes them all.
 */
public final class Denoisers implements AutoCloseable {
  private final Map<String, Denoiser> loaded = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Loads the denoiser {@code post} names, unless it is loaded.
   *
   * @throws IllegalArgumentException naming the model and the problem when it is missing, bad or not a denoiser
   */
  public void prepare(PostSpec post) {
    String name = post.denoise();
    if (name != null) {
      get(name);
    }
  }

  /**
   * The denoiser {@code name} names (bundled name or {@code .safetensors} path), loading it the first time.
   *
   * @throws IllegalArgumentException naming the model and the problem when it is missing, bad or not a denoiser
   */
  public Denoiser get(String name) {
    if (closed) {
      throw new IllegalStateException("the denoisers are closed");
    }
    Denoiser denoiser = loaded.get(name);
    return denoiser != null ? denoiser : loaded.computeIfAbsent(name, Denoisers::load);
  }

  private static Denoiser load(String name) {
    try {
      return Denoiser.of(ModelFile.load(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("post.denoise " + name + ": " + e.getMessage(), e);
    }
  }

  /** Closes the denoiser {@code name} names, if it is loaded; a later {@link #get} loads it again. */
  void close(String name) {
    Denoiser left = loaded.remove(name);
    if (left != null) {
      left.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (String name : Set.copyOf(loaded.keySet())) {
      Denoiser left = loaded.remove(name);
      if (left != null) {
        left.close();
      }
    }
  }
}
