package dev.zoomorph.render.record;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar (me.tongfei progressbar): frames done of total, frames per second and the time left.
 * Frames found complete when resuming count as done from the start, so the rate and ETA cover only new work.
 */
public final class ConsoleProgress implements ProgressListener, AutoCloseable {
  private final String task;
  private ProgressBar bar;

  /** A bar labelled {@code task}, e.g. "record". */
  public ConsoleProgress(String task) {
    this.task = task;
  }

  @Override
  public synchronized void progress(int done, int total) {
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total)
          .startsFrom(done, Duration.ZERO)
          .setUnit(" frames", 1)
          .showSpeed()
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .continuousUpdate()
          .build();
    }
    bar.maxHint(total);
    bar.stepTo(done);
  }

  /** Draws the final state and releases the terminal. */
  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
