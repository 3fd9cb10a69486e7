package dev.zoomorph.output;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C during a command's work (a recording, an assembly, a training run, a morph): rather than the JVM dying
 * mid-write, the work is asked to stop after the frame or step under way, and the JVM exits only once the command is
 * done, so what it wrote is complete and its last lines are out. Exit status 130 is the command's to return.
 *
 * <pre>{@code
 * try (CtrlC ctrlC = CtrlC.stops(recording::stop, "record")) {
 *   Result result;
 *   try {
 *     result = recording.run();
 *   } finally {
 *     ctrlC.workEnded();
 *   }
 *   ... // the summary, then the exit status
 * }
 * }</pre>
 */
public final class CtrlC implements AutoCloseable {
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  private CtrlC(Runnable stop, String command) {
    this.hook = new Thread(() -> {
      stop.run();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, command + "-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** From now until {@link #close}, Ctrl-C calls {@code stop} and the JVM waits for {@link #close}. */
  public static CtrlC stops(Runnable stop, String command) {
    return new CtrlC(stop, command);
  }

  /**
   * The work has ended, well or not: a later Ctrl-C ends the JVM as usual, and no hook of a finished run is left in
   * it. When Ctrl-C has already come, the JVM waits for {@link #close} as before.
   */
  public void workEnded() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C came: the hook lets the JVM exit once the command is done.
    }
  }

  /** The command is done (its output written, its last lines out): a Ctrl-C under way may end the JVM. */
  @Override
  public void close() {
    workEnded();
    closed.countDown();
  }
}
