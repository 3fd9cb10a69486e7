package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.trajectory.Trajectories;
import reactor.core.scheduler.Schedulers;

/** Small shows for tests: real generators driven by a paced trajectory. */
final class TestShows {

  private TestShows() {}

  /** A small TensorFlow CPPN on a one-second loop, so it changes visibly within a fraction of a second. */
  static Show cppn(int width, int height, double fps) {
    CppnSpec spec = new CppnSpec(4, 8, 3, 3, 3f);
    return new Show(new CppnGenerator(CppnWeights.random(spec, 7)),
        Trajectories.play(Trajectories.loop(spec.latentSize(), 7, 1, 2), fps, Schedulers.parallel()),
        View.of(width, height));
  }

  /** Fresh colour noise every frame. */
  static Show noise(int width, int height, double fps) {
    return new Show(new NoiseGenerator(),
        Trajectories.play(Trajectories.randomWalk(4, 11, 1), fps, Schedulers.parallel()), View.of(width, height));
  }
}
