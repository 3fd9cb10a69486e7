package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** renderAsync queues the readback and hands frames out later, in order, equal to synchronous renders. */
class AsyncReadbackTest {
  private static final CppnWeights WEIGHTS = CppnWeights.random(new CppnSpec(4, 8, 3, 3, 6f), 41);

  @Test
  void theRenderLoopDoesNotWaitForTheTransfer() {
    try (GlRenderer gl = GlRenderer.cppn(WEIGHTS, RenderOptions.HEADLESS)) {
      List<Frame> received = new CopyOnWriteArrayList<>();
      Latent latent = Latent.gaussian(4, 9);
      View view = View.of(40, 30);
      gl.renderAsync(latent, view, received::add);

      // The frame is drawn and its copy queued, but nobody waited for it.
      assertThat(gl.pendingReadbacks()).isEqualTo(1);
      assertThat(received).isEmpty();

      gl.flush();
      assertThat(received).hasSize(1);
      assertThat(received.get(0).pixels()).isEqualTo(gl.render(latent, view).pixels());
    }
  }

  @Test
  void framesArriveInOrderAndMatchSynchronousRenders() {
    try (GlRenderer gl = GlRenderer.cppn(WEIGHTS, RenderOptions.HEADLESS)) {
      List<Integer> order = new CopyOnWriteArrayList<>();
      List<Frame> frames = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 8; i++) {
        int index = i;
        gl.renderAsync(Latent.gaussian(4, i), View.of(32 + i, 24), frame -> {
          order.add(index);
          frames.add(frame);
        });
        gl.pendingReadbacks(); // let the render thread take each request before the next replaces it
      }
      gl.flush();

      assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      for (int i = 0; i < 8; i++) {
        Frame expected = gl.render(Latent.gaussian(4, order.get(i)), View.of(32 + order.get(i), 24));
        assertThat(frames.get(i).width()).isEqualTo(32 + order.get(i));
        assertThat(frames.get(i).pixels()).isEqualTo(expected.pixels());
      }
    }
  }
}
