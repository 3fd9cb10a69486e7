package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import org.jspecify.annotations.Nullable;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL43C;

/**
 * Frames handed from the GL device's thread to a window's thread through three textures on the device (triple
 * buffering): the device draws into its slot while the window shows another, and the newest finished one waits in
 * the third. Neither thread ever waits for the other: they swap slots under a lock held for a few instructions, and
 * fences (shared between the two contexts) order the GPU work, the window's draw after the device's copy, the
 * device's next copy into a slot after the window's draw from it.
 */
final class PresentSlots {

  private static final class Slot {
    @Nullable Target target;
    /** Signalled when the device's copy into the target is done; the window waits on it (on the GPU). */
    long ready;
    /** Signalled when the window's draw from the target is done; the device waits on it (on the GPU). */
    long released;
  }

  private final GlDevice device;
  private final Slot[] slots = {new Slot(), new Slot(), new Slot()};
  private int back = 0;
  private int middle = 1;
  private int front = 2;
  private boolean fresh;

  PresentSlots(GlDevice device) {
    this.device = device;
  }

  /** Copies {@code picture} into the device's slot and makes it the newest. Device thread. */
  void publish(Target picture) {
    GlObjects objects = device.objects();
    Slot slot;
    synchronized (this) {
      slot = slots[back];
    }
    if (slot.released != 0) {
      glWaitSync(slot.released, 0, GL_TIMEOUT_IGNORED);
      objects.deleteFence(slot.released);
      slot.released = 0;
    }
    if (slot.ready != 0) { // published but replaced before the window took it
      objects.deleteFence(slot.ready);
      slot.ready = 0;
    }
    if (slot.target == null || !slot.target.hasSize(picture.width, picture.height)) {
      if (slot.target != null) {
        slot.target.delete();
      }
      slot.target = new Target(objects, picture.width, picture.height, GL_RGBA8);
    }
    if (GL.getCapabilities().glCopyImageSubData != 0) { // GL 4.3: a plain copy, cheaper than a blit on llvmpipe
      GL43C.glCopyImageSubData(picture.texture, GL_TEXTURE_2D, 0, 0, 0, 0, slot.target.texture, GL_TEXTURE_2D, 0, 0, 0,
          0, picture.width, picture.height, 1);
    } else {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, picture.framebuffer);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, slot.target.framebuffer);
      glBlitFramebuffer(0, 0, picture.width, picture.height, 0, 0, picture.width, picture.height,
          GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    slot.ready = objects.fence();
    glFlush(); // the window's context waits on the fence: it must reach the GPU
    synchronized (this) {
      int swap = back;
      back = middle;
      middle = swap;
      fresh = true;
    }
  }

  /** The newest published picture, now the window's, or null when none came since the last call. Window thread. */
  @Nullable Target takeFresh() {
    Slot slot;
    synchronized (this) {
      if (!fresh) {
        return null;
      }
      int swap = front;
      front = middle;
      middle = swap;
      fresh = false;
      slot = slots[front];
    }
    if (slot.ready != 0) {
      glWaitSync(slot.ready, 0, GL_TIMEOUT_IGNORED);
      device.objects().deleteFence(slot.ready);
      slot.ready = 0;
    }
    return slot.target;
  }

  /** Marks the window's draw from its slot as issued, so the device waits for it before reusing it. Window thread. */
  void shown() {
    Slot slot;
    synchronized (this) {
      slot = slots[front];
    }
    if (slot.released != 0) {
      device.objects().deleteFence(slot.released);
    }
    slot.released = device.objects().fence();
    glFlush();
  }

  /** Frees the textures and fences; once the window no longer draws. Device thread. */
  void delete() {
    GlObjects objects = device.objects();
    for (Slot slot : slots) {
      if (slot.ready != 0) {
        objects.deleteFence(slot.ready);
        slot.ready = 0;
      }
      if (slot.released != 0) {
        objects.deleteFence(slot.released);
        slot.released = 0;
      }
      if (slot.target != null) {
        slot.target.delete();
        slot.target = null;
      }
    }
  }
}
