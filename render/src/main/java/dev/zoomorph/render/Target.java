package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.FloatBuffer;

/** A texture with a framebuffer drawing into it; row 0 holds the image's top row (see cppn.frag). */
final class Target {
  private final GlObjects objects;
  final int width;
  final int height;
  final int internalFormat;
  final int texture;
  final int framebuffer;

  Target(GlObjects objects, int width, int height, int internalFormat) {
    this.objects = objects;
    this.width = width;
    this.height = height;
    this.internalFormat = internalFormat;
    texture = objects.texture();
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexImage2D(GL_TEXTURE_2D, 0, internalFormat, width, height, 0, GL_RGBA, GL_FLOAT, (FloatBuffer) null);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    framebuffer = objects.framebuffer();
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
      delete();
      throw new IllegalStateException(
          "cannot render to a " + width + "x" + height + " texture (framebuffer status 0x" + Integer.toHexString(status)
              + ")");
    }
  }

  boolean hasSize(int w, int h) {
    return width == w && height == h;
  }

  /** Binds the framebuffer and sets the viewport to the whole texture. */
  void bindForDrawing() {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glViewport(0, 0, width, height);
  }

  void delete() {
    objects.deleteFramebuffer(framebuffer);
    objects.deleteTexture(texture);
  }
}
