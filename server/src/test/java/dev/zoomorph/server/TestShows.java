package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import java.time.Duration;

/** Small shows for tests: real generators driven by a paced drifting latent. */
final class TestShows {

  private TestShows() {}

  /** A small random CPPN that changes visibly within half a second. */
  static Show cppn(int width, int height, double fps) {
    CppnSpec spec = new CppnSpec(4, 8, 3, 3, 3f);
    return new Show(new JavaCppnGenerator(CppnWeights.random(spec, 7)),
        Shows.drift(spec.latentSize(), 7, fps, Duration.ofMillis(500)), View.of(width, height));
  }

  /** Fresh colour noise every frame. */
  static Show noise(int width, int height, double fps) {
    return new Show(new NoiseGenerator(), Shows.drift(4, 11, fps, Duration.ofSeconds(1)), View.of(width, height));
  }
}
