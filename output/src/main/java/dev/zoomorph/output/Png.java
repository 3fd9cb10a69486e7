package dev.zoomorph.output;

import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Frames as 8-bit PNG (grey or RGB, lossless), through the JDK's writer. */
public final class Png {
  private Png() {}

  /**
   * Streams the frame's PNG to {@code out}, so a 16384² frame needs no second copy of itself in memory (the writer
   * flushes its cache chunk by chunk). The cache is in memory, not ImageIO's default temporary file: the JDK closes
   * every file-cached image stream from a shutdown hook, so Ctrl-C during a frame would break that frame's write while
   * the recorder's own hook waits for it to finish.
   */
  public static void write(Frame frame, OutputStream out) throws IOException {
    try (ImageOutputStream cached = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(Images.wrap(frame), "png", cached)) {
        throw new IllegalStateException("no PNG writer for " + frame.channels() + "-channel frames");
      }
    }
  }

  /**
   * Writes the frame to {@code target} atomically, under a hidden temporary name renamed at the end: a reader (or an
   * interrupted run) never sees half a file.
   *
   * @throws UncheckedIOException naming the file
   */
  public static void write(Frame frame, Path target) {
    try {
      WholeFiles.write(target.toAbsolutePath(), file -> {
        try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
          write(frame, out);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + FileErrors.reason(e), e);
    }
  }
}
