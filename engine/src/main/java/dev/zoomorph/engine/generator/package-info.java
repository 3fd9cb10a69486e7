/**
 * Generators turn a latent and a view into a frame. {@link dev.zoomorph.engine.generator.Generator} is the
 * entry point; {@link dev.zoomorph.engine.generator.CppnSpec} documents the coordinate convention shared by
 * every CPPN path (oneDNN on the CPU, the GL shader, the trainer).
 */
@NullMarked
package dev.zoomorph.engine.generator;

import org.jspecify.annotations.NullMarked;
