package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture end to end with no sound card: a PulseAudio daemon of the test's own (a user-level server on a unix
 * socket in a temporary folder, no network, exiting when idle) with a null sink whose monitor is the default
 * capture source; {@code paplay} plays a 128 bpm click track into the sink; {@code zoomorph serve --audio default
 * --preset audio-pulse} in a child JVM captures it through Java Sound (ALSA's default device, routed to PulseAudio by
 * libasound2-plugins). {@code /api/state} shows the onsets heard, the tracked tempo and the controls the bindings
 * moved; the preset's {@code tempo.source: audio} brings the show's own tempo to the music's.
 */
@Timeout(240)
class AudioCaptureEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor();
    }
  }

  @Test
  void serveHearsAClickTrackPlayedIntoPulseAudio() throws Exception {
    Path runtime = Files.createDirectories(dir.resolve("pulse"));
    Path socket = runtime.resolve("native");
    Map<String, String> pulse = Map.of("HOME", runtime.toString(), "XDG_RUNTIME_DIR", runtime.toString(),
        "PULSE_RUNTIME_PATH", runtime.toString(), "PULSE_SERVER", "unix:" + socket);
    start(dir.resolve("pulseaudio.log"), pulse, "timeout", "200", "pulseaudio", "-n", "--daemonize=no",
        "--exit-idle-time=30", "--use-pid-file=no", "--disable-shm=yes", "--log-target=stderr",
        "-L", "module-native-protocol-unix auth-anonymous=1 socket=" + socket,
        "-L", "module-null-sink sink_name=zoomorph rate=48000 channels=1");
    Polling.await(() -> Files.exists(socket), TIMEOUT, () -> log(dir.resolve("pulseaudio.log")));
    assertThat(run(pulse, "pactl", "set-default-source", "zoomorph.monitor")).isZero();

    Path clicks = ClickTrack.wav(dir.resolve("clicks.wav"),
        ClickTrack.pcm(ClickTrack.times(128, 0.1, 60), 60, true));
    Path serveLog = dir.resolve("serve.log");
    start(serveLog, pulse, ChildJvm.command(List.of(), ServeExitStatus.class.getName(), "serve", "--audio",
        "default", "--preset", "audio-pulse", "--port", "0", "--no-osc", "--size", "64x64", "--fps", "10",
        "--backend", "cpu", "--token", "e2e-token").toArray(String[]::new));
    Pattern served = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    // serve prints its audio input a few lines after its address: wait for the whole announcement.
    Polling.await(() -> log(serveLog).contains("Audio: "), TIMEOUT, () -> log(serveLog));
    Matcher port = served.matcher(log(serveLog));
    assertThat(port.find()).isTrue();
    assertThat(log(serveLog)).contains("Audio: 'default [default]', 48000 Hz");
    ApiClient api = new ApiClient(Integer.parseInt(port.group(1)));

    start(dir.resolve("paplay.log"), pulse, "paplay", "-d", "zoomorph", clicks.toString());
    Polling.await(() -> {
      JsonNode state = api.get("/api/state").json();
      JsonNode parameters = state.get("parameters");
      return parameters.get("/zoomorph/audio/onsets").get(0).asLong() >= 16
          && Math.abs(parameters.get("/zoomorph/audio/bpm").get(0).asDouble() - 128) < 2
          && Math.abs(state.get("bpm").asDouble() - 128) < 2;
    }, TIMEOUT, () -> api.get("/api/state").body());
    JsonNode state = api.get("/api/state").json();
    JsonNode audio = state.get("inputs").get("audio");
    assertThat(audio.get("device").asText()).isEqualTo("default [default]");
    assertThat(audio.get("connected").asBoolean()).isTrue();
    assertThat(audio.get("controls").asLong()).as("controls the bindings moved").isGreaterThan(16);
    assertThat(audio.get("rejected").asLong()).isZero();
    assertThat(audio.get("latencyMillis").asDouble()).isBetween(30.0, 200.0);
  }

  private void start(Path log, Map<String, String> environment, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    processes.add(ChildJvm.start(builder));
  }

  private static int run(Map<String, String> environment, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(environment);
    Process process = ChildJvm.start(builder);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
    }
    return process.exitValue();
  }

  private static String log(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
