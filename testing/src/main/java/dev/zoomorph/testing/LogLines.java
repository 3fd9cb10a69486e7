package dev.zoomorph.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What some classes log while open, as {@code LEVEL message} lines: the tests' logger (slf4j-simple) writes to
 * {@link System#err} as it is when each line is logged, so this swaps it for a buffer and puts it back on close.
 */
public final class LogLines implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final List<String> loggers;

  public LogLines(Class<?>... logging) {
    this(Arrays.stream(logging).map(Class::getName).toArray(String[]::new));
  }

  /** By the loggers' names: for a library's class that is not public, e.g. Reactor Netty's. */
  public LogLines(String... loggerNames) {
    this.loggers = Arrays.stream(loggerNames).map(name -> " " + name + " - ").toList();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** The lines logged so far by the classes, e.g. {@code WARN playlist ...}. */
  public List<String> lines() {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .flatMap(line -> loggers.stream().filter(line::contains).map(logger -> {
          String head = line.substring(0, line.indexOf(logger));
          String level = head.substring(head.lastIndexOf(' ') + 1);
          return level + " " + line.substring(line.indexOf(logger) + logger.length());
        }))
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
    System.err.print(captured.toString(StandardCharsets.UTF_8)); // still in the test's output
  }
}
