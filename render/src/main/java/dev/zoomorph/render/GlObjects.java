package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every GL object this module creates goes through here, so leaks show up as a non-zero {@link #live()} count
 * (installations run for weeks; a leaked texture per preset switch would eventually exhaust the GPU).
 * Used only on the render thread, like the context itself.
 */
final class GlObjects {

  enum Kind { TEXTURE, FRAMEBUFFER, BUFFER, VERTEX_ARRAY, SHADER, PROGRAM, SYNC }

  private final Map<Kind, Integer> live = new EnumMap<>(Kind.class);
  private long created;

  int texture() {
    return counted(Kind.TEXTURE, glGenTextures());
  }

  int framebuffer() {
    return counted(Kind.FRAMEBUFFER, glGenFramebuffers());
  }

  int buffer() {
    return counted(Kind.BUFFER, glGenBuffers());
  }

  int vertexArray() {
    return counted(Kind.VERTEX_ARRAY, glGenVertexArrays());
  }

  int shader(int type) {
    return counted(Kind.SHADER, glCreateShader(type));
  }

  int program() {
    return counted(Kind.PROGRAM, glCreateProgram());
  }

  long fence() {
    long sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (sync == 0) {
      throw new IllegalStateException("glFenceSync failed");
    }
    change(Kind.SYNC, +1);
    created++;
    return sync;
  }

  void deleteTexture(int name) {
    glDeleteTextures(name);
    change(Kind.TEXTURE, -1);
  }

  void deleteFramebuffer(int name) {
    glDeleteFramebuffers(name);
    change(Kind.FRAMEBUFFER, -1);
  }

  void deleteBuffer(int name) {
    glDeleteBuffers(name);
    change(Kind.BUFFER, -1);
  }

  void deleteVertexArray(int name) {
    glDeleteVertexArrays(name);
    change(Kind.VERTEX_ARRAY, -1);
  }

  void deleteShader(int name) {
    glDeleteShader(name);
    change(Kind.SHADER, -1);
  }

  void deleteProgram(int name) {
    glDeleteProgram(name);
    change(Kind.PROGRAM, -1);
  }

  void deleteFence(long sync) {
    glDeleteSync(sync);
    change(Kind.SYNC, -1);
  }

  /** Objects created and not yet deleted, all kinds together. */
  int live() {
    return live.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Objects created since start, all kinds together. */
  long created() {
    return created;
  }

  @Override
  public String toString() {
    return "live GL objects " + live + ", " + created + " created in all";
  }

  private int counted(Kind kind, int name) {
    if (name == 0) {
      throw new IllegalStateException("GL could not create a " + kind.name().toLowerCase() + " (glGetError "
          + glGetError() + ")");
    }
    change(kind, +1);
    created++;
    return name;
  }

  private void change(Kind kind, int delta) {
    int now = live.getOrDefault(kind, 0) + delta;
    if (now < 0) {
      throw new IllegalStateException("deleted more GL " + kind + " objects than were created");
    }
    live.put(kind, now);
  }
}
