/**
 * Musical time and smoothing for live control: {@link dev.zoomorph.engine.control.tempo.TempoClock} keeps the
 * tempo (from MIDI clock, {@code /zoomorph/bpm} or tap tempo) and the beat phase, and quantizes changes to the next
 * beat or bar; {@link dev.zoomorph.engine.control.tempo.Smoother} and {@link
 * dev.zoomorph.engine.control.tempo.ControlSmoother} smooth jittery control values once per frame.
 */
@NullMarked
package dev.zoomorph.engine.control.tempo;

import org.jspecify.annotations.NullMarked;
