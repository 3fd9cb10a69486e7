package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.tempo.TempoClock;

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

  /** Applies this event to the show's tempo clock. */
  public void applyTo(TempoClock clock) {
    switch (kind) {
      case TEMPO -> clock.setBpm(bpm);
      case START -> clock.start();
      case CONTINUE -> clock.resume();
      case STOP -> clock.stop();
    }
  }
}
