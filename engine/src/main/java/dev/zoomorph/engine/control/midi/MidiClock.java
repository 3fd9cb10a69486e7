package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.tempo.TempoClock;
import java.util.Optional;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;

/**
 * Measures tempo from MIDI clock (24 ticks per quarter note) and follows Start/Stop/Continue.
 *
 * <p>The tempo is measured over the last {@link #WINDOW} tick intervals (two beats), robustly (see {@link
 * #lowerEnvelopeTickNanos}). A new tempo is published, every 6 ticks at most, when it differs from the last one by
 * {@link #MIN_CHANGE_BPM} or more. Not thread-safe: fed by one device thread.
 */
final class MidiClock {
  static final int TICKS_PER_BEAT = 24;
  static final int WINDOW = 2 * TICKS_PER_BEAT;
  /** Before the window fills, a tempo is published once this many intervals are known. */
  static final int MIN_INTERVALS = TICKS_PER_BEAT / 2;
  static final double MIN_CHANGE_BPM = 0.1;
  /** A longer pause between ticks means the clock stopped: measuring starts over. */
  static final long MAX_TICK_GAP_NANOS = 500_000_000L;

  private final long[] ticks = new long[WINDOW + 1];
  /** Scratch space for the lower hull's tick indices. */
  private final int[] hull = new int[WINDOW + 1];
  /** Ticks since measuring (re)started; the window holds the last ones. */
  private long count;
  private long tickNumber;
  private double bpm;
  private boolean running = true;
  private ClockEvent.@Nullable Kind pendingTransport;

  /** The event {@code message}, received at {@code nanos}, causes, if any. */
  Optional<ClockEvent> accept(ShortMessage message, long nanos) {
    return switch (message.getStatus()) {
      case ShortMessage.TIMING_CLOCK -> tick(nanos);
      case ShortMessage.START -> transport(ClockEvent.Kind.START);
      case ShortMessage.CONTINUE -> transport(ClockEvent.Kind.CONTINUE);
      case ShortMessage.STOP -> {
        pendingTransport = null;
        running = false;
        yield Optional.of(new ClockEvent(ClockEvent.Kind.STOP, bpm, false));
      }
      default -> Optional.empty();
    };
  }

  /**
   * The tick length, from the lower envelope of the window's arrival times. A tick can arrive late (a busy host
   * stalls, then delivers the backlog in a burst; USB packs ticks together) but never early, so the ticks that came
   * on time lie on the lower convex hull of (tick, arrival) and the late ones above it. The slope of the hull's edge
   * over the middle of the window is the tick length: it is the line below every arrival that is highest at the
   * window's centre (quantile regression at quantile 0), and stays right when more than half the ticks are late.
   * Written by hand because no maintained library does this small, allocation-free fit.
   */
  private double lowerEnvelopeTickNanos(int intervals) {
    long oldest = count - 1 - intervals;
    long origin = at(oldest);
    int size = 0;
    for (int k = 0; k <= intervals; k++) {
      long t = at(oldest + k) - origin;
      while (size >= 2 && turnsClockwiseOrStraight(hull[size - 2], hull[size - 1], k, oldest, origin, t)) {
        size--;
      }
      hull[size++] = k;
    }
    double middle = intervals / 2.0;
    int edge = 1;
    while (edge < size - 1 && hull[edge] < middle) {
      edge++;
    }
    int a = hull[edge - 1];
    int b = hull[edge];
    return (double) (at(oldest + b) - at(oldest + a)) / (b - a);
  }

  /** Whether hull points i, j and the new point (k, tk) fail to turn counter-clockwise (j is then not on the hull). */
  private boolean turnsClockwiseOrStraight(int i, int j, int k, long oldest, long origin, long tk) {
    long ti = at(oldest + i) - origin;
    long tj = at(oldest + j) - origin;
    return (double) (j - i) * (tk - ti) - (double) (tj - ti) * (k - i) <= 0;
  }

  /** The time of tick {@code k} of those counted, if still in the window. */
  private long at(long k) {
    return ticks[(int) (k % ticks.length)];
  }

  private Optional<ClockEvent> transport(ClockEvent.Kind kind) {
    // The tick after Start/Continue is the beat the sender means; announce the transport change on it.
    pendingTransport = kind;
    return Optional.empty();
  }

  private Optional<ClockEvent> tick(long nanos) {
    if (count > 0 && nanos - at(count - 1) > MAX_TICK_GAP_NANOS) {
      count = 0;
    }
    ticks[(int) (count % ticks.length)] = nanos;
    count++;
    tickNumber++;
    if (pendingTransport != null) {
      ClockEvent.Kind kind = pendingTransport;
      pendingTransport = null;
      running = true;
      return Optional.of(new ClockEvent(kind, bpm, true));
    }
    int intervals = (int) Math.min(count - 1, WINDOW);
    if (intervals < MIN_INTERVALS || tickNumber % 6 != 0) {
      return Optional.empty();
    }
    double measured = 60e9 / (TICKS_PER_BEAT * lowerEnvelopeTickNanos(intervals));
    if (Math.abs(measured - bpm) < MIN_CHANGE_BPM || !(measured >= TempoClock.MIN_BPM && measured <= TempoClock.MAX_BPM)) {
      return Optional.empty();
    }
    bpm = measured;
    return Optional.of(new ClockEvent(ClockEvent.Kind.TEMPO, bpm, running));
  }
}
