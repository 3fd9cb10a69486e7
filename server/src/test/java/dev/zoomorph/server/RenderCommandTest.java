package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  @TempDir Path dir;

  private BufferedImage render(String name, String... options) throws Exception {
    Path png = dir.resolve(name);
    String[] args = new String[options.length + 6];
    System.arraycopy(new String[] {"--preset", "default", "--backend", "cpu", "--out", png.toString()}, 0,
        args, 0, 6);
    System.arraycopy(options, 0, args, 6, options.length);
    RecordCommandTest.Run run = RecordCommandTest.run(new RenderCommand(), args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(png.toString());
    return ImageIO.read(png.toFile());
  }

  @Test
  void writesThePresetsFrameAtTheRequestedSizeAndTilesLargeOnesSeamlessly() throws Exception {
    BufferedImage whole = render("whole.png", "--size", "96x64");
    assertThat(whole.getWidth()).isEqualTo(96);
    assertThat(whole.getHeight()).isEqualTo(64);
    BufferedImage tiled = render("tiled.png", "--size", "96x64", "--tile", "40");
    for (int y = 0; y < 64; y += 7) {
      for (int x = 0; x < 96; x += 5) {
        for (int shift = 0; shift < 24; shift += 8) {
          assertThat((tiled.getRGB(x, y) >> shift) & 0xff)
              .isCloseTo((whole.getRGB(x, y) >> shift) & 0xff, org.assertj.core.data.Offset.offset(1));
        }
      }
    }
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("whole.png", "tiled.png"); // no temporary files left
  }

  @Test
  void zoomAndFrameChangeThePicture() throws Exception {
    BufferedImage base = render("base.png", "--size", "48x48");
    BufferedImage zoomed = render("zoomed.png", "--size", "48x48", "--zoom", "4");
    BufferedImage later = render("later.png", "--size", "48x48", "--frame", "60");
    assertThat(differingPixels(base, zoomed)).isGreaterThan(48 * 48 / 4);
    assertThat(differingPixels(base, later)).isGreaterThan(48 * 48 / 4);
  }

  @Test
  void badInputIsNamedBeforeAnyWork() throws Exception {
    RecordCommandTest.Run notPng = RecordCommandTest.run(new RenderCommand(),
        "--size", "32x32", "--out", dir.resolve("x.jpg").toString());
    assertThat(notPng.exitCode()).isEqualTo(2);
    assertThat(notPng.err()).contains("--out must name a .png file");
    RecordCommandTest.Run noFolder = RecordCommandTest.run(new RenderCommand(),
        "--size", "32x32", "--out", dir.resolve("missing/x.png").toString());
    assertThat(noFolder.err()).contains("does not exist or is not writable");
    Path taken = dir.resolve("taken.png");
    Files.writeString(taken, "someone's picture");
    RecordCommandTest.Run exists = RecordCommandTest.run(new RenderCommand(), "--size", "32x32", "--out",
        taken.toString());
    assertThat(exists.exitCode()).isEqualTo(2);
    assertThat(exists.err()).contains("output " + taken + " already exists; remove it or choose another name");
    assertThat(taken).hasContent("someone's picture");
    RecordCommandTest.Run badTile = RecordCommandTest.run(new RenderCommand(),
        "--size", "64x64", "--tile", "0", "--out", dir.resolve("x.png").toString());
    assertThat(badTile.exitCode()).isEqualTo(2);
    assertThat(badTile.err().lines().findFirst()).hasValue("--tile must be positive, was 0");
    RecordCommandTest.Run badFrame = RecordCommandTest.run(new RenderCommand(),
        "--size", "64x64", "--frame", "-1", "--out", dir.resolve("x.png").toString());
    assertThat(badFrame.err().lines().findFirst()).hasValue("--frame must be 0 or more, was -1");
    RecordCommandTest.Run badSize = RecordCommandTest.run(new RenderCommand(),
        "--size", "0x32", "--out", dir.resolve("x.png").toString());
    assertThat(badSize.exitCode()).isEqualTo(2);
    assertThat(badSize.err()).contains("0x32");
    RecordCommandTest.Run badPreset = RecordCommandTest.run(new RenderCommand(),
        "--preset", "nope", "--size", "32x32", "--out", dir.resolve("x.png").toString());
    assertThat(badPreset.err()).contains("no bundled preset named 'nope'");
    assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
  }

  private static int differingPixels(BufferedImage a, BufferedImage b) {
    int count = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        count += a.getRGB(x, y) == b.getRGB(x, y) ? 0 : 1;
      }
    }
    return count;
  }
}
