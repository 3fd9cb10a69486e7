package dev.zoomorph.output;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Progress of a long command (record, train, sample, morph) on standard error: work done of total, the rate and the
 * time left. Work found done at the start (resuming) counts as done, so the rate and ETA cover only new work.
 *
 * <p>On a terminal it is a bar redrawn in place (me.tongfei progressbar, drawn by {@link #barLine}: the numbers and
 * the message as a line has them, the bar only where there is room). Anywhere else — a log file, a pipe, CI —
 * carriage-return redraws would pile up, so it writes one plain line at every tenth of the work, or after
 * {@link #LINE_INTERVAL} without one, and at the end. {@link Style#OFF} ({@code --quiet}) writes nothing.
 */
public final class ConsoleProgress implements AutoCloseable {
  /** How progress shows. */
  public enum Style {
    /** A bar redrawn in place: for terminals. */
    BAR,
    /** One line per tenth of the work (or per {@link #LINE_INTERVAL}): for logs and pipes. */
    LINES,
    /** Nothing. */
    OFF;

    /** {@link #OFF} when quiet, else {@link #BAR} when standard error is a terminal, else {@link #LINES}. */
    public static Style forConsole(boolean quiet) {
      if (quiet) {
        return OFF;
      }
      return standardErrorIsTerminal() ? BAR : LINES;
    }
  }

  /** The longest a log goes without a progress line while work is under way. */
  public static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

  /** A bar narrower than this says little: on a narrow terminal the numbers get its room. */
  static final int MIN_BAR_COLUMNS = 10;
  /** The widest a bar line is drawn, however wide the terminal. */
  static final int MAX_BAR_LINE_COLUMNS = 140;

  private final String task;
  private final String unit;
  private final Style style;
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private @Nullable ProgressBar bar;
  private String message = "";
  private boolean started;
  private long startDone;
  private long startNanos;
  private long lastLineNanos;
  private long lastTenth;
  private long lastLineDone = -1;
  private long done;
  private long total;
  private boolean endPrinted;

  /** Progress of {@code task} counted in {@code unit}s (e.g. "frames"), shown on standard error. */
  public ConsoleProgress(String task, String unit, Style style) {
    this(task, unit, style, System.err, System::nanoTime);
  }

  /** As above, onto {@code out}, timed by {@code nanoClock}. */
  public ConsoleProgress(String task, String unit, Style style, PrintStream out, LongSupplier nanoClock) {
    this.task = task;
    this.unit = unit;
    this.style = style;
    this.out = out;
    this.nanoClock = nanoClock;
  }

  /**
   * Standard error is a terminal: the JVM has a console (stdin and stdout are terminals) and, where Linux tells,
   * file descriptor 2 is a terminal device too (not redirected to a file or pipe).
   */
  static boolean standardErrorIsTerminal() {
    if (System.console() == null) {
      return false;
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
      // Cannot tell: trust the console.
    }
    return true;
  }

  /** {@code done} of {@code total} units are complete. */
  public synchronized void update(long done, long total) {
    this.done = done;
    this.total = total;
    long now = nanoClock.getAsLong();
    if (!started) {
      started = true;
      startDone = done;
      startNanos = now;
      lastLineNanos = now;
      lastTenth = tenth(done, total);
      if (style == Style.BAR) {
        // The renderer reads the bar's own state only: the bar's thread never waits for this object's lock.
        bar = new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .startsFrom(done, Duration.ZERO)
            .setRenderer((state, width) -> barLine(task, unit, state.getCurrent(), state.getMax(), state.getStart(),
                state.getElapsedAfterStart().toNanos() / 1e9, state.getExtraMessage(),
                Math.min(width, MAX_BAR_LINE_COLUMNS)))
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .continuousUpdate()
            .build();
        bar.setExtraMessage(message);
      }
      return;
    }
    if (bar != null) {
      bar.maxHint(total);
      bar.stepTo(done);
      return;
    }
    if (style == Style.LINES) {
      long tenth = tenth(done, total);
      if (done >= total || tenth > lastTenth || now - lastLineNanos >= LINE_INTERVAL.toNanos()) {
        lastTenth = tenth;
        line(now);
      }
    }
  }

  /** Extra text after the numbers (e.g. the losses of a training step); shown with the next redraw or line. */
  public synchronized void message(String text) {
    message = text;
    if (bar != null) {
      bar.setExtraMessage(text);
    }
  }

  private static long tenth(long done, long total) {
    return total <= 0 ? 10 : Math.min(10, done * 10 / total);
  }

  private void line(long now) {
    if (done >= total) {
      if (endPrinted) {
        return;
      }
      endPrinted = true;
    }
    lastLineNanos = now;
    lastLineDone = done;
    out.println(task + ": " + status(unit, done, total, startDone, (now - startNanos) / 1e9, message));
    out.flush();
  }

  /**
   * The numbers of a progress line, then the message: {@code 45% (450/1000 steps), 12.50 steps/s, ETA 0:44,
   * g=0.7 d=0.6}. The rate and the ETA count only the work done since {@code startDone}, over {@code seconds}.
   */
  private static String status(String unit, long done, long total, long startDone, double seconds, String message) {
    double rate = seconds > 0 ? (done - startDone) / seconds : 0;
    String eta = rate > 0 ? duration((long) Math.ceil((total - done) / rate)) : "unknown";
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d%% (%d/%d %s), %.2f %s/s, ",
        total <= 0 ? 100 : done * 100 / total, done, total, unit, rate, unit));
    text.append(done >= total ? "done in " + duration(Math.round(seconds)) : "ETA " + eta);
    if (!message.isEmpty()) {
      text.append(", ").append(message);
    }
    return text.toString();
  }

  /**
   * A bar line of {@code width} columns: {@code task [=====>    ] } and the {@link #status}. Where the bar would be
   * narrower than {@link #MIN_BAR_COLUMNS} it is left out, then the task's name: the numbers and the message are
   * what a narrow terminal keeps. Shorter lines are padded, so a redraw covers a longer one before it.
   */
  static String barLine(String task, String unit, long done, long total, long startDone, double seconds,
      String message, int width) {
    String status = status(unit, done, total, startDone, seconds, message);
    int barColumns = width - task.length() - status.length() - " [] ".length();
    String line;
    if (barColumns >= MIN_BAR_COLUMNS) {
      int filled = total <= 0 ? barColumns : (int) (barColumns * Math.min(done, total) / total);
      line = task + " [" + "=".repeat(filled) + (filled < barColumns ? ">" + " ".repeat(barColumns - filled - 1) : "")
          + "] " + status;
    } else {
      String named = task + ": " + status;
      line = named.length() <= width ? named : status;
    }
    return line.length() < width ? line + " ".repeat(width - line.length()) : line;
  }

  private static String duration(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  /**
   * Shows the final state (a bar's last draw, or a closing line where work was done since the last line: work
   * stopped short, by Ctrl-C say, right after a line has that line say where) and releases the console.
   */
  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    } else if (style == Style.LINES && started && !endPrinted && done > startDone && done != lastLineDone) {
      line(nanoClock.getAsLong());
    }
  }
}
