package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Generator;

/**
 * A generator whose post-processing can change from one frame to the next, e.g. when a knob turns the contrast of a
 * live show. {@link RenderBackends#forModel} makes one for every backend: a {@link GlGenerator} does it in its
 * shader, any other generator gets a lookup table on the CPU with the same maths.
 */
public interface PostProcessedGenerator extends Generator {

  /** Post-processes the frames rendered from now on with {@code post}; may be called from any thread. */
  void setPostProcessing(PostProcessing post);
}
