package dev.zoomorph.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
  @TempDir Path dir;

  private static byte[] idxImages(int count, int rows, int cols) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < count * rows * cols; i++) {
      out.writeByte((i * 7) & 0xff);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  @Test
  void readsPlainAndGzippedIdxWithLabels() throws Exception {
    byte[] images = idxImages(3, 4, 5);
    Path plain = dir.resolve("x-images-idx3-ubyte");
    Files.write(plain, images);
    Files.write(dir.resolve("x-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 2, 0, 1});
    ImageSet set = DataSources.open(plain.toString(), 1, 28, w -> {});
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.width()).isEqualTo(5);
    assertThat(set.height()).isEqualTo(4);
    assertThat(set.images().get(1)[2]).isEqualTo(((22 * 7) & 0xff) / 255f);
    assertThat(set.labels()).containsExactly(2, 0, 1);
    assertThat(set.classes()).isEqualTo(3);

    Path gz = dir.resolve("y.idx.gz");
    Files.write(gz, gzip(images));
    ImageSet fromGzip = DataSources.open(gz.toString(), 1, 28, w -> {});
    assertThat(fromGzip.images().get(2)).isEqualTo(set.images().get(2));
    assertThat(fromGzip.labels()).isNull();
  }

  @Test
  void truncatedOrForeignIdxIsAClearError() throws Exception {
    byte[] images = idxImages(3, 4, 5);
    Path cut = dir.resolve("cut-idx");
    Files.write(cut, Arrays.copyOf(images, images.length - 1));
    assertThatThrownBy(() -> DataSources.open(cut.toString(), 1, 28, w -> {}))
        .isInstanceOf(DataSourceException.class).hasMessageContaining(cut + ": truncated IDX file");
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello world, not an idx file");
    assertThatThrownBy(() -> DataSources.open(text.toString(), 1, 28, w -> {}))
        .isInstanceOf(DataSourceException.class).hasMessageContaining("is not an IDX image file");
    assertThatThrownBy(() -> DataSources.open(dir.resolve("absent").toString(), 1, 28, w -> {}))
        .hasMessageContaining("absent is neither");
  }

  /** Grey data trains colour models as grey RGB, as a folder's grey pictures do. */
  @Test
  void greyIdxDataGivesGreyRgbForColour() throws Exception {
    Path idx = dir.resolve("grey-idx");
    Files.write(idx, idxImages(3, 4, 5));
    ImageSet grey = DataSources.open(idx.toString(), 1, 28, w -> {});
    ImageSet rgb = DataSources.open(idx.toString(), 3, 28, w -> {});
    assertThat(rgb.channels()).isEqualTo(3);
    assertThat(rgb.size()).isEqualTo(grey.size());
    for (int n = 0; n < grey.size(); n++) {
      float[] g = grey.images().get(n);
      float[] c = rgb.images().get(n);
      for (int p = 0; p < g.length; p++) {
        assertThat(new float[] {c[3 * p], c[3 * p + 1], c[3 * p + 2]}).containsOnly(g[p]);
      }
    }
  }

  @Test
  void readsADigitSheetWithLabelsAndPadding() throws Exception {
    // A 2-column sheet of 10 rows: digit d drawn as a block of brightness (d + 1) · 20 in the cell centre.
    BufferedImage sheet = new BufferedImage(40, 200, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 40; x++) {
        int inCellX = x % 20;
        int inCellY = y % 20;
        int v = inCellX >= 5 && inCellX < 15 && inCellY >= 5 && inCellY < 15 ? (y / 20 + 1) * 20 : 0;
        sheet.getRaster().setSample(x, y, 0, v);
      }
    }
    Path file = dir.resolve("digits.png");
    ImageIO.write(sheet, "png", file.toFile());
    ImageSet set = DataSources.open(file.toString(), 1, 28, w -> {});
    assertThat(set.size()).isEqualTo(20);
    assertThat(set.width()).isEqualTo(28);
    assertThat(set.labels()).startsWith(0, 0, 1, 1, 2, 2).endsWith(9, 9);
    float[] seven = set.images().get(14);
    assertThat(seven[14 * 28 + 14]).isCloseTo(160 / 255f, org.assertj.core.data.Offset.offset(1e-3f));
    assertThat(seven[4 * 28 + 4]).isZero();
    assertThat(seven[0]).isZero();
  }

  @Test
  void readsAFolderSkippingBadImages() throws Exception {
    Path folder = dir.resolve("pics");
    Files.createDirectories(folder.resolve("sub"));
    BufferedImage red = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 60; x++) {
        red.setRGB(x, y, 0xff0000);
      }
    }
    ImageIO.write(red, "png", folder.resolve("a.png").toFile());
    ImageIO.write(red, "jpg", folder.resolve("sub/b.jpg").toFile());
    Files.writeString(folder.resolve("broken.png"), "not a png");
    Files.writeString(folder.resolve("readme.txt"), "ignored");
    List<String> warnings = new ArrayList<>();
    ImageSet colour = DataSources.open(folder.toString(), 3, 16, warnings::add);
    assertThat(colour.size()).isEqualTo(2);
    assertThat(colour.skipped()).isEqualTo(2);
    assertThat(warnings).hasSize(2).anyMatch(w -> w.contains("broken.png") && w.contains("not a decodable image"))
        .anyMatch(w -> w.contains("readme.txt") && w.contains("not a PNG, JPEG, GIF or BMP file"));
    assertThat(colour.width()).isEqualTo(16);
    assertThat(colour.images().get(0)[0]).isEqualTo(1f);
    assertThat(colour.images().get(0)[1]).isEqualTo(0f);
    ImageSet grey = DataSources.open(folder.toString(), 1, 8, w -> {});
    assertThat(grey.images().get(0)[10]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(0.01f));

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("bad.jpg"), "nope");
    assertThatThrownBy(() -> DataSources.open(empty.toString(), 1, 8, w -> {}))
        .isInstanceOf(DataSourceException.class).hasMessageContaining("has no readable images (1 files, 1 skipped)");

    // A folder of IDX files, as Fashion-MNIST's is: the message names the file to give instead.
    Path idx = dir.resolve("idx");
    Files.createDirectories(idx);
    for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")) {
      Files.write(idx.resolve(name), new byte[] {0x1f, (byte) 0x8b});
    }
    assertThatThrownBy(() -> DataSources.open(idx.toString(), 1, 8, w -> {})).hasMessage("image folder " + idx
        + " has no readable images (4 files, 4 skipped); it holds IDX files, which are read one at a time: --data "
        + idx.resolve("train-images-idx3-ubyte.gz"));
  }

  @Test
  void everyFileOfAMixedFolderIsUsedConvertedOrSkippedWithACount() throws Exception {
    Path folder = dir.resolve("mixed");
    Files.createDirectories(folder);
    // Used: 8-bit grey, 16-bit grey, RGB of another size and shape, RGBA (transparent half over black), a BMP.
    BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(5, 5, 0, 200);
    ImageIO.write(grey, "png", folder.resolve("1-grey.png").toFile());
    BufferedImage deep = new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY);
    for (int i = 0; i < 100; i++) {
      deep.getRaster().setSample(i % 10, i / 10, 0, 0xffff);
    }
    ImageIO.write(deep, "png", folder.resolve("2-deep.png").toFile());
    BufferedImage wide = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 300; i++) {
      wide.setRGB(i % 30, i / 30, 0x00ff00);
    }
    ImageIO.write(wide, "jpg", folder.resolve("3-wide.jpg").toFile());
    BufferedImage alpha = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < 100; i++) {
      alpha.setRGB(i % 10, i / 10, i % 10 < 5 ? 0x000000ff | 0xff000000 : 0x00ffffff);
    }
    ImageIO.write(alpha, "png", folder.resolve("4-alpha.png").toFile());
    ImageIO.write(wide, "bmp", folder.resolve("5-wide.bmp").toFile());
    // Skipped: empty, truncated, not an image by content, not an image by name, a hidden file.
    Files.write(folder.resolve("6-empty.png"), new byte[0]);
    byte[] png = Files.readAllBytes(folder.resolve("1-grey.png"));
    Files.write(folder.resolve("7-cut.png"), Arrays.copyOf(png, png.length / 2));
    Files.writeString(folder.resolve("8-text.jpg"), "just text");
    Files.writeString(folder.resolve("9-notes.md"), "# notes");
    Files.writeString(folder.resolve(".DS_Store"), "mac");
    List<String> warnings = new ArrayList<>();
    ImageSet set = DataSources.open(folder.toString(), 3, 8, warnings::add);
    assertThat(set.size()).isEqualTo(5);
    assertThat(set.skipped()).isEqualTo(5);
    assertThat(warnings).hasSize(5);
    assertThat(String.join("\n", warnings)).contains("6-empty.png", "7-cut.png", "8-text.jpg", "9-notes.md", ".DS_Store");
    // Grey becomes grey RGB; 16-bit white stays white (no colour conversion); transparency composites over black.
    float[] deepRgb = set.images().get(1);
    assertThat(deepRgb[0]).isEqualTo(1f);
    assertThat(deepRgb[1]).isEqualTo(1f);
    float[] overBlack = set.images().get(3);
    assertThat(overBlack[2]).as("opaque blue").isGreaterThan(0.9f);
    assertThat(overBlack[(4 * 8 + 7) * 3]).as("transparent white shows black").isZero();
    // Colour becomes grey by luma for one-channel training.
    ImageSet one = DataSources.open(folder.toString(), 1, 8, w -> {});
    assertThat(one.images().get(2)[20]).isCloseTo(0.587f, org.assertj.core.data.Offset.offset(0.03f));
  }

  /** A fake emoji-datasource-twitter package: three emoji, one with a skin tone, and one picture missing. */
  private Path emojiPackage() throws Exception {
    Path root = dir.resolve("package");
    Path pictures = Files.createDirectories(root.resolve("img/twitter/64"));
    Files.writeString(root.resolve("categories.json"), """
        {"Smileys & Emotion": {"face-smiling": ["grinning"]}, "People & Body": {"hand": ["wave"]},
         "Flags": {"flag": ["flag-x"]}}
        """);
    Files.writeString(root.resolve("emoji.json"), """
        [{"short_name": "grinning", "image": "1f600.png", "category": "Smileys & Emotion"},
         {"short_name": "wave", "image": "1f44b.png", "category": "People & Body",
          "skin_variations": {"1F3FB": {"image": "1f44b-1f3fb.png"}}},
         {"short_name": "flag-x", "image": "missing.png", "category": "Flags"}]
        """);
    int[] colours = {0xffffcc00, 0xffff8800, 0xffffe0bd};
    String[] names = {"1f600.png", "1f44b.png", "1f44b-1f3fb.png"};
    for (int n = 0; n < 3; n++) {
      BufferedImage emoji = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
      for (int y = 16; y < 48; y++) {
        for (int x = 16; x < 48; x++) {
          emoji.setRGB(x, y, colours[n]);
        }
      }
      ImageIO.write(emoji, "png", pictures.resolve(names[n]).toFile());
    }
    return root;
  }

  @Test
  void readsTwemojiWithCategoriesAsLabelsAndTheCreditTheLicenceAsksFor() throws Exception {
    List<String> warnings = new ArrayList<>();
    ImageSet set = DataSources.open("emoji:" + emojiPackage(), 3, 16, warnings::add);
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.labels()).containsExactly(0, 1, 1);
    assertThat(set.skipped()).isEqualTo(1);
    assertThat(warnings).singleElement().asString().contains("missing.png");
    assertThat(set.licence()).isEqualTo("CC-BY-4.0");
    assertThat(set.credit()).contains("Twemoji", "CC-BY 4.0", "emoji-datasource-twitter 16.0.0");
    float[] grinning = set.images().get(0);
    assertThat(grinning[0]).as("transparent corner over black").isZero();
    int centre = (8 * 16 + 8) * 3;
    assertThat(grinning[centre]).isEqualTo(1f);
    assertThat(grinning[centre + 1]).isCloseTo(0xcc / 255f, org.assertj.core.data.Offset.offset(0.01f));
    assertThatThrownBy(() -> DataSources.open("emoji:" + dir.resolve("nothing"), 3, 16, w -> {}))
        .hasMessageContaining("is not an unpacked emoji-datasource-twitter package")
        .hasMessageContaining("npm pack emoji-datasource-twitter@16.0.0");
  }

  @Test
  void randomCropsStayInsideTheImage() {
    float[] image = new float[4 * 4];
    for (int i = 0; i < image.length; i++) {
      image[i] = i;
    }
    ImageSet set = new ImageSet("t", "x", 4, 4, 1, List.of(image), null, 0);
    float[] out = new float[2 * 3 * 3];
    set.randomCrops(new SplittableRandom(1), 2, 3, 3, out);
    for (int b = 0; b < 2; b++) {
      float first = out[b * 9];
      assertThat(first).isIn(0f, 1f, 4f, 5f);
      assertThat(out[b * 9 + 4]).isEqualTo(first + 5);
    }
  }

  @Test
  void fitsCropsAndHoldsOutEveryClass() {
    float[] image = new float[4 * 4];
    Arrays.fill(image, 1f);
    List<float[]> images = new ArrayList<>();
    int[] labels = new int[10];
    for (int i = 0; i < 10; i++) {
      images.add(image);
      labels[i] = i / 5;
    }
    ImageSet set = new ImageSet("t", "x", 4, 4, 1, images, labels, 0);
    ImageSet padded = set.fitTo(8);
    assertThat(padded.images().get(0)[0]).isZero();
    assertThat(padded.images().get(0)[2 * 8 + 2]).isEqualTo(1f);
    assertThat(set.fitTo(2).images().get(0)).containsOnly(1f);
    assertThat(padded.centreCropped(4).images().get(0)).containsOnly(1f);
    ImageSet[] split = set.holdOutEvery(5);
    assertThat(split[0].size()).isEqualTo(8);
    assertThat(split[1].labels()).containsExactly(0, 1);
  }
}
