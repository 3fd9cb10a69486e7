/**
 * Latent trajectories as {@code Flux<Latent>} driven by a frame clock. {@link dev.zoomorph.engine.trajectory.Trajectories}
 * is the entry point.
 */
@NullMarked
package dev.zoomorph.engine.trajectory;

import org.jspecify.annotations.NullMarked;
