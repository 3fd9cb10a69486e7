package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's handling of bad arguments: a message naming the problem and a non-zero status. */
class MainTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(out, true));
    return commandLine.execute(args);
  }

  @Test
  void aZeroSideIsRefused() {
    assertThat(run("serve", "--size", "0x5")).isNotZero();
    assertThat(err.toString()).contains("--size").contains("0x5").contains("between 1 and 16384");
  }

  @Test
  void aMalformedSizeIsRefused() {
    assertThat(run("serve", "--size", "big")).isNotZero();
    assertThat(err.toString()).contains("WIDTHxHEIGHT").contains("big");
  }

  @Test
  void aNegativePortIsRefused() {
    assertThat(run("serve", "--port", "-1")).isNotZero();
    assertThat(err.toString()).contains("--port must be between 0 and 65535, was -1");
  }

  @Test
  void anOutOfRangeFrameRateIsRefused() {
    assertThat(run("serve", "--fps", "0")).isNotZero();
    assertThat(err.toString()).contains("--fps must be between 1 and 240, was 0");
  }

  @Test
  void windowPlacementWithoutAWindowIsRefused() {
    assertThat(run("serve", "--fullscreen")).isNotZero();
    assertThat(err.toString()).contains("--monitor and --fullscreen need --window");
    assertThat(run("serve", "--window", "--monitor", "-1")).isNotZero();
    assertThat(err.toString()).contains("--monitor must be 0 or more, was -1");
  }

  @Test
  void anUnknownPresetIsRefusedByName() {
    assertThat(run("serve", "--preset", "nope", "--port", "0")).isNotZero();
    assertThat(err.toString()).contains("no bundled preset named 'nope'");
  }

  @Test
  void anUnknownSubcommandOrNoneIsRefused() {
    assertThat(run("fly")).isNotZero();
    assertThat(err.toString()).contains("fly");
    assertThat(run()).isNotZero();
    assertThat(err.toString()).contains("missing subcommand").contains("serve");
  }

  @Test
  void helpListsServe() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("serve");
  }
}
