package dev.zoomorph.render;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.ShowFrame;
import java.util.List;

/** Show frames for tests: one layer per model, as a live show hands them to {@link FrameRenderer}. */
final class Layers {
  private Layers() {}

  static ShowFrame.Layer layer(ModelSpec model, Latent latent, ViewSpec view, PostSpec post, double renderScale) {
    Preset preset = new Preset("test-" + model.hashCode(), "", model, new TrajectorySpec.RandomWalk(1, 1), view,
        renderScale, TempoSpec.DEFAULT, 0, Preset.DEFAULT_CROSSFADE_SECONDS, List.of(), post);
    return new ShowFrame.Layer(preset, latent, view, post);
  }

  static ShowFrame.Layer layer(ModelSpec model, Latent latent, PostSpec post) {
    return layer(model, latent, new ViewSpec(0.1, -0.05, 1.2, 10), post, 1);
  }

  static ShowFrame alone(ShowFrame.Layer layer) {
    return new ShowFrame(layer, null, 0);
  }

  static ShowFrame fading(ShowFrame.Layer current, ShowFrame.Layer fading, double weight) {
    return new ShowFrame(current, fading, weight);
  }
}
