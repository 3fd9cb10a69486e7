/**
 * The live show: {@link dev.zoomorph.engine.show.LiveShow} plays a preset and is the
 * {@link dev.zoomorph.engine.control.ControlSurface} that OSC, MIDI and the HTTP API change, and hands the render
 * loop one {@link dev.zoomorph.engine.show.Scene} per frame. The address space is documented in
 * {@code docs/control.md}.
 */
@NullMarked
package dev.zoomorph.engine.show;

import org.jspecify.annotations.NullMarked;
