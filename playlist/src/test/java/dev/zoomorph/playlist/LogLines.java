package dev.zoomorph.playlist;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a class of this module logs while open, as {@code LEVEL message} lines: the tests' logger (slf4j-simple) writes
 * to {@link System#err} as it is when each line is logged, so this swaps it for a buffer and puts it back on close.
 */
final class LogLines implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final String logger;

  LogLines(Class<?> logging) {
    this.logger = " " + logging.getName() + " - ";
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** The lines logged so far by the class, e.g. {@code INFO playlist: ...}. */
  List<String> lines() {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> line.contains(logger))
        .map(line -> {
          String head = line.substring(0, line.indexOf(logger));
          return head.substring(head.lastIndexOf(' ') + 1) + " " + line.substring(line.indexOf(logger) + logger.length());
        })
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
    System.err.print(captured.toString(StandardCharsets.UTF_8)); // still in the test's output
  }
}
