package dev.zoomorph.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of every child JVM a test starts through {@link ChildJvm}: {@code LeakReportingMain REPORTS MAIN
 * ARGS…} listens for Netty leaks (at the paranoid level ChildJvm sets), runs {@code MAIN} with {@code ARGS}, and when
 * the JVM shuts down (an exit, Ctrl-C, SIGTERM) collects garbage, polls the leak detector and writes what it found
 * into the folder {@code REPORTS}, where the parent's {@link LeakFailingExtension} turns it into a failure.
 */
public final class LeakReportingMain {
  private LeakReportingMain() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: LeakReportingMain REPORT_FOLDER MAIN_CLASS [ARGS...]");
    }
    LeakFailingExtension.install();
    Path reports = Path.of(args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> report(reports), "zoomorph-leak-report"));
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    main.setAccessible(true); // a test's main class may be package-private
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void report(Path reports) {
    if (!LeakFailingExtension.nettyUsed()) {
      return;
    }
    LeakFailingExtension.pollForLeaks();
    List<String> leaks = LeakFailingExtension.drain(leak -> true);
    if (leaks.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(reports);
      Files.writeString(reports.resolve("pid-" + ProcessHandle.current().pid() + ".txt"),
          String.join("\n\n", leaks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.err.println("zoomorph-testing: " + leaks.size() + " Netty leak(s) in this JVM, reported to " + reports);
  }
}
