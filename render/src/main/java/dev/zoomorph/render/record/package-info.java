/**
 * Recording zoom animations at any resolution to a PNG sequence, an MP4 (H.264, or VP9 above 4096×2304) or an
 * animated GIF.
 *
 * <p>{@link dev.zoomorph.render.record.Recorder} is the entry point: give it {@link
 * dev.zoomorph.render.record.RecordSettings} (size, frame rate, frame count, {@link
 * dev.zoomorph.render.record.ZoomPath}, output, which frames: a {@link
 * dev.zoomorph.render.record.Shard} or {@link dev.zoomorph.render.record.FrameRanges}, resume), then run it with a
 * generator, the latent of each frame and a {@link dev.zoomorph.render.record.ProgressListener}. {@link
 * dev.zoomorph.render.record.Assembler} joins a PNG sequence into an MP4. PNG and GIF files are written by the
 * project's one writer of each, in {@code dev.zoomorph.output}; MP4 is here, next to FFmpeg.
 */
@NullMarked
package dev.zoomorph.render.record;

import org.jspecify.annotations.NullMarked;
