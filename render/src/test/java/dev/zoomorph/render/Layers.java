package dev.zoomorph.render;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.Scene;
import java.util.List;

/** Show frames for tests: one layer per model, as a live show hands them to {@link FrameRenderer}. */
final class Layers {
  private Layers() {}

  static Scene.Layer layer(ModelSpec model, Latent latent, ViewSpec view, PostSpec post, double renderScale) {
    Preset preset = new Preset("test-" + model.hashCode(), "", model, new TrajectorySpec.RandomWalk(1, 1), view,
        renderScale, TempoSpec.DEFAULT, 0, Preset.DEFAULT_CROSSFADE_SECONDS, List.of(), post);
    return new Scene.Layer(preset, latent, view, post);
  }

  static Scene.Layer layer(ModelSpec model, Latent latent, PostSpec post) {
    return layer(model, latent, new ViewSpec(0.1, -0.05, 1.2, 10), post, 1);
  }

  static Scene alone(Scene.Layer layer) {
    return new Scene(layer, null, 0);
  }

  static Scene fading(Scene.Layer current, Scene.Layer fading, double weight) {
    return new Scene(current, fading, weight);
  }
}
