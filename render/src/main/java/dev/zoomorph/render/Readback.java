package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Asynchronous readback: glReadPixels into a ring of pixel-pack buffers, each guarded by a fence, so the render
 * loop queues the copy and goes on drawing; finished copies are handed out by {@link #poll}. Frames come back
 * top row first because the targets store the image top row at row 0 (see cppn.frag), so the mapped buffer is
 * copied once, straight into the frame's array.
 */
final class Readback {
  private static final int SLOTS = 3;
  private static final long WAIT_NANOS = 1_000_000_000L;

  private static final class Slot {
    int buffer;
    long capacity;
    long fence;
    int width;
    int height;
    int channels;
    Consumer<Frame> sink = frame -> { };
  }

  private final GlObjects objects;
  private final Slot[] slots = new Slot[SLOTS];
  private final ArrayDeque<Slot> pending = new ArrayDeque<>();
  private int next;

  Readback(GlObjects objects) {
    this.objects = objects;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Slot();
      slots[i].buffer = objects.buffer();
    }
  }

  /** Queues a copy of {@code source} with {@code channels} (1: red, 3: RGB); {@code sink} gets it later. */
  void start(Target source, int channels, Consumer<Frame> sink) {
    Slot slot = slots[next];
    next = (next + 1) % SLOTS;
    if (slot.fence != 0) {
      // The ring is full: the oldest copy has to finish before its buffer is reused.
      deliverOldest(true);
    }
    long size = (long) source.width * source.height * channels;
    glBindBuffer(GL_PIXEL_PACK_BUFFER, slot.buffer);
    if (slot.capacity < size) {
      glBufferData(GL_PIXEL_PACK_BUFFER, size, GL_STREAM_READ);
      slot.capacity = size;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, source.framebuffer);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, source.width, source.height, channels == 1 ? GL_RED : GL_RGB, GL_UNSIGNED_BYTE, 0L);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    slot.fence = objects.fence();
    slot.width = source.width;
    slot.height = source.height;
    slot.channels = channels;
    slot.sink = sink;
    pending.add(slot);
    glFlush();
  }

  /** Hands out every finished copy, oldest first, without waiting. */
  void poll() {
    while (!pending.isEmpty()) {
      int state = glClientWaitSync(pending.peek().fence, 0, 0);
      if (state != GL_ALREADY_SIGNALED && state != GL_CONDITION_SATISFIED) {
        return;
      }
      deliverOldest(false);
    }
  }

  /** Waits for and hands out every queued copy. */
  void finish() {
    while (!pending.isEmpty()) {
      deliverOldest(true);
    }
  }

  int pendingCount() {
    return pending.size();
  }

  void delete() {
    for (Slot slot : pending) {
      objects.deleteFence(slot.fence);
      slot.fence = 0;
    }
    pending.clear();
    for (Slot slot : slots) {
      objects.deleteBuffer(slot.buffer);
    }
  }

  private void deliverOldest(boolean wait) {
    Slot slot = pending.poll();
    if (wait) {
      int state;
      do {
        state = glClientWaitSync(slot.fence, GL_SYNC_FLUSH_COMMANDS_BIT, WAIT_NANOS);
      } while (state == GL_TIMEOUT_EXPIRED);
      if (state == GL_WAIT_FAILED) {
        throw new IllegalStateException("waiting for a frame readback failed (glGetError " + glGetError() + ")");
      }
    }
    objects.deleteFence(slot.fence);
    slot.fence = 0;
    int size = slot.width * slot.height * slot.channels;
    byte[] pixels = new byte[size];
    glBindBuffer(GL_PIXEL_PACK_BUFFER, slot.buffer);
    ByteBuffer mapped = glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, size, GL_MAP_READ_BIT);
    if (mapped == null) {
      glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
      throw new IllegalStateException("cannot map the readback buffer (glGetError " + glGetError() + ")");
    }
    mapped.get(pixels);
    glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    Consumer<Frame> sink = slot.sink;
    slot.sink = frame -> { };
    sink.accept(new Frame(slot.width, slot.height, slot.channels, pixels));
  }
}
