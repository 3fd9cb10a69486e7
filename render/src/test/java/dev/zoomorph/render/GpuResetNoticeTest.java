package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.opengl.GL45C.GL_LOSE_CONTEXT_ON_RESET;
import static org.lwjgl.opengl.GL45C.GL_NO_ERROR;
import static org.lwjgl.opengl.GL45C.GL_RESET_NOTIFICATION_STRATEGY;
import static org.lwjgl.opengl.GL45C.glGetGraphicsResetStatus;
import static org.lwjgl.opengl.GL45C.glGetInteger;

import org.junit.jupiter.api.Test;

/**
 * The headless device's context is made to learn of a GPU reset: without a reset notification strategy a GL
 * context's glGetGraphicsResetStatus never reports one (GlContext.wasReset), and a reset would pass unnoticed
 * except through its callers' errors. (The window's context: WindowTest.)
 */
class GpuResetNoticeTest {

  @Test
  void theDevicesContextLosesItselfOnAResetAndSaysSo() {
    GlDevice device = GlDevice.acquire();
    try {
      assertThat(device.call(() -> glGetInteger(GL_RESET_NOTIFICATION_STRATEGY)))
          .as(device.description()).isEqualTo(GL_LOSE_CONTEXT_ON_RESET);
      assertThat(device.call(() -> glGetGraphicsResetStatus())).isEqualTo(GL_NO_ERROR);
      assertThat(device.description()).contains("told of GPU resets");
    } finally {
      device.release();
    }
  }
}
