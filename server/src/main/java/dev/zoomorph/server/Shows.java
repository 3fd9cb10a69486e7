package dev.zoomorph.server;

import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.PostProcessedGenerator;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import java.util.function.Function;
import reactor.core.scheduler.Schedulers;

/** Builds shows from presets: the one place where the server learns what to play. */
public final class Shows {

  private Shows() {}

  /**
   * The show a preset describes (a bundled name or a {@code .json} or {@code .yaml} path), delivered at {@code output} size and
   * paced at {@code fps}; the generator renders at the preset's {@code renderScale} of that size. Presets switched
   * to live ({@code /zoomorph/preset}) get their generators from the same backend.
   *
   * @throws dev.zoomorph.engine.preset.PresetException naming the preset, field and problem
   * @throws IllegalArgumentException naming the value if the frame rate is out of range
   */
  public static Show fromPreset(String nameOrPath, FrameSize output, double fps, Backend backend) {
    if (!(fps > 0) || fps > 1000) {
      throw new IllegalArgumentException("frame rate must be in (0, 1000], was " + fps);
    }
    return new Show(Presets.load(nameOrPath), output, fps, Schedulers.parallel(), generators(backend));
  }

  /** Builds the generator of a preset's model on {@code backend}; the show sets its post-processing per frame. */
  static Function<ModelSpec, PostProcessedGenerator> generators(Backend backend) {
    return model -> RenderBackends.forModel(model, backend, RenderOptions.HEADLESS);
  }
}
