/**
 * Where latents become pixels. {@link dev.zoomorph.render.FrameRenderer} renders a show's frames (one preset, or two
 * crossfading) with the generators {@link dev.zoomorph.render.RenderBackends} picks: the TensorFlow path with
 * post-processing by table, or the GL path on the process's one GL device (GlDevice: context, thread, object
 * bookkeeping), whose generators (GlGenerator) compose passes (CppnPass, ResamplePass, PostPass, CrossfadePass) and read frames back
 * (Readback). {@link dev.zoomorph.render.WindowOutput} shows frames on screen, GL textures directly.
 * {@code record} writes frames to files.
 */
@NullMarked
package dev.zoomorph.render;

import org.jspecify.annotations.NullMarked;
