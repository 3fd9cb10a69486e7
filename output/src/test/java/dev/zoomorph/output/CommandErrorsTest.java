package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandErrorsTest {

  @Command(name = "zoomorph", subcommands = Fail.class)
  static final class Top {}

  /** Fails at run time with the message it is given ("" for an exception without one). */
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    @Option(names = "--message", required = true) String message;
    @Option(names = "--size", converter = FrameSize.Converter.class) FrameSize size;

    @Override
    public Integer call() {
      throw message.isEmpty() ? new NullPointerException() : new IllegalStateException(message);
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CommandErrors.reportedAsOneLine(new CommandLine(new Top()));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(args);
  }

  @Test
  void aFailureAtRunTimeIsOneLineAndExitCodeOne() {
    assertThat(run("fail", "--message", "model m: truncated\n  and its header\n  is bad")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("zoomorph fail: model m: truncated; and its header; is bad"
        + System.lineSeparator());
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsType() {
    assertThat(run("fail", "--message", "")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("zoomorph fail: java.lang.NullPointerException" + System.lineSeparator());
  }

  @Test
  void aUsageErrorIsOneLineThenWhereTheHelpIsAndExitCodeTwo() {
    assertThat(run("fail", "--message", "x", "--size", "12x")).isEqualTo(2);
    assertThat(err.toString().split("\\R")).containsExactly(
        "zoomorph fail: Invalid value for option '--size': expected WIDTHxHEIGHT such as 512x512, was '12x'",
        "Try 'zoomorph fail --help'");
  }

  @Test
  void aMistypedCommandOrOptionIsAnsweredWithTheNearestNames() {
    assertThat(run("fails", "--message", "x")).isEqualTo(2);
    assertThat(err.toString().split("\\R")).containsExactly("zoomorph: Unknown command: 'fails'; did you mean 'fail'?",
        "Try 'zoomorph --help'");
    err.getBuffer().setLength(0);
    assertThat(run("fail", "--message", "x", "--sise", "8x8")).isEqualTo(2);
    assertThat(err.toString().split("\\R")[0])
        .isEqualTo("zoomorph fail: Unknown options: '--sise', '8x8'; did you mean '--size'?");
  }
}
