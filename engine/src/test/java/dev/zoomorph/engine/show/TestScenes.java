package dev.zoomorph.engine.show;

import java.util.Objects;
import reactor.core.publisher.Flux;

/** One frame of a show at a time, for tests that step a show by hand. */
final class TestScenes {
  private TestScenes() {}

  /** The scene of the frame that starts at {@code nanos}: one tick through the show's operators. */
  static Scene at(LiveShow show, long nanos) {
    return Objects.requireNonNull(show.scenes(Flux.just(new FrameTick(0, nanos))).blockLast());
  }
}
