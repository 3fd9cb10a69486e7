/**
 * The live show, where each frame's latent is made: {@link dev.zoomorph.engine.show.LiveShow} plays a preset under
 * the controls of its table ({@code ShowControls}, documented in {@code docs/control.md}) and turns a
 * {@link dev.zoomorph.engine.show.FrameClock}'s ticks into {@link dev.zoomorph.engine.show.Scene}s, what each frame
 * shows: live for {@code serve}, frame-exact for {@code record} and tests. Each tick's
 * {@link dev.zoomorph.engine.show.Cue} (the controls as the frame starts) becomes its scene through the
 * {@link dev.zoomorph.engine.show.ShowOperators}, Reactor operators that each do one thing (time, speed, hold,
 * trajectories and their keyframes, offset, glide, crossfade), which a program can compose too.
 */
@NullMarked
package dev.zoomorph.engine.show;

import org.jspecify.annotations.NullMarked;
