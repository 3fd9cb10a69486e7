package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real OSC peer for tests: Debian liblo-tools' {@code oscsend}, sending one message to 127.0.0.1. */
final class OscSend {

  private OscSend() {}

  /** Sends {@code address} with OSC type tags {@code types} and {@code values}; fails unless oscsend exits 0. */
  static void send(int port, String address, String types, String... values) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("oscsend", "127.0.0.1", String.valueOf(port), address, types));
    command.addAll(List.of(values));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("oscsend finished").isTrue();
    assertThat(process.exitValue()).as("oscsend %s: %s", command,
        new String(process.getInputStream().readAllBytes())).isZero();
  }
}
