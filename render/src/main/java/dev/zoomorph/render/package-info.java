/**
 * OpenGL rendering with LWJGL. {@link dev.zoomorph.render.GlRenderer} draws a CPPN in a fragment shader or scales any
 * generator's frames through a texture, with shader post-processing, crossfades, asynchronous readback and an
 * optional window; {@link dev.zoomorph.render.RenderBackends} picks between it and the TensorFlow path.
 */
@NullMarked
package dev.zoomorph.render;

import org.jspecify.annotations.NullMarked;
