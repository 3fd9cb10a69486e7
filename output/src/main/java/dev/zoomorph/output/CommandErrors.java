package dev.zoomorph.output;

import java.util.List;
import picocli.CommandLine;

/**
 * How every {@code zoomorph} command reports a failure: one line that names the problem, never a stack trace. A
 * mistake on the command line (a missing option, a bad value) prints that line and where the help is, exit code 2;
 * a failure at run time (a model that does not load, an unreadable image, a disk error) prints the line, exit code 1.
 * The server's and the trainer's commands throw; this is where what they throw is reported.
 */
public final class CommandErrors {
  private CommandErrors() {}

  /** Sets {@code commandLine}'s handlers to report errors as one line; returns it. */
  public static CommandLine reportedAsOneLine(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler((error, args) -> {
      CommandLine failed = error.getCommandLine();
      String command = failed.getCommandSpec().qualifiedName();
      failed.getErr().println(command + ": " + oneLine(described(error)));
      failed.getErr().println("Try '" + command + " --help'");
      return failed.getCommandSpec().exitCodeOnInvalidInput();
    });
    commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
      String message = error.getMessage() != null ? error.getMessage() : error.toString();
      failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(message));
      return failed.getCommandSpec().exitCodeOnExecutionException();
    });
    return commandLine;
  }

  /**
   * Picocli's message, with the nearest names for a mistyped command or option: a command that is not one is an
   * "Unmatched argument at index 0" to picocli, which is true but not what the person meant.
   */
  private static String described(CommandLine.ParameterException error) {
    if (!(error instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return error.getMessage();
    }
    List<String> similar = unmatched.getSuggestions().stream().limit(3).map(name -> "'" + name + "'").toList();
    String hint = similar.isEmpty() ? "" : "; did you mean " + String.join(" or ", similar) + "?";
    if (unmatched.isUnknownOption()) {
      return error.getMessage() + hint;
    }
    if (!error.getCommandLine().getSubcommands().isEmpty()) {
      return "Unknown command: '" + unmatched.getUnmatched().get(0) + "'" + hint;
    }
    return error.getMessage();
  }

  /** Messages that span lines (a preset's several problems) are joined, so an error stays one line. */
  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
