package dev.zoomorph.audio.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo as {@code audio/run --clicks 128 --seconds 8} runs it. */
class AudioMeterTest {
  @Test
  void theMeterShowsTheClicksAndTheirTempo() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AudioMeter.run(new String[] {"--clicks", "128", "--seconds", "8"}, new PrintStream(bytes, true,
        StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSizeBetween(75, 81); // ten a second
    assertThat(lines.stream().filter(line -> line.contains("ONSET"))).hasSizeGreaterThanOrEqualTo(15);
    assertThat(lines.get(lines.size() - 1)).matches(".*12[789]\\.\\d bpm.*");
  }
}
