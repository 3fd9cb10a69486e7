package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.GifAnimation;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Frames written to a file as they come, for a live show recorded while it plays: an {@code .mp4}, a looping
 * {@code .gif}, or a folder of PNG frames, through the same writers as {@link Recorder}. The first frame fixes the
 * size and the channels; a later frame of another size or channel count (a preset switch to another render scale
 * or model) is skipped and counted, since a movie cannot change its size. Not thread-safe: one writer thread.
 */
public final class FrameFile implements AutoCloseable {
  private final Path output;
  private final OutputFormat format;
  private final double fps;
  private @Nullable FrameSink sink;
  private int width;
  private int height;
  private int channels;
  private int written;
  private int skipped;

  /**
   * A new recording at {@code output}, played at {@code fps}.
   *
   * @throws IllegalArgumentException if the output exists (a file), is not writable (a folder), or has another
   *     media extension
   */
  public FrameFile(Path output, double fps) {
    this.output = output;
    this.format = OutputFormat.of(output);
    this.fps = fps;
    if (format == OutputFormat.PNG_FOLDER) {
      Recorder.requireWritableFolder(output);
    } else {
      Recorder.requireNewFile(output);
    }
    if (format == OutputFormat.GIF && fps > GifAnimation.MAX_FPS) {
      throw new IllegalArgumentException("GIF plays at most " + (int) GifAnimation.MAX_FPS + " fps, was " + fps);
    }
  }

  /**
   * Appends {@code frame}, or skips it (counted) when its size or channels differ from the first frame's.
   *
   * @throws IllegalArgumentException if the first frame's size cannot be encoded (an MP4 of an odd size, or under 16
   *     pixels a side)
   */
  public void write(Frame frame) {
    if (sink == null) {
      width = frame.width();
      height = frame.height();
      channels = frame.channels();
      sink = switch (format) {
        case PNG_FOLDER -> new PngSequence(output);
        case MP4 -> new Mp4Movie(output, width, height, channels, fps, null);
        case GIF -> new GifFrames(output, fps);
      };
    }
    if (frame.width() != width || frame.height() != height || frame.channels() != channels) {
      skipped++;
      return;
    }
    sink.write(written, frame);
    written++;
  }

  /** Frames written so far. */
  public int written() {
    return written;
  }

  /** Frames skipped for another size or channel count. */
  public int skipped() {
    return skipped;
  }

  /** Finalises the file with the frames written so far (playable); idempotent. */
  @Override
  public void close() {
    if (sink != null) {
      sink.close();
    }
  }
}
