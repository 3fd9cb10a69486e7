package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Single frames at any size up to 16384², written as PNG: what {@code zoomorph render} makes. */
public final class Stills {
  private Stills() {}

  /** Renders {@code view} in tiles of at most {@code tileSide} pixels a side, so the generator never sees a huge frame. */
  public static Frame render(Generator generator, Latent latent, View view, int tileSide) {
    if (tileSide < 1) {
      throw new IllegalArgumentException("tile side must be positive, was " + tileSide);
    }
    return Tiles.render(generator, latent, view, tileSide);
  }

  /** Writes the frame as a PNG (grey or RGB), atomically: a reader never sees half a file. */
  public static void writePng(Frame frame, Path target) {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        ImageIO.write(Images.wrap(frame), "png", out);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
