package dev.zoomorph.output;

import dev.zoomorph.engine.generator.Frame;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.List;

/** Frames as ImageIO images without copying pixels, images read back as frames, and frames tiled into a grid. */
public final class Images {
  /** The grey level between grid cells: dark, so cells of any brightness stand apart. */
  public static final int GRID_GAP_LEVEL = 64;

  private Images() {}

  /** A view of the frame's pixels as an image (grey or sRGB); writers only read it. */
  public static BufferedImage wrap(Frame frame) {
    int c = frame.channels();
    int[] offsets = c == 3 ? new int[] {0, 1, 2} : new int[] {0};
    WritableRaster raster = Raster.createInterleavedRaster(
        new DataBufferByte(frame.pixels(), frame.pixels().length), frame.width(), frame.height(),
        frame.width() * c, c, offsets, null);
    ColorSpace space = ColorSpace.getInstance(c == 3 ? ColorSpace.CS_sRGB : ColorSpace.CS_GRAY);
    ComponentColorModel model =
        new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(model, raster, false, null);
  }

  /** An 8-bit grey image stays grey (its samples as they are); anything else becomes RGB. */
  public static Frame toFrame(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
        || (image.getColorModel().getNumComponents() == 1 && image.getColorModel().getPixelSize() == 8
            && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY)) {
      byte[] grey = new byte[w * h];
      image.getRaster().getDataElements(0, 0, w, h, grey);
      return new Frame(w, h, 1, grey);
    }
    byte[] pixels = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        pixels[i] = (byte) (row[x] >> 16);
        pixels[i + 1] = (byte) (row[x] >> 8);
        pixels[i + 2] = (byte) row[x];
      }
    }
    return new Frame(w, h, 3, pixels);
  }

  /**
   * {@code cells} (one size, one channel count) tiled {@code columns} wide, left to right and top to bottom, with a
   * one-pixel gap of {@link #GRID_GAP_LEVEL} between cells and around them.
   */
  public static Frame grid(List<Frame> cells, int columns) {
    if (cells.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("a grid needs cells and at least one column");
    }
    Frame first = cells.get(0);
    int w = first.width();
    int h = first.height();
    int c = first.channels();
    int rows = (cells.size() + columns - 1) / columns;
    int width = columns * (w + 1) + 1;
    int height = rows * (h + 1) + 1;
    byte[] pixels = new byte[width * height * c];
    Arrays.fill(pixels, (byte) GRID_GAP_LEVEL);
    for (int n = 0; n < cells.size(); n++) {
      Frame cell = cells.get(n);
      if (cell.width() != w || cell.height() != h || cell.channels() != c) {
        throw new IllegalArgumentException("grid cell " + n + " is " + cell.width() + "x" + cell.height() + "x"
            + cell.channels() + ", cell 0 is " + w + "x" + h + "x" + c);
      }
      int left = 1 + (n % columns) * (w + 1);
      int top = 1 + (n / columns) * (h + 1);
      for (int y = 0; y < h; y++) {
        System.arraycopy(cell.pixels(), y * w * c, pixels, ((top + y) * width + left) * c, w * c);
      }
    }
    return new Frame(width, height, c, pixels);
  }
}
