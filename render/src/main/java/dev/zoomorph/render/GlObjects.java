package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every GL object this module creates goes through here, so leaks show up as a non-zero {@link #live()} count
 * (installations run for weeks; a leaked texture per preset switch would eventually exhaust the GPU).
 * Also counts the frames copied between the CPU and the GPU, the costly part of a frame. The device's and a
 * window's thread may both use it (their contexts share objects), so it is synchronized.
 */
final class GlObjects {

  enum Kind { TEXTURE, BUFFER, FRAMEBUFFER, VERTEX_ARRAY, SHADER, PROGRAM, SYNC }

  private final Map<Kind, Integer> live = new EnumMap<>(Kind.class);
  private long created;
  private long readbacks;
  private long uploads;

  synchronized int texture() {
    return counted(Kind.TEXTURE, glGenTextures());
  }

  synchronized int buffer() {
    return counted(Kind.BUFFER, glGenBuffers());
  }

  synchronized int framebuffer() {
    return counted(Kind.FRAMEBUFFER, glGenFramebuffers());
  }

  synchronized int vertexArray() {
    return counted(Kind.VERTEX_ARRAY, glGenVertexArrays());
  }

  synchronized int shader(int type) {
    return counted(Kind.SHADER, glCreateShader(type));
  }

  synchronized int program() {
    return counted(Kind.PROGRAM, glCreateProgram());
  }

  synchronized long fence() {
    long sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (sync == 0) {
      throw new IllegalStateException("glFenceSync failed");
    }
    change(Kind.SYNC, +1);
    created++;
    return sync;
  }

  synchronized void deleteTexture(int name) {
    glDeleteTextures(name);
    change(Kind.TEXTURE, -1);
  }

  synchronized void deleteBuffer(int name) {
    glDeleteBuffers(name);
    change(Kind.BUFFER, -1);
  }

  synchronized void deleteFramebuffer(int name) {
    glDeleteFramebuffers(name);
    change(Kind.FRAMEBUFFER, -1);
  }

  synchronized void deleteVertexArray(int name) {
    glDeleteVertexArrays(name);
    change(Kind.VERTEX_ARRAY, -1);
  }

  synchronized void deleteShader(int name) {
    glDeleteShader(name);
    change(Kind.SHADER, -1);
  }

  synchronized void deleteProgram(int name) {
    glDeleteProgram(name);
    change(Kind.PROGRAM, -1);
  }

  synchronized void deleteFence(long sync) {
    glDeleteSync(sync);
    change(Kind.SYNC, -1);
  }

  /** Counts out an object that went with its lost context: there is nothing left to delete. */
  synchronized void forget(Kind kind) {
    change(kind, -1);
  }

  /** Objects created and not yet deleted, all kinds together. */
  synchronized int live() {
    return live.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Objects created since start, all kinds together. */
  synchronized long created() {
    return created;
  }

  /** A frame read back from the GPU to the CPU. */
  synchronized void countReadback() {
    readbacks++;
  }

  /** A frame uploaded from the CPU to the GPU. */
  synchronized void countUpload() {
    uploads++;
  }

  synchronized long readbacks() {
    return readbacks;
  }

  synchronized long uploads() {
    return uploads;
  }

  @Override
  public synchronized String toString() {
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
