package dev.zoomorph.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import org.jspecify.annotations.Nullable;

/**
 * One encoded frame in a single direct buffer shared by every viewer's write, so a frame is copied once, not once
 * per viewer. The encoder owns the one reference it was created with and releases it when the next frame replaces
 * it; each write takes its own reference with {@link #retainedDuplicate}, which Netty releases when the write ends.
 *
 * <p>The buffer is unpooled on purpose: a released unpooled buffer is never handed out again, so a viewer that asks
 * for a frame the encoder has just let go reliably gets {@code null} instead of another frame's memory.
 */
public final class SharedJpeg {

  private final ByteBuf bytes;

  /** A copy of {@code jpeg}. */
  public SharedJpeg(byte[] jpeg) {
    this(jpeg, 0, jpeg.length);
  }

  /** The {@code length} bytes of {@code data} from {@code offset} (a relay's frame inside its NATS message). */
  public SharedJpeg(byte[] data, int offset, int length) {
    this.bytes = Unpooled.directBuffer(length).writeBytes(data, offset, length);
  }

  /** The frame's length in bytes. */
  public int size() {
    return bytes.readableBytes();
  }

  /** A new reference to the bytes for one write, or {@code null} if the encoder has already released this frame. */
  public @Nullable ByteBuf retainedDuplicate() {
    try {
      return bytes.retainedDuplicate();
    } catch (IllegalReferenceCountException released) {
      return null;
    }
  }

  /** Gives up the encoder's reference. */
  public void release() {
    bytes.release();
  }
}
