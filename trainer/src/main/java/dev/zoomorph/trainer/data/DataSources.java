package dev.zoomorph.trainer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Opens training data. A source is one of:
 *
 * <ul>
 *   <li>{@code fashion-mnist} / {@code fashion-mnist-test}: Debian's dataset-fashion-mnist training / test split;
 *   <li>an IDX image file (MNIST format, plain or gzip), with labels read from the matching {@code labels-idx1} file
 *       when it exists next to it;
 *   <li>a file named {@code digits.png}: OpenCV's sheet of 5000 handwritten 20×20 digits (50 rows × 100 columns, five
 *       rows per digit), each padded to 28×28 like MNIST;
 *   <li>a folder of images (searched recursively, in name order), each centre-cropped to a square and resized to
 *       {@code side}; unreadable images are skipped with a warning and counted.
 * </ul>
 *
 * An empty or unreadable source is an {@link IllegalArgumentException} naming it.
 */
public final class DataSources {
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private static final int IDX_IMAGES_MAGIC = 0x00000803;
  private static final int IDX_LABELS_MAGIC = 0x00000801;
  private static final int DIGIT_CELL = 20;
  private static final int MNIST_SIDE = 28;

  private DataSources() {}

  /**
   * Opens {@code source}.
   *
   * @param channels 1 (grey) or 3 (RGB); IDX files and the digit sheet are grey only
   * @param side the side image-folder images are resized to (IDX and digit images keep their 28×28)
   * @param warnings receives one line per skipped image
   */
  public static ImageSet open(String source, int channels, int side, Consumer<String> warnings) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
    }
    switch (source) {
      case "fashion-mnist":
        return requireGrey(readIdx(FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz"), "Fashion-MNIST", "MIT"),
            channels);
      case "fashion-mnist-test":
        return requireGrey(
            readIdx(FASHION_MNIST_DIR.resolve("t10k-images-idx3-ubyte.gz"), "Fashion-MNIST (test)", "MIT"), channels);
      default:
        break;
    }
    Path path = Path.of(source);
    if (Files.isDirectory(path)) {
      return readFolder(path, channels, side, warnings);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("data source " + source
          + " is neither fashion-mnist, fashion-mnist-test, an IDX file, digits.png nor a folder of images");
    }
    if (path.getFileName().toString().equals("digits.png")) {
      return requireGrey(readDigitSheet(path), channels);
    }
    return requireGrey(readIdx(path, path.getFileName().toString(), "unknown"), channels);
  }

  private static ImageSet requireGrey(ImageSet set, int channels) {
    if (channels != 1) {
      throw new IllegalArgumentException("data set " + set.name() + " is grey; train it with 1 channel");
    }
    return set;
  }

  /** Reads an IDX image file (and its labels file, if it lies next to it). */
  public static ImageSet readIdx(Path file, String name, String licence) {
    byte[] bytes = readMaybeGzip(file);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    List<float[]> images = new ArrayList<>();
    int rows;
    int cols;
    try {
      int magic = in.readInt();
      if (magic != IDX_IMAGES_MAGIC) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%s is not an IDX image file (magic 0x%08x, expected 0x%08x)", file, magic, IDX_IMAGES_MAGIC));
      }
      int count = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      if (count <= 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
        throw new IllegalArgumentException(file + ": bad IDX dimensions " + count + "x" + rows + "x" + cols);
      }
      long needed = 16L + (long) count * rows * cols;
      if (bytes.length < needed) {
        throw new IllegalArgumentException(
            file + ": truncated IDX file: " + bytes.length + " bytes, " + needed + " needed for " + count + " images");
      }
      byte[] pixels = new byte[rows * cols];
      for (int i = 0; i < count; i++) {
        in.readFully(pixels);
        float[] image = new float[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
          image[p] = (pixels[p] & 0xff) / 255f;
        }
        images.add(image);
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": truncated IDX file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int @Nullable [] labels = null;
    String fileName = file.getFileName().toString();
    if (fileName.contains("images-idx3")) {
      Path labelFile = file.resolveSibling(fileName.replace("images-idx3", "labels-idx1"));
      if (Files.isRegularFile(labelFile)) {
        labels = readIdxLabels(labelFile, images.size());
      }
    }
    return new ImageSet(name, licence, cols, rows, 1, images, labels, 0);
  }

  private static int[] readIdxLabels(Path file, int expected) {
    byte[] bytes = readMaybeGzip(file);
    if (bytes.length < 8) {
      throw new IllegalArgumentException(file + ": truncated IDX label file");
    }
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    int magic = buf.getInt();
    int count = buf.getInt();
    if (magic != IDX_LABELS_MAGIC || count != expected || bytes.length < 8 + count) {
      throw new IllegalArgumentException(file + ": not an IDX label file for " + expected + " images (magic "
          + Integer.toHexString(magic) + ", " + count + " labels, " + bytes.length + " bytes)");
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[8 + i] & 0xff;
    }
    return labels;
  }

  private static byte[] readMaybeGzip(Path file) {
    try {
      byte[] raw = Files.readAllBytes(file);
      if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          return gz.readAllBytes();
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
      }
      return raw;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read data file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads OpenCV's digits.png: 20×20 cells, five rows of cells per digit 0-9, each padded to 28×28. */
  public static ImageSet readDigitSheet(Path file) {
    BufferedImage sheet = decode(file);
    if (sheet == null) {
      throw new IllegalArgumentException(file + ": not a readable image");
    }
    int cols = sheet.getWidth() / DIGIT_CELL;
    int rows = sheet.getHeight() / DIGIT_CELL;
    if (cols == 0 || rows == 0 || sheet.getWidth() % DIGIT_CELL != 0 || sheet.getHeight() % DIGIT_CELL != 0
        || rows % 10 != 0) {
      throw new IllegalArgumentException(file + ": a digit sheet is a grid of 20x20 cells with a multiple of 10 rows, "
          + "this image is " + sheet.getWidth() + "x" + sheet.getHeight());
    }
    int rowsPerDigit = rows / 10;
    int pad = (MNIST_SIDE - DIGIT_CELL) / 2;
    List<float[]> images = new ArrayList<>();
    int[] labels = new int[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float[] image = new float[MNIST_SIDE * MNIST_SIDE];
        for (int y = 0; y < DIGIT_CELL; y++) {
          for (int x = 0; x < DIGIT_CELL; x++) {
            image[(y + pad) * MNIST_SIDE + x + pad] = grey(sheet, c * DIGIT_CELL + x, r * DIGIT_CELL + y);
          }
        }
        labels[images.size()] = r / rowsPerDigit;
        images.add(image);
      }
    }
    return new ImageSet("OpenCV digits", "BSD-3-Clause (OpenCV samples)", MNIST_SIDE, MNIST_SIDE, 1, images, labels,
        0);
  }

  /** Reads every image under {@code folder}, centre-cropped to a square and resized to side×side. */
  public static ImageSet readFolder(Path folder, int channels, int side, Consumer<String> warnings) {
    if (side <= 0 || side > 1024) {
      throw new IllegalArgumentException("image side must be in 1..1024, was " + side);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).filter(DataSources::looksLikeImage).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list image folder " + folder + ": " + e.getMessage(), e);
    }
    List<float[]> images = new ArrayList<>();
    int skipped = 0;
    for (Path file : files) {
      BufferedImage image = decode(file);
      if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
        warnings.accept("skipped " + file + ": not a decodable image");
        skipped++;
        continue;
      }
      images.add(square(image, channels, side));
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("image folder " + folder + " has no readable images (" + files.size()
          + " image files, " + skipped + " skipped)");
    }
    return new ImageSet(folder.getFileName().toString(), "unknown", side, side, channels, images, null, skipped);
  }

  /** An image centre-cropped to a square and resized to side×side, as values in [0, 1] (grey or RGB). */
  public static float[] square(BufferedImage image, int channels, int side) {
    return toArray(resizeSquare(image, side), channels);
  }

  private static boolean looksLikeImage(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".gif")
        || n.endsWith(".bmp");
  }

  private static @Nullable BufferedImage decode(Path file) {
    try {
      return ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static BufferedImage resizeSquare(BufferedImage image, int side) {
    int s = Math.min(image.getWidth(), image.getHeight());
    BufferedImage square = image.getSubimage((image.getWidth() - s) / 2, (image.getHeight() - s) / 2, s, s);
    // Halve while far above the target so bilinear sampling does not alias.
    BufferedImage current = square;
    int size = s;
    while (size / 2 >= side * 2) {
      size /= 2;
      current = draw(current, size);
    }
    return draw(current, side);
  }

  private static BufferedImage draw(BufferedImage source, int side) {
    // Grey stays grey: drawing grey into RGB would apply Java2D's linear-to-sRGB conversion and brighten it.
    int type = isGrey(source) ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(side, side, type);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, side, side, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static float[] toArray(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] out = new float[w * h * channels];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * channels;
        if (channels == 1) {
          out[i] = grey(image, x, y);
        } else if (isGrey(image)) {
          out[i] = out[i + 1] = out[i + 2] = grey(image, x, y);
        } else {
          int rgb = image.getRGB(x, y);
          out[i] = ((rgb >> 16) & 0xff) / 255f;
          out[i + 1] = ((rgb >> 8) & 0xff) / 255f;
          out[i + 2] = (rgb & 0xff) / 255f;
        }
      }
    }
    return out;
  }

  private static boolean isGrey(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_BYTE_GRAY;
  }

  /** The grey level at (x, y) in [0, 1]: the raw sample of 8-bit grey images, else Rec. 601 luma. */
  private static float grey(BufferedImage image, int x, int y) {
    if (isGrey(image)) {
      return image.getRaster().getSample(x, y, 0) / 255f;
    }
    int rgb = image.getRGB(x, y);
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
  }
}
