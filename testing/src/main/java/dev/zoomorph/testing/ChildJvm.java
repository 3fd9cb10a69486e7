package dev.zoomorph.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs for tests that run a command the way a user would: the same JDK and class path as the tests, Netty's
 * leak detector at the paranoid level with leaks reported to the parent ({@link LeakReportingMain}), Ctrl-C working
 * ({@link #interrupt}), and never outliving the test JVM.
 */
public final class ChildJvm {
  private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

  static {
    // A test that timed out leaves its child behind: the test JVM takes it down when it exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
        "zoomorph-child-reaper"));
  }

  private ChildJvm() {}

  /**
   * {@code env --default-signal=INT java -cp CLASSPATH … JVM_OPTIONS LeakReportingMain … MAIN_CLASS ARGS}.
   *
   * <p>{@code env --default-signal=INT} undoes an ignored SIGINT: a JVM started from a background job of a shell
   * (CI, {@code mvn … &}) inherits SIGINT ignored, and the JVM then leaves it ignored, so Ctrl-C would do nothing.
   */
  public static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
        "-Dio.netty.leakDetection.level=paranoid"));
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    command.addAll(jvmOptions);
    command.add(LeakReportingMain.class.getName());
    command.add(LeakFailingExtension.CHILD_REPORTS.toString());
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@code builder}'s process, which the test JVM destroys if it is still running when it exits. */
  public static Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    STARTED.add(process);
    process.onExit().thenRun(() -> STARTED.remove(process));
    return process;
  }

  /** A finished child: its exit code and what it wrote to standard output and error. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code mainClass} in a child JVM with {@code environment} added to this one's, and waits for it at most
   * {@code limit}; a child still running then is killed and the test fails.
   */
  public static Result run(Duration limit, Map<String, String> environment, List<String> jvmOptions,
      String mainClass, String... args) {
    Path log;
    try {
      log = Files.createTempFile("zoomorph-child", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, mainClass, args))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = start(builder);
      if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(mainClass + " did not finish within " + limit + "; its output:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + mainClass, e);
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a temporary file; the OS cleans it up
      }
    }
  }

  /**
   * Presses Ctrl-C in {@code process}: sends it SIGINT, as a terminal does (not SIGTERM, which {@link
   * Process#destroy} sends).
   */
  public static void interrupt(Process process) {
    signal(process, "INT");
  }

  /** SIGKILL: the process dies where it is, running no shutdown hooks (a crash, the OOM killer, a power cut). */
  public static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  /** Stops {@code process} where it is (SIGSTOP), so a test can look at what it left before it goes on. */
  public static void pause(Process process) {
    signal(process, "STOP");
  }

  private static void signal(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
