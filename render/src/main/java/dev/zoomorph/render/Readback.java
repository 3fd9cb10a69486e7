package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.Frame;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * Copies a target's pixels to the CPU as a {@link Frame}: the one way frames leave the GPU. Targets store the
 * image's top row at row 0 (see cppn.frag), so the rows come back in {@link Frame}'s order without a flip.
 */
final class Readback {
  private Readback() {}

  /** The pixels of {@code source} with {@code channels} (1: red, 3: RGB); waits for the GPU to finish drawing them. */
  static Frame read(GlObjects objects, Target source, int channels) {
    int size = source.width * source.height * channels;
    ByteBuffer buffer = MemoryUtil.memAlloc(size);
    try {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, source.framebuffer);
      glReadBuffer(GL_COLOR_ATTACHMENT0);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadPixels(0, 0, source.width, source.height, channels == 1 ? GL_RED : GL_RGB, GL_UNSIGNED_BYTE, buffer);
      GlDevice.checkGlError("reading a frame back");
      byte[] pixels = new byte[size];
      buffer.get(pixels);
      objects.countReadback();
      return new Frame(source.width, source.height, channels, pixels);
    } finally {
      MemoryUtil.memFree(buffer);
    }
  }
}
