package dev.zoomorph.audio.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.audio.AudioInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo as {@code audio/run} runs it: the meter, its usage, and its errors as one line with an exit status. */
class AudioMeterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AudioMeter.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theMeterShowsTheClicksAndTheirTempo() {
    assertThat(run("--clicks", "128", "--seconds", "8")).isZero();
    List<String> lines = outLines();
    assertThat(lines).hasSizeBetween(75, 81); // ten a second
    assertThat(lines.stream().filter(line -> line.contains("ONSET"))).hasSizeGreaterThanOrEqualTo(15);
    assertThat(lines.get(lines.size() - 1)).matches(".*12[789]\\.\\d bpm.*");
  }

  @Test
  void helpIsTheUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: audio/run")
        .contains("--clicks=BPM", "--track=FILE", "--device=NAME", "--list", "--seconds=N").doesNotContain("--version");
    assertThat(errLines()).isEmpty();
  }

  @Test
  void aBadArgumentIsOneLineAndExitStatusTwo() {
    assertThat(run("--seconds", "soon")).isEqualTo(2);
    assertThat(errLines()).containsExactly("audio/run: Invalid value for option '--seconds': 'soon' is not a double",
        "Try 'audio/run --help'");
    err.reset();
    assertThat(run("--clicks", "0")).isEqualTo(2);
    assertThat(errLines()).containsExactly("audio/run: --clicks must be more than 0 and at most 1000, was 0.0",
        "Try 'audio/run --help'");
    err.reset();
    assertThat(run("--clicks", "128", "--list")).isEqualTo(2);
    assertThat(errLines()).hasSize(2).first().asString().startsWith("audio/run: ").contains("mutually exclusive");
    assertThat(outLines()).isEmpty();
  }

  @Test
  void aDeviceThatCannotBeOpenedIsOneLineAndExitStatusOne() {
    assertThat(run("--device", "no such device here")).isEqualTo(1);
    assertThat(errLines()).hasSize(1).first().asString().startsWith("audio/run: ").contains("no such device here");
  }

  @Test
  void theListSaysSoWhenThereAreNoDevices() {
    assertThat(run("--list")).isZero();
    List<String> expected = AudioInput.devices().isEmpty() ? List.of(AudioInput.NO_DEVICES)
        : AudioInput.devices().stream().map(d -> d.name() + "  (" + d.description() + ")").toList();
    assertThat(outLines()).isEqualTo(expected);
  }
}
