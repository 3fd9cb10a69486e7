package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.RenderBackends;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.scheduler.Schedulers;

/** Small shows for tests: real generators driven by a paced trajectory. */
final class TestShows {
  /** The model {@link #noise} shows name: a tiny CPPN, never built. */
  static final ModelSpec.RandomCppn NOISE = new ModelSpec.RandomCppn(11, 4, 1, 1, 3, 1f);

  private TestShows() {}

  /** A small CPU CPPN on a one-second loop, so it changes visibly within a fraction of a second. */
  static Show cppn(int width, int height, double fps) {
    return cppn(width, height, fps, 8);
  }

  /** The same with {@code units} in each of its layers. */
  static Show cppn(int width, int height, double fps, int units) {
    ModelSpec.RandomCppn model = new ModelSpec.RandomCppn(7, 4, units, 3, 3, 3f);
    return new Show(preset("cppn", model, new TrajectorySpec.Loop(7, 1, 2)), new FrameSize(width, height), fps,
        Schedulers.parallel(),
        spec -> RenderBackends.withPostProcessing(new CppnGenerator(CppnWeights.random(model.spec(), model.seed()))));
  }

  /** The small CPPN of {@link #cppn}, whose next frame hangs once {@code hangNext} is set, until {@code release}. */
  static Show hanging(int width, int height, double fps, AtomicBoolean hangNext, CountDownLatch release) {
    ModelSpec.RandomCppn model = new ModelSpec.RandomCppn(7, 4, 8, 3, 3, 3f);
    return new Show(preset("hanging", model, new TrajectorySpec.Loop(7, 1, 2)), new FrameSize(width, height), fps,
        Schedulers.parallel(), spec -> RenderBackends.withPostProcessing(new HangingGenerator(
            new CppnGenerator(CppnWeights.random(model.spec(), model.seed())), hangNext, release)));
  }

  /** Fresh colour noise every frame. */
  static Show noise(int width, int height, double fps) {
    return noise(preset("noise", NOISE, new TrajectorySpec.RandomWalk(11, 1)), width, height, fps);
  }

  /** Fresh colour noise every frame, whatever model {@code preset} and those switched to name. */
  static Show noise(Preset preset, int width, int height, double fps) {
    return new Show(preset, new FrameSize(width, height), fps, Schedulers.parallel(),
        spec -> RenderBackends.withPostProcessing(new NoiseGenerator()));
  }

  /** A preset rendered at full size with no smoothing. */
  static Preset preset(String name, ModelSpec model, TrajectorySpec trajectory) {
    return new Preset(name, "", model, trajectory, ViewSpec.DEFAULT, 1, TempoSpec.DEFAULT, 0,
        Preset.DEFAULT_CROSSFADE_SECONDS, List.of(), PostSpec.NONE);
  }
}
