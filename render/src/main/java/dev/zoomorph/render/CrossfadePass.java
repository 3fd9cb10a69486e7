package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

/**
 * crossfade.frag: the GL backend's crossfade between two presets' post-processed pictures, {@code current·(1 − w) +
 * fading·w}, the same sum as {@link FrameMix} does on the CPU, so a switch between models never leaves the GPU.
 */
final class CrossfadePass {
  private final Program program;
  private final int uWeight;

  CrossfadePass(GlObjects objects) {
    program = Program.fullscreen(objects, "crossfade.frag", "");
    program.use();
    glUniform1i(program.uniform("current"), 0);
    glUniform1i(program.uniform("fading"), 1);
    uWeight = program.uniform("fadingWeight");
  }

  /** Draws {@code current} and {@code fading} (targets of {@code output}'s size) mixed into {@code output}. */
  void draw(Target current, Target fading, double fadingWeight, Target output) {
    program.use();
    glUniform1f(uWeight, (float) Math.max(0, Math.min(1, fadingWeight)));
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, fading.texture);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, current.texture);
    output.bindForDrawing();
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  void delete() {
    program.delete();
  }
}
