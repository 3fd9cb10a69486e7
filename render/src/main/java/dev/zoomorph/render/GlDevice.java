package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenGL context, the one thread it is current on, and the bookkeeping of every GL object made on it
 * ({@link GlObjects}). Everything the process draws with GL lives on one device, so the pictures of two generators
 * can be crossfaded and shown in a window without leaving the GPU.
 *
 * <p>The device is shared and counted: {@link #acquire} opens it for the first user (headless, or sharing objects
 * with a window when {@link WindowOutput} opened it), {@link #release} closes it when the last user lets go, after
 * checking that every GL object was freed.
 */
final class GlDevice {
  private static final Logger LOG = LoggerFactory.getLogger(GlDevice.class);

  /** Makes the device's context on its thread; for a window, a context that shares objects with the window's. */
  interface ContextFactory {
    GlContext create();
  }

  private static final Object LOCK = new Object();
  private static @Nullable GlDevice shared;

  private final RenderThread thread;
  private final GlObjects objects = new GlObjects();
  private final String description;
  private final @Nullable Runnable afterClose;
  private int users;
  private volatile boolean closed;
  /** The context is gone (reset, destroyed, or abandoned while a GL call hung); nothing runs on it any more. */
  private volatile boolean lost;
  /** Its thread hung in a GL call and was left behind: release must not wait for it. */
  private volatile boolean abandoned;
  // Render thread.
  private @Nullable GlContext context;
  private int vertexArray;

  private GlDevice(ContextFactory factory, @Nullable Runnable afterClose) {
    this.afterClose = afterClose;
    thread = new RenderThread("zoomorph-gl");
    try {
      thread.run(() -> {
        context = factory.create();
        // Core profile draws need a bound vertex array; the passes make their vertices in fullscreen.vert.
        vertexArray = objects.vertexArray();
        glBindVertexArray(vertexArray);
      });
    } catch (RuntimeException | Error e) {
      thread.run(this::releaseContext);
      thread.close();
      throw e;
    }
    description = context.description();
  }

  /**
   * The process's device, opened headless on EGL for its first user; each call must be paired with {@link #release}.
   *
   * @throws GlUnavailableException when no OpenGL context can be made
   */
  static GlDevice acquire() {
    synchronized (LOCK) {
      if (shared == null) {
        shared = new GlDevice(EglContext::create, null);
      }
      shared.users++;
      return shared;
    }
  }

  /**
   * Opens the process's device on {@code factory}'s context when there is none yet (a window's shared context), and
   * acquires it; returns null when a device is already open (its objects cannot be shared with a new window).
   */
  static @Nullable GlDevice acquireNew(ContextFactory factory, Runnable afterClose) {
    synchronized (LOCK) {
      if (shared != null) {
        return null;
      }
      shared = new GlDevice(factory, afterClose);
      shared.users++;
      return shared;
    }
  }

  /** One more user of a device that is open (pair it with {@link #release}). */
  void retain() {
    synchronized (LOCK) {
      if (closed) {
        throw new IllegalStateException("the GL device is closed");
      }
      users++;
    }
  }

  /** Lets go of the device; the last user's release frees the context (and logs any GL object left behind). */
  void release() {
    synchronized (LOCK) {
      if (users == 0) {
        throw new IllegalStateException("the GL device was released more often than acquired");
      }
      if (--users > 0) {
        return;
      }
      closed = true;
      if (shared == this) {
        shared = null;
      }
    }
    if (abandoned) {
      thread.abandon();
    } else {
      thread.run(this::releaseContext);
      thread.close();
    }
    if (afterClose != null) {
      afterClose.run();
    }
  }

  /**
   * Runs {@code task} on the device's thread and returns its result; exceptions come back unchanged.
   *
   * @throws GlContextLostException when the context was lost, before or during the task
   */
  <T> T call(Callable<T> task) {
    if (closed) {
      throw new IllegalStateException("the GL device is closed");
    }
    if (lost) {
      throw lostException();
    }
    return thread.call(() -> {
      T result;
      try {
        result = task.call();
      } catch (Exception | Error e) {
        // A GL error thrown because the context went away is the loss, not a bug in the task.
        if (contextLost()) {
          GlContextLostException loss = lostException();
          loss.addSuppressed(e);
          throw loss;
        }
        throw e;
      }
      if (contextLost()) {
        throw lostException();
      }
      return result;
    });
  }

  void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  /**
   * Frees GL objects with {@code cleanup} on the device's thread; on a lost device there is nothing to free (its
   * objects went with the context), so it does nothing.
   */
  void free(Runnable cleanup) {
    if (!lost) {
      try {
        run(cleanup);
      } catch (GlContextLostException e) {
        // Lost while freeing: the objects are gone anyway.
      }
    }
  }

  /**
   * Device thread: whether the context is lost. The first time it finds so, marks the device lost, closes what is
   * left of the context and lets the next {@link #acquire} open a new device.
   */
  private boolean contextLost() {
    if (lost) {
      return true;
    }
    if (context == null || !context.isLost()) {
      return false;
    }
    LOG.error("the GL context was lost ({}); what was drawn on it is gone", description);
    forget();
    try {
      context.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the lost GL context: {}", e.toString());
    }
    context = null;
    return true;
  }

  private GlContextLostException lostException() {
    return new GlContextLostException("the GL context was lost: " + description);
  }

  /**
   * Gives up on a device whose thread hung in a GL call (the render watchdog's last resort): nothing more runs on it,
   * its context and objects are left behind, and the next {@link #acquire} opens a new device. Any thread.
   */
  void abandon() {
    abandoned = true;
    forget();
  }

  /** Marks the device lost and no longer the process's device. */
  private void forget() {
    lost = true;
    synchronized (LOCK) {
      if (shared == this) {
        shared = null;
      }
    }
  }

  boolean isLost() {
    return lost;
  }

  /** The object tracker; read it on the device thread, or after the device closed. */
  GlObjects objects() {
    return objects;
  }

  boolean isOpen() {
    return !closed;
  }

  /** Platform, GL version and renderer of the context, e.g. "... llvmpipe (LLVM 15.0.6, 256 bits) ...". */
  String description() {
    return description;
  }

  /** True when GL runs on the CPU (Mesa llvmpipe, softpipe, SwiftShader), where per-pixel MLPs are slow. */
  boolean isSoftware() {
    return isSoftware(description);
  }

  static boolean isSoftware(String rendererDescription) {
    String r = rendererDescription.toLowerCase(Locale.ROOT);
    return r.contains("llvmpipe") || r.contains("softpipe") || r.contains("swiftshader") || r.contains("software");
  }

  /** Binds the device's vertex array again, for passes drawn after something else changed GL state. */
  void bindVertexArray() {
    glBindVertexArray(vertexArray);
  }

  static void checkGlError(String doing) {
    int error = glGetError();
    if (error != GL_NO_ERROR) {
      throw new IllegalStateException("OpenGL error 0x" + Integer.toHexString(error) + " while " + doing);
    }
  }

  private void releaseContext() {
    if (context == null) {
      return;
    }
    try {
      if (vertexArray != 0) {
        objects.deleteVertexArray(vertexArray);
        vertexArray = 0;
      }
      if (objects.live() != 0) {
        LOG.error("GL objects leaked: {}", objects);
      }
    } finally {
      context.close();
      context = null;
    }
  }
}
