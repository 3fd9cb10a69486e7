package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.tempo.TempoClock;
import java.util.Arrays;
import java.util.Optional;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;

/**
 * Measures tempo from MIDI clock (24 ticks per quarter note) and follows Start/Stop/Continue.
 *
 * <p>The tempo is measured over the last {@link #WINDOW} tick intervals (two beats), robustly: see {@link
 * #medianTickNanos}. A new tempo is
 * published, every 6 ticks at most, when it differs from the last one by {@link #MIN_CHANGE_BPM} or more.
 * Not thread-safe: fed by one device thread.
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
   * The tick length as the median, over every start in the window, of a span of half the window divided by its
   * ticks. A span's two ends are all its jitter enters through, and the median ignores the spans whose ends fell in
   * a stall (a busy host delays some ticks, then delivers them in a burst).
   */
  private double medianTickNanos(int intervals) {
    int length = intervals / 2;
    long oldest = count - 1 - intervals;
    long[] spans = new long[intervals - length + 1];
    for (int i = 0; i < spans.length; i++) {
      spans[i] = at(oldest + i + length) - at(oldest + i);
    }
    Arrays.sort(spans);
    int mid = spans.length / 2;
    double median = spans.length % 2 == 1 ? spans[mid] : (spans[mid - 1] + spans[mid]) / 2.0;
    return median / length;
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
    double measured = 60e9 / (TICKS_PER_BEAT * medianTickNanos(intervals));
    if (Math.abs(measured - bpm) < MIN_CHANGE_BPM || !(measured >= TempoClock.MIN_BPM && measured <= TempoClock.MAX_BPM)) {
      return Optional.empty();
    }
    bpm = measured;
    return Optional.of(new ClockEvent(ClockEvent.Kind.TEMPO, bpm, running));
  }
}
