package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.lwjgl.system.MemoryUtil;

/** post.frag: contrast, gamma, soft threshold and palette, from the image target to the output target. */
final class PostPass {
  private final GlObjects objects;
  private final Program program;
  private final int paletteTexture;
  private @Nullable Palette loadedPalette;
  private final int uGrey;
  private final int uContrast;
  private final int uGamma;
  private final int uThresholdOn;
  private final int uThreshold;
  private final int uSoftness;
  private final int uPaletteOn;

  PostPass(GlObjects objects) {
    this.objects = objects;
    program = Program.fullscreen(objects, "post.frag", "");
    program.use();
    glUniform1i(program.uniform("live"), 0);
    glUniform1i(program.uniform("palette"), 1);
    uGrey = program.uniform("grey");
    uContrast = program.uniform("contrast");
    uGamma = program.uniform("gamma");
    uThresholdOn = program.uniform("thresholdOn");
    uThreshold = program.uniform("threshold");
    uSoftness = program.uniform("softness");
    uPaletteOn = program.uniform("paletteOn");
    paletteTexture = objects.texture();
    glBindTexture(GL_TEXTURE_2D, paletteTexture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGB, GL_UNSIGNED_BYTE, (ByteBuffer) null);
  }

  /** Draws {@code image} (grey: its value in red) post-processed into {@code output}. */
  void draw(Target image, boolean grey, PostProcessing post, Target output) {
    program.use();
    glUniform1i(uGrey, grey ? 1 : 0);
    glUniform1f(uContrast, post.contrast());
    glUniform1f(uGamma, post.gamma());
    glUniform1i(uThresholdOn, post.hasThreshold() ? 1 : 0);
    glUniform1f(uThreshold, post.hasThreshold() ? post.threshold() : 0.5f);
    glUniform1f(uSoftness, post.softness());
    Palette palette = grey ? post.palette() : null;
    glUniform1i(uPaletteOn, palette != null ? 1 : 0);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, paletteTexture);
    if (palette != null && !palette.equals(loadedPalette)) {
      ByteBuffer table = MemoryUtil.memAlloc(256 * 3);
      try {
        table.put(palette.table()).flip();
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 256, 1, GL_RGB, GL_UNSIGNED_BYTE, table);
      } finally {
        MemoryUtil.memFree(table);
      }
      loadedPalette = palette;
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, image.texture);
    output.bindForDrawing();
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  void delete() {
    program.delete();
    objects.deleteTexture(paletteTexture);
  }
}
