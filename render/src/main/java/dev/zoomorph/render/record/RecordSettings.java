package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.View;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What to record. The output's name picks the format: a name ending in {@code .mp4} is a movie (H.264, or VP9 above
 * 4096×2304), {@code .gif} an animated looping GIF, anything else (without an extension, or an existing folder) a
 * folder of PNG frames named {@code frame-000000.png}, {@code frame-000001.png}, …
 *
 * @param frameCount frames in the whole recording (every shard together)
 * @param frames which of the recording's frames this run renders (a {@link Shard} or {@link FrameRanges}); other
 *     than all of them only for PNG folders
 * @param resume keep the frames a PNG folder already holds and render the missing ones and those cut short (a frame
 *     is kept when its PNG header and end are there; it is not decoded)
 * @param tileSide frames wider or taller than this are rendered in tiles of at most {@code tileSide²} pixels, which
 *     bounds the generator's memory; tiling does not depend on the machine, so repeated runs stay identical
 * @param audio a sound file the frames were made to (a music video's track): an MP4 carries it as AAC from frame 0,
 *     cut to the video's length; a PNG folder's manifest names it by content; null for none
 * @param source what else decides the pixels (backend, preset, seed, timeline), for a PNG folder's manifest; null
 *     when the caller draws the shots itself and vouches for them
 */
public record RecordSettings(
    int width, int height, double fps, int frameCount, ZoomPath path, Path output, FrameSelection frames, boolean resume,
    int tileSide, @Nullable Path audio, @Nullable PixelSource source) {

  /** The most frames a recording may have (six-digit frame names). */
  public static final int MAX_FRAMES = 1_000_000;
  /** Default {@link #tileSide}: 1024² pixels keep a 128-wide CPPN's activations near half a gigabyte. */
  public static final int DEFAULT_TILE_SIDE = 1024;

  public RecordSettings {
    checkSize(width, height);
    checkFps(fps);
    if (frameCount < 1 || frameCount > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "a recording has 1.." + MAX_FRAMES + " frames (fps × seconds), was " + frameCount);
    }
    frames.frames(frameCount); // refuses frames past the end
    checkTileSide(tileSide);
  }

  /** Refuses a frame size outside 1×1 to {@link View#MAX_SIDE} a side. */
  public static void checkSize(int width, int height) {
    if (width < 1 || height < 1 || width > View.MAX_SIDE || height > View.MAX_SIDE) {
      throw new IllegalArgumentException(
          "size must be between 1x1 and " + View.MAX_SIDE + "x" + View.MAX_SIDE + ", was " + width + "x" + height);
    }
  }

  /** Refuses a frame rate outside (0, 1000]. */
  public static void checkFps(double fps) {
    if (!(fps > 0) || fps > 1000 || !Double.isFinite(fps)) {
      throw new IllegalArgumentException("fps must be a number in (0, 1000], was " + fps);
    }
  }

  /** Refuses a length that is not a positive number of seconds. */
  public static void checkSeconds(double seconds) {
    if (!(seconds > 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be a positive number, was " + seconds);
    }
  }

  /** Refuses a tile side outside 16 to {@link View#MAX_SIDE}. */
  public static void checkTileSide(int tileSide) {
    if (tileSide < 16 || tileSide > View.MAX_SIDE) {
      throw new IllegalArgumentException("tile side must be in 16.." + View.MAX_SIDE + ", was " + tileSide);
    }
  }

  /** Without a sound track. */
  public RecordSettings(int width, int height, double fps, int frameCount, ZoomPath path, Path output,
      FrameSelection frames, boolean resume, int tileSide) {
    this(width, height, fps, frameCount, path, output, frames, resume, tileSide, null, null);
  }

  /** Everything on one machine, fresh, default tiles; {@code seconds · fps} frames, rounded, at least one. */
  public static RecordSettings of(int width, int height, double fps, double seconds, ZoomPath path, Path output) {
    checkSeconds(seconds);
    double frames = Math.max(1, Math.rint(seconds * fps));
    if (frames > MAX_FRAMES) {
      throw new IllegalArgumentException(seconds + " s at " + fps + " fps is more than " + MAX_FRAMES + " frames");
    }
    return new RecordSettings(width, height, fps, (int) frames, path, output, Shard.WHOLE, false, DEFAULT_TILE_SIDE);
  }

  public RecordSettings withFrames(FrameSelection newFrames) {
    return new RecordSettings(width, height, fps, frameCount, path, output, newFrames, resume, tileSide, audio, source);
  }

  public RecordSettings withResume(boolean newResume) {
    return new RecordSettings(width, height, fps, frameCount, path, output, frames, newResume, tileSide, audio, source);
  }

  public RecordSettings withTileSide(int newTileSide) {
    return new RecordSettings(width, height, fps, frameCount, path, output, frames, resume, newTileSide, audio, source);
  }

  public RecordSettings withFrameCount(int newFrameCount) {
    return new RecordSettings(width, height, fps, newFrameCount, path, output, frames, resume, tileSide, audio, source);
  }

  /** With the sound track {@code track} (see {@link #audio()}). */
  public RecordSettings withAudio(@Nullable Path track) {
    return new RecordSettings(width, height, fps, frameCount, path, output, frames, resume, tileSide, track, source);
  }

  /** With what else decides the pixels (see {@link #source()}). */
  public RecordSettings withSource(@Nullable PixelSource newSource) {
    return new RecordSettings(width, height, fps, frameCount, path, output, frames, resume, tileSide, audio, newSource);
  }
}
