package dev.zoomorph.render;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A window that shows frames made elsewhere (e.g. by a live show's render loop), scaled to fit with their aspect
 * kept. {@link #show} never waits: the window's own render thread draws the newest frame when it is ready for one
 * (vsync), and frames that arrive meanwhile are skipped. The window's keys are those of {@link WindowOptions}.
 */
public final class WindowOutput implements AutoCloseable {
  /** The frame source takes no latent; the renderer still wants one of the size the source declares. */
  private static final Latent NO_LATENT = Latent.zeros(1);

  private final LatestFrame latest;
  private final GlRenderer renderer;
  private volatile boolean closed;

  private WindowOutput(LatestFrame latest, GlRenderer renderer) {
    this.latest = latest;
    this.renderer = renderer;
  }

  /**
   * Opens the window (GLFW on X11 or Wayland).
   *
   * @throws GlUnavailableException naming the problem when no window can be opened (no display, GLFW failure)
   */
  public static WindowOutput open(WindowOptions options) {
    LatestFrame latest = new LatestFrame();
    return new WindowOutput(latest, GlRenderer.display(latest, RenderOptions.HEADLESS.withWindow(options)));
  }

  /** Shows {@code frame} from the window's next refresh on; returns at once. Ignored once closed. */
  public void show(Frame frame) {
    if (closed) {
      return;
    }
    latest.frame.set(frame);
    renderer.presentAsync(NO_LATENT, View.of(frame.width(), frame.height()));
  }

  /** True once the viewer pressed Escape or Q, or closed the window. */
  public boolean closeRequested() {
    return renderer.closeRequested();
  }

  /** Platform, GL version and renderer of the window's context. */
  public String description() {
    return renderer.rendererDescription();
  }

  /** What the window shows, RGB rows bottom to top; for tests. */
  byte[] readPixels() {
    return renderer.readWindowPixels();
  }

  /** Presses the window's close button; for tests. */
  void requestClose() {
    renderer.requestWindowClose();
  }

  /** Closes the window and frees its GL objects; idempotent. */
  @Override
  public void close() {
    closed = true;
    renderer.close();
  }

  /** The newest frame handed to {@link #show}, as a generator the renderer's texture path draws. */
  private static final class LatestFrame implements Generator {
    private final AtomicReference<@Nullable Frame> frame = new AtomicReference<>();

    @Override
    public int latentSize() {
      return NO_LATENT.size();
    }

    @Override
    public int channels() {
      return 3;
    }

    @Override
    public Frame render(Latent latent, View view) {
      Frame newest = frame.get();
      if (newest == null) {
        throw new IllegalStateException("no frame to show yet");
      }
      return newest;
    }

    @Override
    public void close() {
      frame.set(null);
    }
  }
}
