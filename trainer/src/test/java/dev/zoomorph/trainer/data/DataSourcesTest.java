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
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(cut + ": truncated IDX file");
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello world, not an idx file");
    assertThatThrownBy(() -> DataSources.open(text.toString(), 1, 28, w -> {}))
        .hasMessageContaining("is not an IDX image file");
    assertThatThrownBy(() -> DataSources.open(dir.resolve("absent").toString(), 1, 28, w -> {}))
        .hasMessageContaining("absent is neither");
    Path good = dir.resolve("good-idx");
    Files.write(good, images);
    assertThatThrownBy(() -> DataSources.open(good.toString(), 3, 28, w -> {})).hasMessageContaining("is grey");
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
    assertThat(colour.skipped()).isEqualTo(1);
    assertThat(warnings).singleElement().asString().contains("broken.png");
    assertThat(colour.width()).isEqualTo(16);
    assertThat(colour.images().get(0)[0]).isEqualTo(1f);
    assertThat(colour.images().get(0)[1]).isEqualTo(0f);
    ImageSet grey = DataSources.open(folder.toString(), 1, 8, w -> {});
    assertThat(grey.images().get(0)[10]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(0.01f));

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("bad.jpg"), "nope");
    assertThatThrownBy(() -> DataSources.open(empty.toString(), 1, 8, w -> {}))
        .hasMessageContaining("has no readable images (1 image files, 1 skipped)");
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
