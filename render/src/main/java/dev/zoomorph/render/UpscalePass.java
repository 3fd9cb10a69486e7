package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.Frame;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/** Uploads a generator's frame to a texture and draws it at the output size, aspect kept (upscale.frag). */
final class UpscalePass {
  private final GlObjects objects;
  private final Program program;
  private final int sourceTexture;
  private final int uSourceSize;
  private final int uTargetSize;
  private final int uBicubic;
  private int uploadedWidth;
  private int uploadedHeight;
  private int uploadedChannels;

  UpscalePass(GlObjects objects) {
    this.objects = objects;
    program = Program.fullscreen(objects, "upscale.frag", "");
    program.use();
    glUniform1i(program.uniform("source"), 0);
    uSourceSize = program.uniform("sourceSize");
    uTargetSize = program.uniform("targetSize");
    uBicubic = program.uniform("bicubic");
    sourceTexture = objects.texture();
    glBindTexture(GL_TEXTURE_2D, sourceTexture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }

  void draw(Frame frame, Filter filter, Target target) {
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, sourceTexture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    int format = frame.channels() == 1 ? GL_RED : GL_RGB;
    ByteBuffer pixels = MemoryUtil.memAlloc(frame.pixels().length);
    try {
      pixels.put(frame.pixels()).flip();
      if (frame.width() == uploadedWidth && frame.height() == uploadedHeight && frame.channels() == uploadedChannels) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.width(), frame.height(), format, GL_UNSIGNED_BYTE, pixels);
      } else {
        glTexImage2D(GL_TEXTURE_2D, 0, frame.channels() == 1 ? GL_R8 : GL_RGB8, frame.width(), frame.height(), 0,
            format, GL_UNSIGNED_BYTE, pixels);
        uploadedWidth = frame.width();
        uploadedHeight = frame.height();
        uploadedChannels = frame.channels();
        // A grey frame reads as grey in every channel, whether or not the source was declared grey.
        int[] swizzle = frame.channels() == 1
            ? new int[] {GL_RED, GL_RED, GL_RED, GL_ONE}
            : new int[] {GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
      }
    } finally {
      MemoryUtil.memFree(pixels);
    }
    program.use();
    glUniform2f(uSourceSize, frame.width(), frame.height());
    glUniform2f(uTargetSize, target.width, target.height);
    glUniform1i(uBicubic, filter == Filter.BICUBIC ? 1 : 0);
    target.bindForDrawing();
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  void delete() {
    program.delete();
    objects.deleteTexture(sourceTexture);
  }
}
