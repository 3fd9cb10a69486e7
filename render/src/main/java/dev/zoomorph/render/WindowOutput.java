package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.engine.generator.Frame;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.lwjgl.opengl.GL45C;
import org.lwjgl.system.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window that shows a show's frames, scaled to fit with their aspect kept; its keys are those of
 * {@link WindowOptions}. When it opens first, the process's {@link GlDevice} is made on a context that shares the
 * window's objects, so a frame drawn on the GL backend is shown from its texture ({@link #publish}: a copy on the
 * GPU, no readback, no upload); frames made on the CPU ({@link #show}) are uploaded. Neither waits: the window's
 * own thread draws the newest frame (vsync) and frames that arrive meanwhile are skipped.
 *
 * <p>When the window's context is lost (a GPU reset, a driver crash), the window opens again by itself, tried every
 * {@link #REOPEN_INTERVAL_NANOS} until it works; its new context shares nothing with the device's, so frames reach it
 * through the CPU from then on.
 */
public final class WindowOutput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WindowOutput.class);
  /** Longest wait for window events when no frame arrives (keys and resizes still wake the window at once). */
  private static final double IDLE_SECONDS = 0.1;
  /** How long the window waits before trying again to open after a lost context, when opening failed. */
  private static final long REOPEN_INTERVAL_NANOS = 5_000_000_000L;

  private final RenderThread thread;
  private final GlWindow window;
  private final @Nullable GlDevice device;
  /** The device's objects, or the window's own when it has no device. */
  private final GlObjects objects;
  private final @Nullable PresentSlots slots;
  /** The window lost its context and was opened again apart from the device: frames come through the CPU. */
  private volatile boolean detached;
  private final AtomicInteger reopenings = new AtomicInteger();
  private final AtomicReference<@Nullable Frame> cpuFrame = new AtomicReference<>();
  /** Numbers the hand-offs, so the window shows whichever came last: a texture or a CPU frame. */
  private final AtomicLong stamps = new AtomicLong();
  private volatile long gpuStamp;
  private volatile long cpuStamp;
  private volatile boolean closed;
  /** The preset the title bar names, as last told; null until a frame came. */
  private volatile @Nullable String playing;
  // Window thread (volatile for the tests' reads of its objects).
  private volatile Drawing drawing;
  /** The window's context is lost and it is not open again yet. */
  private boolean lost;
  private long nextReopen;
  private int uploadedWidth;
  private int uploadedHeight;
  private int uploadedChannels;
  /** What the window shows: a slot's texture or the upload texture; 0 before the first frame. */
  private int showing;
  private int showingWidth;
  private int showingHeight;
  private int[] drawnSize = {0, 0};

  private WindowOutput(RenderThread thread, GlWindow window, @Nullable GlDevice device) {
    this.thread = thread;
    this.window = window;
    this.device = device;
    this.objects = device != null ? device.objects() : new GlObjects();
    this.slots = device != null ? new PresentSlots(device) : null;
    drawing = thread.call(() -> Drawing.make(objects));
    thread.execute(this::refresh);
  }

  /** The window's GL objects for drawing a frame, in its current context. */
  private record Drawing(GlObjects objects, Program program, int vertexArray, int uploadTexture, int uViewport) {
    /** Makes them on the window's thread. */
    static Drawing make(GlObjects objects) {
      Program program = Program.fullscreen(objects, "present.frag", "");
      program.use();
      glUniform1i(program.uniform("picture"), 0);
      int texture = objects.texture();
      glBindTexture(GL_TEXTURE_2D, texture);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      // Vertex arrays are not shared between contexts: the window has its own.
      return new Drawing(objects, program, objects.vertexArray(), texture, program.uniform("viewport"));
    }

    void delete() {
      program.delete();
      objects.deleteVertexArray(vertexArray);
      objects.deleteTexture(uploadTexture);
    }
  }

  /**
   * Opens the window (GLFW on X11 or Wayland). Open it before the show's generators, so that the GL device shares
   * the window's objects.
   *
   * @throws GlUnavailableException naming the problem when no window can be opened (no display, GLFW failure)
   */
  public static WindowOutput open(WindowOptions options) {
    RenderThread thread = new RenderThread("zoomorph-window");
    GlWindow window;
    try {
      window = thread.call(() -> GlWindow.open(options));
    } catch (RuntimeException e) {
      thread.close();
      throw e;
    }
    GlDevice device;
    try {
      device = GlDevice.acquireNew(window.deviceContext(), () -> terminate(thread, window));
    } catch (RuntimeException e) {
      thread.run(() -> {
        window.close();
        window.terminate();
      });
      thread.close();
      throw e;
    }
    if (device == null) {
      LOG.info("the GL device was open before the window: frames reach the window through the CPU");
    }
    try {
      return new WindowOutput(thread, window, device);
    } catch (RuntimeException e) {
      thread.run(window::close);
      if (device != null) {
        device.release(); // ends GLFW
      } else {
        thread.run(window::terminate);
      }
      thread.close();
      throw e;
    }
  }

  /** Ends GLFW once both the window and the device that shares its context are gone. */
  private static void terminate(RenderThread thread, GlWindow window) {
    if (thread.isOpen()) {
      thread.run(window::terminate);
    } else {
      window.terminate();
    }
  }

  /** Shows {@code frame} (made on the CPU, or read back) from the window's next refresh on; returns at once. */
  public void show(Frame frame) {
    if (closed) {
      return;
    }
    cpuFrame.set(frame);
    cpuStamp = stamps.incrementAndGet();
    GlWindow.wake();
  }

  /**
   * Shows {@code picture}, a target on this window's GL device, from the window's next refresh on: copied on the
   * GPU, never read back. Device thread; returns without waiting for the window.
   */
  void publish(Target picture) {
    if (closed || slots == null || detached) {
      return;
    }
    slots.publish(picture);
    gpuStamp = stamps.incrementAndGet();
    GlWindow.wake();
  }

  /** The GL device whose textures this window shows directly, or null when frames come through the CPU. */
  @Nullable GlDevice device() {
    return detached ? null : device;
  }

  /** How often the window was opened again after losing its context. */
  int reopenings() {
    return reopenings.get();
  }

  /**
   * Names {@code preset} in the title bar after the window's own title ("zoomorph: drift"), from the window's next
   * turn on; the same name again does nothing. Any thread; returns at once.
   */
  public void playing(String preset) {
    if (closed || preset.equals(playing)) {
      return;
    }
    playing = preset;
    try {
      thread.execute(() -> window.playing(preset));
    } catch (RejectedExecutionException e) {
      return; // the window is closing: no title to change, and the frame must not fail for it
    }
    GlWindow.wake();
  }

  /** The title bar's text; for tests. */
  @Nullable String title() {
    return onWindowThread(window::title);
  }

  /** True once the viewer pressed Escape or Q, or closed the window. */
  public boolean closeRequested() {
    return window.closeRequested();
  }

  /** Platform, GL version and renderer of the window's context. */
  public String description() {
    return window.description();
  }

  /** Runs {@code task} on the window's thread, waking it from its wait for events. */
  <T> T onWindowThread(java.util.concurrent.Callable<T> task) {
    return thread.call(task, GlWindow::wake);
  }

  private void onWindowThread(Runnable task) {
    onWindowThread(() -> {
      task.run();
      return null;
    });
  }

  /** One turn of the window's thread: the newest frame drawn and swapped in, then events; queues the next turn. */
  private void refresh() {
    if (closed) {
      return;
    }
    try {
      if (lost || window.isLost()) {
        lost = !reopen();
      }
      if (!lost) {
        drawNewest();
      }
      window.waitEvents(IDLE_SECONDS);
    } catch (RuntimeException e) {
      LOG.warn("window refresh failed: {}", e.toString());
    }
    thread.execute(this::refresh);
  }

  /** Draws and swaps in the newest frame when one came or the window was resized. Window thread. */
  private void drawNewest() {
    boolean fresh = takeNewest();
    int[] size = window.framebufferSize();
    boolean resized = size[0] != drawnSize[0] || size[1] != drawnSize[1];
    if ((fresh || resized) && showing != 0 && size[0] > 0 && size[1] > 0) {
      drawToBackBuffer(size);
      window.swapBuffers();
      if (slots != null && showing != drawing.uploadTexture()) {
        slots.shown();
      }
      drawnSize = size;
    }
  }

  /**
   * Window thread: opens the window again after its context was lost, unless the last try failed less than {@link
   * #REOPEN_INTERVAL_NANOS} ago; returns whether it is open.
   */
  private boolean reopen() {
    if (!lost) {
      LOG.error("the window's GL context was lost; opening the window again, its frames coming through the CPU");
      lost = true;
      forgetLost(drawing, device != null && !detached);
      detached = true;
    } else if (System.nanoTime() - nextReopen < 0) {
      return false;
    }
    try {
      window.reopen();
      drawing = Drawing.make(new GlObjects());
    } catch (RuntimeException e) {
      LOG.warn("the window did not open again ({}); trying again in {} s", e.getMessage(),
          REOPEN_INTERVAL_NANOS / 1_000_000_000L);
      nextReopen = System.nanoTime() + REOPEN_INTERVAL_NANOS;
      return false;
    }
    showing = 0;
    uploadedWidth = 0;
    uploadedHeight = 0;
    uploadedChannels = 0;
    drawnSize = new int[] {0, 0};
    reopenings.incrementAndGet();
    LOG.info("the window is open again: {}", window.description());
    return true;
  }

  /**
   * Counts out the drawing objects of the window's lost context; {@code sharedWithDevice} when that context shared
   * objects with the device's (the first window, not one opened again). Window thread.
   */
  private void forgetLost(Drawing lostDrawing, boolean sharedWithDevice) {
    GlObjects counted = lostDrawing.objects();
    // A vertex array belongs to its context alone: it went with the window's.
    counted.forget(GlObjects.Kind.VERTEX_ARRAY);
    if (device == null || !sharedWithDevice) {
      counted.forget(GlObjects.Kind.PROGRAM);
      counted.forget(GlObjects.Kind.TEXTURE);
    } else {
      // The program and texture are shared with the device's context, where they live on unless it was lost too
      // (then there is nothing to free, and free does nothing).
      device.free(() -> {
        lostDrawing.program().delete();
        counted.deleteTexture(lostDrawing.uploadTexture());
      });
    }
  }

  /** Takes the newest frame, if one came since the last refresh. Window thread. */
  private boolean takeNewest() {
    boolean gpuNewer = gpuStamp > cpuStamp;
    if (gpuNewer && slots != null && !detached) {
      Target texture = slots.takeFresh();
      if (texture != null) {
        showing = texture.texture;
        showingWidth = texture.width;
        showingHeight = texture.height;
        return true;
      }
      return false;
    }
    Frame frame = cpuFrame.getAndSet(null);
    if (frame == null) {
      return false;
    }
    upload(frame);
    showing = drawing.uploadTexture();
    showingWidth = frame.width();
    showingHeight = frame.height();
    return true;
  }

  private void upload(Frame frame) {
    glBindTexture(GL_TEXTURE_2D, drawing.uploadTexture());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    int format = frame.channels() == 1 ? GL_RED : GL_RGB;
    var pixels = MemoryUtil.memAlloc(frame.pixels().length);
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
        // A grey frame reads as grey in every channel.
        int[] swizzle = frame.channels() == 1
            ? new int[] {GL_RED, GL_RED, GL_RED, GL_ONE}
            : new int[] {GL_RED, GL_GREEN, GL_BLUE, GL_ONE};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
      }
      drawing.objects().countUpload();
    } finally {
      MemoryUtil.memFree(pixels);
    }
  }

  /** Draws what the window shows into its back buffer, letterboxed and upright. Window thread. */
  private void drawToBackBuffer(int[] size) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, size[0], size[1]);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    double scale = Math.min((double) size[0] / showingWidth, (double) size[1] / showingHeight);
    int w = (int) Math.round(showingWidth * scale);
    int h = (int) Math.round(showingHeight * scale);
    int x = (size[0] - w) / 2;
    int y = (size[1] - h) / 2;
    glViewport(x, y, w, h);
    drawing.program().use();
    glUniform4f(drawing.uViewport(), x, y, w, h);
    glBindVertexArray(drawing.vertexArray());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, showing);
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  /**
   * What the window shows for the newest frame: drawn into the back buffer and read with glReadPixels (the default
   * framebuffer), RGB rows bottom to top as GL stores them; for tests.
   */
  byte[] readPixels() {
    return onWindowThread(() -> {
      takeNewest();
      int[] size = window.framebufferSize();
      byte[] pixels = new byte[size[0] * size[1] * 3];
      if (showing == 0) {
        return pixels;
      }
      drawToBackBuffer(size);
      var buffer = MemoryUtil.memAlloc(pixels.length);
      try {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, size[0], size[1], GL_RGB, GL_UNSIGNED_BYTE, buffer);
        buffer.get(pixels);
      } finally {
        MemoryUtil.memFree(buffer);
      }
      return pixels;
    });
  }

  /**
   * Takes the newest frame and draws it into the back buffer, waiting until the GPU is done (no swap); for the
   * benchmark of the two ways frames reach the window.
   */
  void drawNewestAndFinish() {
    onWindowThread(() -> {
      takeNewest();
      int[] size = window.framebufferSize();
      if (showing != 0 && size[0] > 0 && size[1] > 0) {
        drawToBackBuffer(size);
      }
      glFinish();
    });
  }

  /** The window's framebuffer size {width, height} in pixels. */
  int[] framebufferSize() {
    return onWindowThread(window::framebufferSize);
  }

  /** Frames uploaded to the GPU, read back from it, on this window's device (or the window alone); for tests. */
  GlObjects glObjects() {
    return drawing.objects();
  }

  /** Presses the window's close button; for tests. */
  void requestClose() {
    onWindowThread(window::requestClose);
  }

  /** What F11 does; for tests. */
  void toggleFullscreen() {
    onWindowThread(window::toggleFullscreen);
  }

  /** The monitor the window is fullscreen on, or null when windowed; for tests. */
  @Nullable String fullscreenMonitor() {
    return onWindowThread(window::fullscreenMonitor);
  }

  /** The window's context's GL_RESET_NOTIFICATION_STRATEGY; for tests. */
  int resetNotificationStrategy() {
    return onWindowThread(() -> glGetInteger(GL45C.GL_RESET_NOTIFICATION_STRATEGY));
  }

  /** Whether the cursor is hidden over the window and it has no decorations: a kiosk; for tests. */
  String kioskState() {
    return onWindowThread(() -> "cursor " + (window.cursorHidden() ? "hidden" : "shown") + " decorated "
        + window.decorated());
  }

  /**
   * Closes the window and frees its GL objects; idempotent. Close it after whatever publishes to it (the show's
   * {@link FrameRenderer}).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onWindowThread(() -> {
      if (!lost) {
        drawing.delete();
      }
      window.close();
    });
    if (device != null && slots != null) {
      device.free(slots::delete);
      device.release(); // the last user ends GLFW (terminate) once the device's context is gone
    } else {
      thread.run(window::terminate);
    }
    thread.close();
  }
}
