package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ShowAddresses;
import org.jspecify.annotations.Nullable;

/**
 * What MIDI clock says: a new tempo, or a transport change.
 *
 * @param bpm the tempo measured from the clock ticks so far, 0 until the first measurement
 * @param running whether the sender's transport is playing: true after Start or Continue, false after Stop, and
 *     true while ticks arrive before any transport message (a sender that was already playing)
 */
public record ClockEvent(Kind kind, double bpm, boolean running) {

  /** Why the event was sent. */
  public enum Kind {
    /** The measured tempo changed. */
    TEMPO,
    /** Start (0xFA): play from the top; sent on the first tick after it, which is the first beat. */
    START,
    /** Continue (0xFB): play on from where it stopped; sent on the first tick after it. */
    CONTINUE,
    /** Stop (0xFC). */
    STOP
  }

  /**
   * What this event asks of a show, as a control message of its address space: the measured tempo as
   * {@code /zoomorph/bpm}, Start as {@code /zoomorph/restart}, Continue and Stop as {@code /zoomorph/playing} true and
   * false; null for a tempo not measured yet.
   */
  public @Nullable ControlMessage control() {
    return switch (kind) {
      case TEMPO -> bpm > 0 ? ControlMessage.of(ShowAddresses.BPM, bpm) : null;
      case START -> ControlMessage.of(ShowAddresses.RESTART);
      case CONTINUE -> ControlMessage.of(ShowAddresses.PLAYING, true);
      case STOP -> ControlMessage.of(ShowAddresses.PLAYING, false);
    };
  }
}
