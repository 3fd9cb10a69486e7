/**
 * Musical time for live control: {@link dev.zoomorph.engine.control.tempo.TempoClock} keeps the tempo (from MIDI
 * clock, {@code /zoomorph/bpm} or tap tempo) and the beat phase, and quantizes changes to the next beat or bar.
 */
@NullMarked
package dev.zoomorph.engine.control.tempo;

import org.jspecify.annotations.NullMarked;
