/**
 * Live control. Every input (OSC, MIDI, the HTTP API) turns what it receives into
 * {@link dev.zoomorph.engine.control.ControlMessage}s addressed in one address space under {@code /zoomorph/}
 * (documented in the README), so one dispatcher applies them to the show whatever their origin.
 */
@NullMarked
package dev.zoomorph.engine.control;

import org.jspecify.annotations.NullMarked;
