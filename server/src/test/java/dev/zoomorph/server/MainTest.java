package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.preset.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's handling of bad arguments: one line naming the problem and the option, then where the help is,
 * and exit code 2; a failure at run time is one line and exit code 1.
 */
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
  void aPresetFolderThatIsAFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("presets"), "not a folder");
    assertThat(run("serve", "--preset-dir", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--preset-dir " + file + " is a file, not a folder");
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
    assertThat(err.toString()).contains("no bundled preset named 'nope' (and no file of that name); bundled: "
        + String.join(", ", Presets.bundled())).contains("deep-zoom, default, digits");
  }

  @Test
  void aBrokenPlaylistIsAUsageErrorNamingTheFileTheEntryAndTheField(@TempDir Path dir) throws IOException {
    Path playlist = dir.resolve("gallery.json");
    Files.writeString(playlist, "{\"entries\": [{\"preset\": \"default\", \"seconds\": -1}]}");
    assertUsageError("serve", "playlist " + playlist + ": entries[0].seconds: must be more than 0 (and at most "
        + "10000000), was -1.0", "serve", "--playlist", playlist.toString(), "--port", "0");
    assertUsageError("serve", "playlist " + dir.resolve("none.json") + " does not exist", "serve", "--playlist",
        dir.resolve("none.json").toString());
    assertUsageError("serve", "--playlist and --preset cannot be used together", "serve", "--playlist",
        playlist.toString(), "--preset", "drift");
  }

  @Test
  void anUnknownSubcommandOrNoneIsRefused() {
    assertThat(run("fly")).isNotZero();
    assertThat(err.toString()).contains("fly");
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("zoomorph: missing subcommand").contains("Try 'zoomorph --help'");
  }

  /** What the user sees for a usage error: exactly the problem's line and the Try line. */
  private void assertUsageError(String command, String problem, String... args) {
    err.getBuffer().setLength(0);
    assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
    assertThat(err.toString().split("\\R")).as(err.toString())
        .containsExactly("zoomorph " + command + ": " + problem, "Try 'zoomorph " + command + " --help'");
  }

  @Test
  void usageErrorsAreOneLineNamingTheOptionThenWhereTheHelpIs() {
    assertUsageError("record", "Missing required option: '--out=<out>'", "record", "--size", "64x64",
        "--seconds", "1");
    assertUsageError("sample", "Invalid value for option '--size': expected WIDTHxHEIGHT such as 512x512, was "
        + "'big'", "sample", "--model", "fashion-cppn-vae-gan", "--size", "big", "--out", "x");
    assertUsageError("serve", "Unknown option: '--nope'; did you mean '--no-osc'?", "serve", "--nope");
    assertUsageError("morph", "--frames must be 2 or more, was 1", "morph", "--model", "m", "--from", "a.png",
        "--to", "b.png", "--out", "m.gif", "--frames", "1");
    assertThat(out.toString()).as("no usage text").isEmpty();
  }

  @Test
  void aFailureAtRunTimeIsOneLineAndExitCodeOne() {
    assertThat(run("sample", "--model", "no-such-model", "--out", "unused")).isEqualTo(1);
    assertThat(err.toString().split("\\R")).hasSize(1);
    assertThat(err.toString()).startsWith("zoomorph sample: no model file no-such-model");
  }

  @Test
  void everyCommandThatOffersVersionPrintsTheSameVersion() {
    assertThat(run("--version")).isZero();
    String version = out.toString();
    assertThat(version).isEqualTo("zoomorph 0.1.0" + System.lineSeparator());
    List<CommandLine> commands = new ArrayList<>(Main.commandLine().getSubcommands().values());
    for (int i = 0; i < commands.size(); i++) {
      commands.addAll(commands.get(i).getSubcommands().values());
    }
    List<String> offering = commands.stream().filter(c -> c.getCommandSpec().findOption("--version") != null)
        .map(c -> c.getCommandSpec().qualifiedName(" ").substring("zoomorph ".length())).distinct().toList();
    assertThat(offering).contains("serve", "train", "midi list", "bench cppn");
    for (String command : offering) {
      out.getBuffer().setLength(0);
      assertThat(run((command + " --version").split(" "))).as(command).isZero();
      assertThat(out.toString()).as(command).isEqualTo(version);
    }
  }

  @Test
  void helpListsServe() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("serve");
  }
}
