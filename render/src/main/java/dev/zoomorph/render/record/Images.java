package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/** Frames as BufferedImages without copying pixels, and back. */
final class Images {
  private Images() {}

  /** A view of the frame's pixels as an image (grey or RGB); writers only read it. */
  static BufferedImage wrap(Frame frame) {
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

  /** An 8-bit grey image stays grey; anything else becomes RGB. */
  static Frame toFrame(BufferedImage image) {
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
}
