/**
 * What users get in files and terminals: frames written as PNG ({@link dev.zoomorph.output.Png}) and looping GIF
 * ({@link dev.zoomorph.output.GifAnimation}), frames to and from ImageIO images ({@link dev.zoomorph.output.Images}),
 * progress on a terminal or in a log ({@link dev.zoomorph.output.ConsoleProgress}), and a command's errors as one line
 * with its exit code ({@link dev.zoomorph.output.CommandErrors}).
 *
 * <p>Why a module of its own: {@code render} (record, render) and {@code trainer} (sample grids, evolution GIF,
 * sample, morph) both write images, and the trainer must not depend on render. Engine is about latents and
 * generators, not files and terminals, so the one image-output path lives here, between engine and both of them.
 * MP4 stays in render, next to the FFmpeg it needs, and is fed the same {@link dev.zoomorph.engine.generator.Frame}s.
 */
@NullMarked
package dev.zoomorph.output;

import org.jspecify.annotations.NullMarked;
