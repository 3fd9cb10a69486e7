package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GifAnimationTest {
  @TempDir Path dir;

  /** Every grey level, twice over, in a 32x16 frame shifted by {@code shift}. */
  private static Frame greyRamp(int shift) {
    byte[] pixels = new byte[32 * 16];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i + shift);
    }
    return new Frame(32, 16, 1, pixels);
  }

  @Test
  void greyFramesCarryTheExact256GreyPalette() throws Exception {
    Path gif = dir.resolve("grey.gif");
    try (GifAnimation animation = new GifAnimation(gif, 10)) {
      animation.write(greyRamp(0));
      animation.write(greyRamp(77));
    }
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(2);
      for (int f = 0; f < 2; f++) {
        BufferedImage image = reader.read(f);
        IndexColorModel palette = (IndexColorModel) image.getColorModel();
        assertThat(palette.getMapSize()).isEqualTo(256);
        for (int i = 0; i < 256; i++) {
          assertThat(palette.getRGB(i) & 0xffffff).as("entry %d", i).isEqualTo(i * 0x010101);
        }
        Frame expected = greyRamp(f * 77);
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 32; x++) {
            assertThat(image.getRGB(x, y) & 0xffffff).isEqualTo(expected.sample(x, y, 0) * 0x010101);
          }
        }
      }
    } finally {
      reader.dispose();
    }
  }

  @Test
  void aShorterAnimationReplacesALongerFileCompletely() throws Exception {
    Path gif = dir.resolve("again.gif");
    Files.write(gif, new byte[100_000]);
    try (GifAnimation animation = new GifAnimation(gif, 10)) {
      animation.write(greyRamp(3));
    }
    assertThat(Files.size(gif)).isLessThan(10_000);
    assertThat(ImageIO.read(gif.toFile()).getWidth()).isEqualTo(32);
  }

  @Test
  void framesOfAnotherSizeAndTooFastRatesAreRefused() {
    assertThatThrownBy(() -> new GifAnimation(dir.resolve("fast.gif"), 60))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 50 fps");
    try (GifAnimation animation = new GifAnimation(dir.resolve("mixed.gif"), 10)) {
      animation.write(greyRamp(0));
      assertThatThrownBy(() -> animation.write(new Frame(8, 8, 1, new byte[64])))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the first was 32x16x1");
    }
  }

  /** Until it is closed the animation is under a temporary name; given up, it leaves nothing. */
  @Test
  void anAnimationAppearsWhenClosedAndADiscardedOneLeavesNothing() throws Exception {
    Path gif = dir.resolve("loop.gif");
    try (GifAnimation animation = new GifAnimation(gif, 10)) {
      animation.write(greyRamp(0));
      assertThat(gif).doesNotExist();
      assertThat(WholeFiles.temporariesOf(gif, ProcessHandle.current().pid())).hasSize(1);
    }
    assertThat(ImageIO.read(gif.toFile()).getWidth()).isEqualTo(32);
    assertThat(WholeFiles.temporariesOf(gif, ProcessHandle.current().pid())).isEmpty();

    Path failed = dir.resolve("failed.gif");
    GifAnimation animation = new GifAnimation(failed, 10);
    animation.write(greyRamp(0));
    animation.discard();
    animation.close();
    try (var left = Files.list(dir)) {
      assertThat(left.map(f -> f.getFileName().toString())).containsExactly("loop.gif");
    }
  }
}
