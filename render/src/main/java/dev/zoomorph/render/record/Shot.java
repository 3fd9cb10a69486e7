package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;

/**
 * One frame of a recording as it can be drawn: the show's picture at that moment, at whatever view the recorder
 * asks for (the zoom path's view of the frame, or one tile of it).
 */
@FunctionalInterface
public interface Shot {
  /** The picture at {@code view}: exactly its size, 1 or 3 channels. */
  Frame draw(View view);
}
