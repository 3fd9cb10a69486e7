package dev.zoomorph.output;

import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF that loops forever, written frame by frame through the JDK's GIF writer under a temporary name
 * ({@link WholeFiles#createTemporaryFor}); {@link #close} ends the file and renames it into place, so an animation
 * stopped early is still valid with the frames so far, and one killed mid-way or {@link #discard discarded} leaves
 * nothing under its name.
 *
 * <p>Palette: a grey frame is written as indices into an exact 256-grey table (index v is grey v), so it decodes to
 * the very samples rendered. A colour frame gets its own 256-colour table from the writer's octree quantiser: a zoom
 * sweeps through colours, so one global table would fit late frames badly. No dithering: CPPN frames are smooth
 * gradients, and dither noise that changes every frame shimmers and bloats the file.
 *
 * <p>The frame's type goes to the writer as an {@link ImageTypeSpecifier} made from the image's own colour and sample
 * models. {@code ImageTypeSpecifier.createFromRenderedImage} would not do: for an image of a standard type such as
 * {@code TYPE_BYTE_INDEXED} it returns that type's stock specifier, whose palette is the 6×6×6 colour cube, and the
 * writer then pairs the grey indices with that cube — the false-colour GIFs of issue 18.
 *
 * <p>Timing: GIF delays are whole hundredths of a second; frame k lasts {@code round(100(k+1)/fps) −
 * round(100k/fps)} so the average rate is exact.
 */
public final class GifAnimation implements AutoCloseable {
  /** Browsers stretch delays under 2/100 s, so faster GIFs play wrong. */
  public static final double MAX_FPS = 50;

  private static final IndexColorModel GREYS = greys();

  private final Path file;
  private final Path temp;
  private final double fps;
  private final ImageWriter writer;
  private final ImageOutputStream out;
  private int written;
  private int width;
  private int height;
  private int channels;
  private boolean closed;

  /**
   * Starts the animation of {@code file}, which replaces any file of that name once it is closed.
   *
   * @throws IllegalArgumentException if {@code fps} is not in (0, {@link #MAX_FPS}]
   * @throws UncheckedIOException naming the file
   */
  public GifAnimation(Path file, double fps) {
    if (!(fps > 0) || fps > MAX_FPS) {
      throw new IllegalArgumentException("GIF plays at most " + (int) MAX_FPS
          + " fps (delays are whole hundredths of a second), was " + fps);
    }
    this.file = file;
    this.fps = fps;
    this.temp = WholeFiles.createTemporaryFor(file); // new and empty, so nothing of an older file outlives it
    writer = ImageIO.getImageWritersByFormatName("gif").next();
    try {
      out = new FileImageOutputStream(temp.toFile());
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
    } catch (IOException e) {
      writer.dispose();
      WholeFiles.discard(temp);
      throw new UncheckedIOException("cannot start the GIF " + file + ": " + FileErrors.reason(e), e);
    }
  }

  /**
   * Appends a frame; every frame has the first one's size and channel count.
   *
   * @throws IllegalArgumentException for a frame unlike the first
   * @throws UncheckedIOException naming the file
   */
  public void write(Frame frame) {
    if (closed) {
      throw new IllegalStateException("the GIF " + file + " is finished");
    }
    if (written == 0) {
      width = frame.width();
      height = frame.height();
      channels = frame.channels();
    } else if (frame.width() != width || frame.height() != height || frame.channels() != channels) {
      throw new IllegalArgumentException("frame " + written + " of " + file + " is " + frame.width() + "x"
          + frame.height() + "x" + frame.channels() + ", the first was " + width + "x" + height + "x" + channels);
    }
    BufferedImage image = frame.channels() == 1 ? greyIndexed(frame) : Images.wrap(frame);
    ImageTypeSpecifier type = new ImageTypeSpecifier(image.getColorModel(), image.getSampleModel());
    int delay = (int) (Math.round(100.0 * (written + 1) / fps) - Math.round(100.0 * written / fps));
    try {
      IIOMetadata metadata = frameMetadata(type, delay, written == 0);
      writer.writeToSequence(new IIOImage(image, null, metadata), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write frame " + written + " to " + file + ": " + FileErrors.reason(e), e);
    }
    written++;
  }

  /** Frames written so far. */
  public int frames() {
    return written;
  }

  /** The grey frame's samples, shared not copied, as indices into the 256-grey table. */
  private static BufferedImage greyIndexed(Frame frame) {
    WritableRaster raster = Raster.createInterleavedRaster(
        new DataBufferByte(frame.pixels(), frame.pixels().length), frame.width(), frame.height(), frame.width(), 1,
        new int[] {0}, null);
    return new BufferedImage(GREYS, raster, false, null);
  }

  private static IndexColorModel greys() {
    byte[] levels = new byte[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (byte) i;
    }
    return new IndexColorModel(8, 256, levels, levels, levels);
  }

  private IIOMetadata frameMetadata(ImageTypeSpecifier type, int delayCentiseconds, boolean first)
      throws IOException {
    IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
    String format = metadata.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(Math.max(1, delayCentiseconds)));
    control.setAttribute("transparentColorIndex", "0");
    if (first) {
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
      child(root, "ApplicationExtensions").appendChild(loop);
    }
    metadata.setFromTree(format, root);
    return metadata;
  }

  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) parent.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }

  /** Ends the file and renames it into place; idempotent. A GIF with no frame is not made (it would not open). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (written > 0) {
        writer.endWriteSequence();
      }
      out.close();
      if (written > 0) {
        WholeFiles.moveIntoPlace(temp, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the GIF " + file + ": " + FileErrors.reason(e), e);
    } finally {
      writer.dispose();
      WholeFiles.discard(temp);
    }
  }

  /** Gives the animation up (its maker failed): the temporary file is deleted, no file is made; idempotent. */
  public void discard() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      // Deleted below all the same.
    } finally {
      writer.dispose();
      WholeFiles.discard(temp);
    }
  }
}
