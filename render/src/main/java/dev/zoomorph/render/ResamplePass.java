package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.generator.ResampledGenerator.NativeCoordinates;
import org.lwjgl.system.MemoryStack;

/**
 * resample.frag: a picture of a fixed size (in a texture of that size) resampled onto a view's target on the GPU,
 * as {@link ResampledGenerator} does on the CPU; so a DCGAN's 64² picture crosses to the GPU at 64², not at the
 * view's size, and the per-pixel work runs there.
 */
final class ResamplePass {
  private final Program program;
  private final int uOrigin;
  private final int uPerPixel;

  ResamplePass(GlObjects objects) {
    program = Program.fullscreen(objects, "resample.frag", "");
    program.use();
    glUniform1i(program.uniform("picture"), 0);
    uOrigin = program.uniform("origin");
    uPerPixel = program.uniform("perPixel");
  }

  /** Draws {@code picture}, a texture of {@code nativeWidth × nativeHeight}, seen through {@code view}. */
  void draw(int picture, int nativeWidth, int nativeHeight, View view, Target target) {
    NativeCoordinates at = NativeCoordinates.of(view, nativeWidth, nativeHeight);
    program.use();
    glUniform2f(uOrigin, (float) at.u0(), (float) at.v0());
    try (MemoryStack stack = MemoryStack.stackPush()) {
      // column-major: the first column is d(u, v)/di
      glUniformMatrix2fv(uPerPixel, false,
          stack.floats((float) at.dudi(), (float) at.dvdi(), (float) at.dudj(), (float) at.dvdj()));
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, picture);
    target.bindForDrawing();
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  void delete() {
    program.delete();
  }
}
