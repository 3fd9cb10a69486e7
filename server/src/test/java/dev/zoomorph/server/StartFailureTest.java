package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.GlUnavailableException;
import dev.zoomorph.render.WindowOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a show can fail to start is its own {@link ServeException.Cause}, with the setting to change: named as the
 * builder's method to a program, as the option to the CLI.
 */
@Timeout(60)
class StartFailureTest {
  @TempDir Path dir;

  private static ShowBuilder small() {
    return Zoomorph.show("default").backend(Backend.CPU).size(16, 16);
  }

  private static ServeException failsWith(ShowBuilder builder, ServeException.Cause cause, String text) {
    ServeException failed = catchThrowableOfType(ServeException.class, builder::start);
    assertThat(failed.failed()).isEqualTo(cause);
    assertThat(failed).hasMessageStartingWith(text);
    return failed;
  }

  @Test
  void aTakenPortAMissingMidiDeviceAWindowWithoutGlAndABadModelAreTypedErrors() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ServeException failed = failsWith(small().serve(port), ServeException.Cause.HTTP_PORT,
          "serve(" + port + "): cannot listen on 127.0.0.1:" + port);
      assertThat(failed.commandLineMessage()).startsWith("--port " + port + ": cannot listen on 127.0.0.1:" + port)
          .endsWith("(choose another port)");
    }
    // 192.0.2.1 is for documentation (RFC 5737): no machine has it. The host is blamed, not the port, whichever
    // server (OSC first, then HTTP) tries it first.
    String notHere = "host(\"192.0.2.1\"): not an address of this machine (its addresses: ";
    assertThat(failsWith(small().host("192.0.2.1").serve(0).osc(0), ServeException.Cause.HOST, notHere)
        .commandLineMessage()).startsWith("--host 192.0.2.1: not an address of this machine");
    failsWith(small().host("192.0.2.1").serve(0), ServeException.Cause.HOST, notHere);
    assertThat(ServeException.Cause.HOST.isUsage()).isTrue();
    failsWith(small().midi("no such device anywhere"), ServeException.Cause.MIDI_DEVICE,
        "midi(\"no such device anywhere\"): no MIDI input matches 'no such device anywhere'");
    // The devices are listed (this test JVM has no sound server, so none on most machines).
    failsWith(small().audio("no such microphone"), ServeException.Cause.AUDIO_DEVICE,
        "audio(\"no such microphone\"): no audio capture device matches 'no such microphone'; devices: ");
    assertThat(ServeException.Cause.AUDIO_DEVICE.isUsage()).isTrue();
    assertThat(failsWith(small().window(WindowOptions.windowed("test")).windowOpener(options -> {
      throw new GlUnavailableException("no GLFW here");
    }), ServeException.Cause.WINDOW, "window(…): ").commandLineMessage()).startsWith("--window: ");

    // A preset whose model file is garbage is refused when it is loaded, naming the file: a PresetException.
    Path broken = dir.resolve("broken.safetensors");
    Files.writeString(broken, "not a model", StandardCharsets.UTF_8);
    Path preset = dir.resolve("broken.json");
    Files.writeString(preset, "{\"name\": \"broken\", \"model\": {\"kind\": \"model\", \"name\": \""
        + broken + "\"}, \"trajectory\": {\"kind\": \"random-walk\", \"seed\": 1}}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Zoomorph.show(preset.toString())).isInstanceOf(PresetException.class)
        .hasMessageContaining("broken.json").hasMessageContaining("broken.safetensors");
    assertThat(ServeException.Cause.MIDI_DEVICE.option()).isEqualTo("--midi");
    assertThat(ServeException.Cause.HTTP_PORT.isUsage()).isFalse();
    assertThat(ServeException.Cause.PRESET.isUsage()).isTrue();
  }
}
