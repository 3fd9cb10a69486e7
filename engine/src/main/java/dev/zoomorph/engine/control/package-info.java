/**
 * Live control. Every input (OSC, MIDI, MIDI clock, the HTTP API, a timeline) is a stream of
 * {@link dev.zoomorph.engine.control.ControlMessage}s in one address space under {@code /zoomorph/}, attached to one
 * {@link dev.zoomorph.engine.control.ControlBus}, which checks them against a
 * {@link dev.zoomorph.engine.control.ControlTable} (the show's is documented in {@code docs/control.md}), counts them
 * per input and says what was applied.
 */
@NullMarked
package dev.zoomorph.engine.control;

import org.jspecify.annotations.NullMarked;
