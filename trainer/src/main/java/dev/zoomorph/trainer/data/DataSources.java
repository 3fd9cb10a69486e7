package dev.zoomorph.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.engine.generator.Pictures;
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
 *   <li>{@code emoji:FOLDER}: the 3,786 Twemoji pictures of an unpacked {@code emoji-datasource-twitter} npm package,
 *       labelled by category ({@link #readEmoji});
 *   <li>a folder of images (searched recursively, in name order), each centre-cropped to a square and resized to
 *       {@code side}; other files and unreadable images are skipped with a warning and counted.
 * </ul>
 *
 * A source whose contents cannot be trained on (empty, unreadable, not what it looks like) is a {@link
 * DataSourceException} naming it.
 */
public final class DataSources {
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private static final int IDX_IMAGES_MAGIC = 0x00000803;
  private static final int IDX_LABELS_MAGIC = 0x00000801;
  private static final int DIGIT_CELL = 20;
  private static final int MNIST_SIDE = 28;
  /** A source {@code emoji:FOLDER} reads the Twemoji pictures of an unpacked emoji-datasource-twitter package. */
  public static final String EMOJI_PREFIX = "emoji:";

  private DataSources() {}

  /**
   * Opens {@code source}.
   *
   * @param channels 1 (grey) or 3 (RGB); IDX files and the digit sheet are grey, and give grey RGB for 3
   * @param side the side image-folder images are resized to (IDX and digit images keep their 28×28)
   * @param warnings receives one line per skipped image
   */
  public static ImageSet open(String source, int channels, int side, Consumer<String> warnings) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
    }
    checkSource("data source", source);
    switch (source) {
      case "fashion-mnist":
        return inChannels(readIdx(FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz"), "Fashion-MNIST", "MIT"),
            channels);
      case "fashion-mnist-test":
        return inChannels(
            readIdx(FASHION_MNIST_DIR.resolve("t10k-images-idx3-ubyte.gz"), "Fashion-MNIST (test)", "MIT"), channels);
      default:
        break;
    }
    if (source.startsWith(EMOJI_PREFIX)) {
      return readEmoji(Path.of(source.substring(EMOJI_PREFIX.length())), channels, side, warnings);
    }
    Path path = Path.of(source);
    if (Files.isDirectory(path)) {
      try {
        return readFolder(path, channels, side, warnings);
      } catch (DataSourceException e) {
        // A folder of IDX files (Fashion-MNIST's, say) is a likely first try: name the file that would work.
        Path idx = idxImageFile(path);
        if (idx == null) {
          throw e;
        }
        throw new DataSourceException(e.getMessage() + "; it holds IDX files, which are read one at a time: "
            + "--data " + idx, e);
      }
    }
    if (path.getFileName().toString().equals("digits.png")) {
      return inChannels(readDigitSheet(path), channels);
    }
    return inChannels(readIdx(path, path.getFileName().toString(), "unknown"), channels);
  }

  /**
   * Checks that {@code source}, given as {@code option}, has the form of a source (a data set's name, emoji:FOLDER,
   * a file or a folder) before a model is built or a step taken; what it holds is read by {@link #open}.
   *
   * @throws IllegalArgumentException naming the option and the forms a source takes
   */
  public static void checkSource(String option, String source) {
    Path path = Path.of(source);
    if (!source.equals("fashion-mnist") && !source.equals("fashion-mnist-test") && !source.startsWith(EMOJI_PREFIX)
        && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
      throw new IllegalArgumentException(option + " " + source + " is neither fashion-mnist, fashion-mnist-test, an"
          + " IDX file, digits.png, emoji:FOLDER nor a folder of images");
    }
  }

  /** The first IDX image file directly in {@code folder} (training set before test set), or null. */
  private static @Nullable Path idxImageFile(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().contains("images-idx3")).sorted(
          (a, b) -> Boolean.compare(a.getFileName().toString().startsWith("t10k"),
              b.getFileName().toString().startsWith("t10k"))).findFirst().orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  /** Grey data sets train colour models as grey RGB, as a folder's grey pictures do. */
  private static ImageSet inChannels(ImageSet grey, int channels) {
    return channels == 3 ? grey.greyAsRgb() : grey;
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
        throw new DataSourceException(String.format(Locale.ROOT,
            "%s is not an IDX image file (magic 0x%08x, expected 0x%08x)", file, magic, IDX_IMAGES_MAGIC));
      }
      int count = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      if (count <= 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
        throw new DataSourceException(file + ": bad IDX dimensions " + count + "x" + rows + "x" + cols);
      }
      long needed = 16L + (long) count * rows * cols;
      if (bytes.length < needed) {
        throw new DataSourceException(
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
      throw new DataSourceException(file + ": truncated IDX file", e);
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
      throw new DataSourceException(file + ": truncated IDX label file");
    }
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    int magic = buf.getInt();
    int count = buf.getInt();
    if (magic != IDX_LABELS_MAGIC || count != expected || bytes.length < 8 + count) {
      throw new DataSourceException(file + ": not an IDX label file for " + expected + " images (magic "
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
          throw new DataSourceException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
      }
      return raw;
    } catch (IOException e) {
      throw new DataSourceException("cannot read data file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads OpenCV's digits.png: 20×20 cells, five rows of cells per digit 0-9, each padded to 28×28. */
  public static ImageSet readDigitSheet(Path file) {
    BufferedImage sheet = Pictures.decode(file);
    if (sheet == null) {
      throw new DataSourceException(file + ": not a readable image");
    }
    int cols = sheet.getWidth() / DIGIT_CELL;
    int rows = sheet.getHeight() / DIGIT_CELL;
    if (cols == 0 || rows == 0 || sheet.getWidth() % DIGIT_CELL != 0 || sheet.getHeight() % DIGIT_CELL != 0
        || rows % 10 != 0) {
      throw new DataSourceException(file + ": a digit sheet is a grid of 20x20 cells with a multiple of 10 rows, "
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

  /**
   * Reads every image under {@code folder}, centre-cropped to a square and resized to side×side (see {@link
   * Pictures}: grey and colour pictures convert to the channels asked for, transparency composites over black). Files
   * that are not PNG, JPEG, GIF or BMP by name, and image files that are empty or do not decode, are skipped and
   * counted, one warning each.
   */
  public static ImageSet readFolder(Path folder, int channels, int side, Consumer<String> warnings) {
    if (side <= 0 || side > 1024) {
      throw new IllegalArgumentException("image side must be in 1..1024, was " + side);
    }
    Folder pictures = readPictures(folder, warnings);
    List<float[]> images = new ArrayList<>();
    for (BufferedImage image : pictures.pictures()) {
      images.add(Pictures.square(image, channels, side));
    }
    return new ImageSet(folder.getFileName().toString(), "unknown", side, side, channels, images, null,
        pictures.skipped());
  }

  /** The decoded pictures of a folder, in name order, and how many files were skipped. */
  public record Folder(List<BufferedImage> pictures, int skipped) {}

  /**
   * Every picture under {@code folder} as decoded, in name order; other files are skipped and counted as {@link
   * #readFolder} says.
   *
   * @throws DataSourceException when the folder cannot be listed or holds no readable picture
   */
  public static Folder readPictures(Path folder, Consumer<String> warnings) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new DataSourceException("cannot list image folder " + folder + ": " + e.getMessage(), e);
    }
    List<BufferedImage> pictures = new ArrayList<>();
    int skipped = 0;
    for (Path file : files) {
      if (!looksLikeImage(file)) {
        warnings.accept("skipped " + file + ": not a PNG, JPEG, GIF or BMP file");
        skipped++;
        continue;
      }
      BufferedImage image = Pictures.decode(file);
      if (image == null) {
        warnings.accept("skipped " + file + ": empty or not a decodable image");
        skipped++;
        continue;
      }
      pictures.add(image);
    }
    if (pictures.isEmpty()) {
      throw new DataSourceException("image folder " + folder + " has no readable images (" + files.size()
          + " files, " + skipped + " skipped)");
    }
    return new Folder(pictures, skipped);
  }

  private static boolean looksLikeImage(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".gif")
        || n.endsWith(".bmp");
  }

  /** The Twemoji graphics' licence and the credit it asks for, recorded in every model trained on them. */
  public static final String EMOJI_LICENCE = "CC-BY-4.0";
  public static final String EMOJI_CREDIT = "Twemoji graphics by Twitter, Inc. and other contributors, CC-BY 4.0 "
      + "(https://github.com/jdecked/twemoji), from the emoji-datasource-twitter 16.0.0 npm package (MIT, "
      + "https://github.com/iamcal/emoji-data)";

  /**
   * Reads the Twemoji pictures of an unpacked {@code emoji-datasource-twitter} package: every 64×64 PNG that
   * {@code emoji.json} lists (skin-tone variations included) from {@code img/twitter/64/}, composited over black and
   * resized to side×side, labelled by its category in the order of {@code categories.json} (0 Smileys &amp; Emotion …
   * 9 Flags). Pictures that are missing or do not decode are skipped and counted.
   */
  public static ImageSet readEmoji(Path packageDir, int channels, int side, Consumer<String> warnings) {
    Path index = packageDir.resolve("emoji.json");
    Path categoriesFile = packageDir.resolve("categories.json");
    Path pictures = packageDir.resolve("img/twitter/64");
    if (!Files.isRegularFile(index) || !Files.isRegularFile(categoriesFile) || !Files.isDirectory(pictures)) {
      throw new DataSourceException("emoji:" + packageDir + " is not an unpacked emoji-datasource-twitter "
          + "package (needs emoji.json, categories.json and img/twitter/64/); make one with: npm pack "
          + "emoji-datasource-twitter@16.0.0 && tar xzf emoji-datasource-twitter-16.0.0.tgz (then emoji:package)");
    }
    ObjectMapper json = new ObjectMapper();
    List<String> categories = new ArrayList<>();
    JsonNode entries;
    try {
      json.readTree(categoriesFile.toFile()).fieldNames().forEachRemaining(categories::add);
      entries = json.readTree(index.toFile());
    } catch (IOException e) {
      throw new DataSourceException("emoji:" + packageDir + ": cannot read its JSON: " + e.getMessage(), e);
    }
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int skipped = 0;
    for (JsonNode entry : entries) {
      int label = categories.indexOf(entry.path("category").asText());
      if (label < 0) {
        warnings.accept("skipped emoji " + entry.path("short_name").asText() + ": unknown category '"
            + entry.path("category").asText() + "'");
        skipped++;
        continue;
      }
      List<String> files = new ArrayList<>();
      files.add(entry.path("image").asText());
      entry.path("skin_variations").forEach(v -> files.add(v.path("image").asText()));
      for (String name : files) {
        BufferedImage image = name.isEmpty() ? null : Pictures.decode(pictures.resolve(name));
        if (image == null) {
          warnings.accept("skipped emoji picture " + pictures.resolve(name) + ": missing or not decodable");
          skipped++;
          continue;
        }
        images.add(Pictures.square(image, channels, side));
        labels.add(label);
      }
    }
    if (images.isEmpty()) {
      throw new DataSourceException("emoji:" + packageDir + " has no readable pictures (" + skipped
          + " skipped)");
    }
    return new ImageSet("Twemoji (emoji-datasource-twitter 16.0.0)", EMOJI_LICENCE, side, side, channels, images,
        labels.stream().mapToInt(Integer::intValue).toArray(), skipped, EMOJI_CREDIT);
  }

  /** The grey level at (x, y) in [0, 1]: the raw sample of 8-bit grey images, else Rec. 601 luma. */
  private static float grey(BufferedImage image, int x, int y) {
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return image.getRaster().getSample(x, y, 0) / 255f;
    }
    int rgb = image.getRGB(x, y);
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
  }
}
