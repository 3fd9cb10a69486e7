/**
 * Show presets: which model, which latent trajectory, which view. {@link dev.zoomorph.engine.preset.Presets} loads
 * them (by name from the bundled set, or from a file) and validates them, naming the file, field and problem.
 */
@NullMarked
package dev.zoomorph.engine.preset;

import org.jspecify.annotations.NullMarked;
