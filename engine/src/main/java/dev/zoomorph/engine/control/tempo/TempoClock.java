package dev.zoomorph.engine.control.tempo;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The show's musical time: a tempo and a beat phase, on a nanosecond clock (the show's: real time live, frame
 * time when recording, virtual in tests). It schedules nothing; the show reads {@link #position()} each frame.
 *
 * <p>The tempo comes from MIDI clock ({@code ClockEvent.control()}), {@code /zoomorph/bpm} ({@link #setBpm}) or tap
 * tempo ({@link #tap}). Changing the tempo keeps the phase continuous: the beat position at the moment of the change
 * stays where it was and only its speed changes. A tap is the exception: tapping means "the beat is here", so a tap
 * also moves the phase onto the nearest beat.
 *
 * <p>Quantizing: a keyframe change asked for now lands at beat {@link #nextBeat()} or {@link #nextBar()}.
 *
 * <p>The clock runs from beat 0 as soon as it is made. Thread-safe.
 */
public final class TempoClock {
  /** The slowest tempo accepted. */
  public static final double MIN_BPM = 20;
  /** The fastest tempo accepted. */
  public static final double MAX_BPM = 400;
  /** Tap tempo averages this many of the last tap intervals. */
  static final int TAP_INTERVALS = 4;
  /** A pause between taps longer than this starts a new tap sequence. */
  static final long TAP_RESET_NANOS = 2_000_000_000L;

  private final LongSupplier nanos;
  private final int beatsPerBar;
  private final ArrayDeque<Long> taps = new ArrayDeque<>();

  // Phase: at anchorNanos the position was anchorBeats; while running it advances by bpm / 60 beats a second.
  private double bpm;
  private boolean running;
  private long anchorNanos;
  private double anchorBeats;

  /**
   * A clock at {@code bpm} in {@code beatsPerBar}, running from beat 0 now.
   *
   * @param nanos the clock, in nanoseconds
   */
  public TempoClock(LongSupplier nanos, double bpm, int beatsPerBar) {
    if (beatsPerBar < 1 || beatsPerBar > 64) {
      throw new IllegalArgumentException("beats per bar must be 1..64, was " + beatsPerBar);
    }
    this.nanos = nanos;
    this.beatsPerBar = beatsPerBar;
    this.bpm = checkBpm(bpm);
    start();
  }

  /** The tempo in beats per minute. */
  public synchronized double bpm() {
    return bpm;
  }

  /** Beats per bar. */
  public int beatsPerBar() {
    return beatsPerBar;
  }

  /** Whether beats are advancing. */
  public synchronized boolean running() {
    return running;
  }

  /** Beats since the start, with the fraction of the current beat. */
  public synchronized double position() {
    return position(now());
  }

  /**
   * Sets the tempo, keeping the phase continuous.
   *
   * @throws IllegalArgumentException if {@code bpm} is outside {@link #MIN_BPM}..{@link #MAX_BPM}
   */
  public synchronized void setBpm(double bpm) {
    double checked = checkBpm(bpm);
    reanchor(position(now()));
    this.bpm = checked;
  }

  /**
   * One tap of tap tempo, now. From the second tap on, the tempo becomes the mean of the last {@link
   * #TAP_INTERVALS} intervals and the nearest beat moves onto this tap; after a pause of more than two seconds the
   * taps start over. Taps implying a tempo outside the accepted range are ignored.
   */
  public synchronized void tap() {
    long now = now();
    if (!taps.isEmpty() && now - taps.getLast() > TAP_RESET_NANOS) {
      taps.clear();
    }
    taps.addLast(now);
    if (taps.size() > TAP_INTERVALS + 1) {
      taps.removeFirst();
    }
    if (taps.size() < 2) {
      return;
    }
    double tapped = 60e9 * (taps.size() - 1) / (taps.getLast() - taps.getFirst());
    if (!(tapped >= MIN_BPM && tapped <= MAX_BPM)) {
      return;
    }
    reanchor(running ? Math.rint(position(now)) : anchorBeats);
    bpm = tapped;
  }

  /**
   * Moves the phase so that the beat position now has the fraction {@code phase} (0 … 1), by the smallest shift
   * (less than half a beat either way), keeping the tempo: how a beat tracker locks the clock to the music. Does
   * nothing while stopped.
   *
   * @throws IllegalArgumentException unless {@code phase} is in 0 … 1
   */
  public synchronized void setPhase(double phase) {
    if (!(phase >= 0 && phase <= 1)) {
      throw new IllegalArgumentException("phase must be in 0..1, was " + phase);
    }
    if (!running) {
      return;
    }
    double now = position(now());
    double shift = phase - (now - Math.floor(now));
    shift -= Math.rint(shift); // into −0.5 … 0.5
    reanchor(now + shift);
  }

  /** Starts from beat 0 now (MIDI Start). */
  public synchronized void start() {
    running = true;
    anchorNanos = now();
    anchorBeats = 0;
  }

  /** Stops the beats where they are; {@link #resume()} goes on from there. */
  public synchronized void stop() {
    if (running) {
      reanchor(position(now()));
      running = false;
    }
  }

  /** Goes on from where {@link #stop()} left off (MIDI Continue); does nothing while running. */
  public synchronized void resume() {
    if (!running) {
      anchorNanos = now();
      running = true;
    }
  }

  /**
   * The beat position where a change asked for now lands when quantized to the beat: the next whole beat (now's, when
   * now is on one), or now's position while the clock is stopped (a change asked for while stopped lands at once).
   * A position, not a time, so the landing follows tempo changes and waits while the clock stops.
   */
  public synchronized double nextBeat() {
    double now = position();
    return running ? ceilBeat(now) : now;
  }

  /** The first beat of the next bar (now's, when now starts one); like {@link #nextBeat()}. */
  public synchronized double nextBar() {
    double now = position();
    if (!running) {
      return now;
    }
    return Math.floorDiv(ceilBeat(now) + beatsPerBar - 1, beatsPerBar) * beatsPerBar;
  }

  private long now() {
    return nanos.getAsLong();
  }

  private double position(long nanos) {
    return running ? anchorBeats + (nanos - anchorNanos) * bpm / 60e9 : anchorBeats;
  }

  private void reanchor(double beats) {
    anchorNanos = now();
    anchorBeats = beats;
  }

  private static long ceilBeat(double position) {
    // A position a rounding error past a whole beat is on that beat.
    return (long) Math.ceil(position - 1e-9);
  }

  private static double checkBpm(double bpm) {
    if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
      throw new IllegalArgumentException("bpm must be " + MIN_BPM + ".." + MAX_BPM + ", was " + bpm);
    }
    return bpm;
  }
}
