package dev.zoomorph.audio;

/**
 * Onsets from spectral flux with an adaptive threshold. Each step gets the flux of one analysis frame (the mean
 * rise of log-compressed magnitudes over some bins) and decides about the frame before it, which is an onset when it
 * is a local peak, above {@link #LAMBDA} times the mean flux of the {@link #HISTORY_SECONDS} before it plus
 * {@link #DELTA}, and at least {@link #MIN_GAP_SECONDS} after the previous onset. Deciding one frame late is the one
 * frame of look-ahead a peak needs. The first half of the history only sets the threshold, so the noise floor's
 * flux is known before a peak is judged against it. Not thread-safe.
 */
final class OnsetDetector {
  /** How far back the adaptive threshold averages. */
  static final double HISTORY_SECONDS = 0.4;
  /** A peak must be this many times the recent mean… */
  static final double LAMBDA = 1.6;
  /** …plus this (flux is a mean log-magnitude rise per bin: compressed noise stays well below it). */
  static final double DELTA = 0.08;
  /** Onsets closer together than this are one. */
  static final double MIN_GAP_SECONDS = 0.05;

  private final double[] history;
  private final int minGap;
  private double sum;
  private int next;
  private int filled;
  private double previous;
  private double current;
  private int sinceOnset = Integer.MAX_VALUE / 2;
  private double novelty;

  /** Stepped every {@code stepSeconds}. */
  OnsetDetector(double stepSeconds) {
    this.history = new double[Math.max(2, (int) Math.round(HISTORY_SECONDS / stepSeconds))];
    this.minGap = (int) Math.round(MIN_GAP_SECONDS / stepSeconds);
  }

  /** Takes the newest frame's flux; whether the frame before it was an onset. */
  boolean accept(double flux) {
    double candidate = current;
    double mean = filled == 0 ? 0 : sum / filled;
    boolean peak = candidate > previous && candidate >= flux;
    boolean onset = peak && candidate > LAMBDA * mean + DELTA && sinceOnset >= minGap
        && filled >= history.length / 2;
    novelty = Math.max(0, candidate - mean);
    sinceOnset = onset ? 1 : sinceOnset + 1;
    sum += candidate - history[next];
    history[next] = candidate;
    next = (next + 1) % history.length;
    if (next == 0) {
      sum = 0; // once a round, so rounding errors cannot pile up over hours
      for (double value : history) {
        sum += value;
      }
    }
    filled = Math.min(filled + 1, history.length);
    previous = candidate;
    current = flux;
    return onset;
  }

  /** How far the decided frame's flux rose above the recent mean: the onset strength beat tracking follows. */
  double novelty() {
    return novelty;
  }
}
