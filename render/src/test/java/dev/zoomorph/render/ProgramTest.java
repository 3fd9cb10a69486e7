package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A shader the driver rejects is a typed error naming the file, and leaves no GL object behind. */
class ProgramTest {

  @Test
  void aShaderThatDoesNotCompileIsAShaderBuildExceptionNamingTheFile() {
    GlDevice device = GlDevice.acquire();
    try {
      int before = device.call(device.objects()::live);
      assertThatThrownBy(() -> device.run(() -> Program.compute(device.objects(), "", "broken.comp")))
          .isInstanceOf(ShaderBuildException.class)
          .hasMessageStartingWith("compiling broken.comp failed: ");
      assertThat(device.call(device.objects()::live)).isEqualTo(before);
    } finally {
      device.release();
    }
  }
}
