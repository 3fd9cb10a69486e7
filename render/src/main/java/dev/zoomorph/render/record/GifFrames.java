package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.GifAnimation;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A recording's frames into the project's one GIF writer, timed for the recording's summary. */
final class GifFrames implements FrameSink {
  private final Path file;
  private final GifAnimation gif;
  private long encodeNanos;
  private long writeNanos;

  GifFrames(Path file, double fps) {
    this.file = file;
    gif = new GifAnimation(file, fps);
  }

  @Override
  public void write(int index, Frame frame) {
    long t0 = System.nanoTime();
    try {
      gif.write(frame);
    } catch (UncheckedIOException e) {
      throw OutputWriteException.writing(file, e.getCause());
    }
    encodeNanos += System.nanoTime() - t0;
  }

  @Override
  public long encodeNanos() {
    return encodeNanos;
  }

  @Override
  public long writeNanos() {
    return writeNanos;
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    try {
      gif.close();
    } catch (UncheckedIOException e) {
      throw OutputWriteException.writing(file, e.getCause());
    } finally {
      writeNanos += System.nanoTime() - t0;
    }
  }

  @Override
  public void discard() {
    gif.discard();
  }
}
