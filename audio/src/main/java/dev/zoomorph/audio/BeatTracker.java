package dev.zoomorph.audio;

/**
 * Tempo and beat phase from onset strength, frame by frame.
 *
 * <p>It keeps the last {@link #WINDOW_SECONDS} of onset strength (one value per analysis frame). Every
 * {@link #UPDATE_SECONDS} it estimates the beat period from the strength's autocorrelation, weighted toward 120 bpm
 * (a log-Gaussian over tempo, one octave wide, as in Ellis's dynamic-programming beat tracker) and reinforced by the
 * autocorrelation at twice the lag, so that the period and not a multiple of it wins. It then refines period and
 * phase together: the comb of beats through the window that collects the most onset strength. The beat position
 * advances at the estimated tempo between estimates and is moved by less than half a beat at each, so beats are
 * counted continuously. With fewer than two onsets in the last {@link #LOST_SECONDS} the beat is lost (tempo 0) until
 * onsets return. Written by hand because no maintained Java library tracks beats (TarsosDSP is GPL). Not
 * thread-safe.
 */
final class BeatTracker {
  static final double WINDOW_SECONDS = 8;
  static final double UPDATE_SECONDS = 0.1;
  /** Onset strength needed before a first estimate. */
  static final double MIN_SECONDS = 2.5;
  static final double LOST_SECONDS = 4;
  static final double MIN_BPM = 50;
  static final double MAX_BPM = 220;
  private static final double PRIOR_BPM = 120;

  private final double frameRate;
  private final long frameNanos;
  private final double[] strength;
  private final long[] onsetFrames;
  private final int updateEvery;
  private long frames;
  private int onsetCount;
  private int sinceUpdate;
  private double bpm;
  /** The beat position was {@code anchorBeat} at {@code anchorNanos} and moves one beat per {@code periodNanos}. */
  private double anchorBeat;
  private long anchorNanos;
  private double periodNanos;
  private double beat;
  private long lastBeatFired = -1;
  private boolean onBeat;

  /** {@code frameRate} analysis frames a second. */
  BeatTracker(double frameRate) {
    this.frameRate = frameRate;
    this.frameNanos = Math.round(1e9 / frameRate);
    this.strength = new double[(int) Math.ceil(WINDOW_SECONDS * frameRate)];
    this.onsetFrames = new long[64];
    this.updateEvery = Math.max(1, (int) Math.round(UPDATE_SECONDS * frameRate));
  }

  /** One frame at {@code nanos}: its onset strength and whether it was an onset. */
  void accept(double novelty, boolean onset, long nanos) {
    strength[(int) (frames % strength.length)] = novelty;
    frames++;
    if (onset) {
      onsetFrames[onsetCount++ % onsetFrames.length] = frames;
    }
    if (++sinceUpdate >= updateEvery && frames >= MIN_SECONDS * frameRate) {
      sinceUpdate = 0;
      estimate(nanos);
    }
    onBeat = false;
    if (bpm > 0) {
      beat = anchorBeat + (nanos - anchorNanos) / periodNanos;
      long whole = (long) Math.floor(beat);
      if (whole > lastBeatFired) {
        onBeat = true;
        lastBeatFired = whole;
      }
    }
  }

  double bpm() {
    return bpm;
  }

  double beat() {
    return beat;
  }

  boolean onBeat() {
    return onBeat;
  }

  private void estimate(long nanos) {
    if (lost()) {
      bpm = 0;
      return;
    }
    int length = (int) Math.min(frames, strength.length);
    double[] o = window(length);
    int minLag = (int) Math.floor(frameRate * 60 / MAX_BPM);
    int maxLag = Math.min((int) Math.ceil(frameRate * 60 / MIN_BPM), length / 2 - 1);
    if (maxLag <= minLag + 2) {
      return;
    }
    double[] acf = new double[2 * maxLag + 3];
    for (int lag = minLag - 1; lag < acf.length && lag < length; lag++) {
      double sum = 0;
      for (int n = lag; n < length; n++) {
        sum += o[n] * o[n - lag];
      }
      acf[lag] = sum / (length - lag);
    }
    int best = -1;
    double bestScore = 0;
    double[] score = new double[maxLag + 2];
    for (int lag = minLag; lag <= maxLag + 1; lag++) {
      double octaves = Math.log(frameRate * 60 / lag / PRIOR_BPM) / Math.log(2);
      score[lag] = Math.exp(-0.5 * octaves * octaves) * (acf[lag] + 0.5 * acf[2 * lag]);
      if (lag <= maxLag && score[lag] > bestScore) {
        bestScore = score[lag];
        best = lag;
      }
    }
    if (best < 0) {
      return;
    }
    double period = best + parabolicPeak(score[best - 1], score[best], score[best + 1]);
    refine(o, period, nanos);
  }

  /** The comb of beats (period near {@code coarse}, any phase) through the window with the most onset strength. */
  private void refine(double[] o, double coarse, long nanos) {
    int newest = o.length - 1;
    double bestSum = -1;
    double bestPeriod = coarse;
    double bestPhase = 0;
    for (double period = coarse - 0.6; period <= coarse + 0.6; period += 0.05) {
      for (double phase = 0; phase < period; phase += 0.25) {
        double sum = 0;
        for (double at = newest - phase; at >= 0; at -= period) {
          int i = (int) at;
          double f = at - i;
          sum += i + 1 <= newest ? o[i] * (1 - f) + o[i + 1] * f : o[i];
        }
        if (sum > bestSum) {
          bestSum = sum;
          bestPeriod = period;
          bestPhase = phase;
        }
      }
    }
    double newPeriodNanos = bestPeriod * frameNanos;
    double fraction = bestPhase / bestPeriod; // of a beat since the last beat, at the newest frame
    if (bpm == 0) {
      // A first estimate (or one after the beat was lost) goes on from the beats counted, firing none already past.
      anchorBeat = Math.floor(beat) + fraction;
      lastBeatFired = (long) Math.floor(anchorBeat);
    } else {
      double now = anchorBeat + (nanos - anchorNanos) / periodNanos;
      double shift = fraction - (now - Math.floor(now));
      anchorBeat = now + shift - Math.rint(shift);
    }
    anchorNanos = nanos;
    periodNanos = newPeriodNanos;
    bpm = 60e9 / newPeriodNanos;
  }

  /** Onset strength of the window, oldest first, less its mean. */
  private double[] window(int length) {
    double[] o = new double[length];
    double mean = 0;
    for (int k = 0; k < length; k++) {
      o[k] = strength[(int) ((frames - length + k) % strength.length)];
      mean += o[k];
    }
    mean /= length;
    for (int k = 0; k < length; k++) {
      o[k] -= mean;
    }
    return o;
  }

  private boolean lost() {
    int recent = 0;
    long since = frames - Math.round(LOST_SECONDS * frameRate);
    for (int k = 0; k < Math.min(onsetCount, onsetFrames.length); k++) {
      if (onsetFrames[k] > since) {
        recent++;
      }
    }
    return recent < 2;
  }

  /** Where between −½ and ½ the parabola through three samples peaks. */
  private static double parabolicPeak(double left, double centre, double right) {
    double curvature = left - 2 * centre + right;
    return curvature >= 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / curvature));
  }
}
