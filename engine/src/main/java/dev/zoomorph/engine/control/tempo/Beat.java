package dev.zoomorph.engine.control.tempo;

/**
 * One beat of a {@link TempoClock}.
 *
 * @param index beats since the clock (re)started, from 0
 * @param beatsPerBar the clock's meter
 * @param nanos when the beat falls, on the clock's scheduler's time
 */
public record Beat(long index, int beatsPerBar, long nanos) {

  /** Bars since the clock (re)started, from 0. */
  public long bar() {
    return Math.floorDiv(index, beatsPerBar);
  }

  /** The beat within its bar, from 0. */
  public int beatInBar() {
    return (int) Math.floorMod(index, beatsPerBar);
  }

  /** Whether this beat starts a bar. */
  public boolean downbeat() {
    return beatInBar() == 0;
  }
}
