/**
 * The live show, where each frame's latent is made: {@link dev.zoomorph.engine.show.LiveShow} plays a preset under
 * the controls of its table ({@code ShowControls}, documented in {@code docs/control.md}) and turns a
 * {@link dev.zoomorph.engine.show.FrameClock}'s ticks into {@link dev.zoomorph.engine.show.Scene}s, what each frame
 * shows: live for {@code serve}, frame-exact for {@code record} and tests.
 */
@NullMarked
package dev.zoomorph.engine.show;

import org.jspecify.annotations.NullMarked;
