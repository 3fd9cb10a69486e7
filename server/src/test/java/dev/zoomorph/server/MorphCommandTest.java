package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.trainer.Sampler;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code zoomorph morph} as a new user runs it: the bundled Fashion-MNIST model between an ankle boot and a trouser
 * of the test set. FFmpeg decodes the GIF to grey frames equal to the generator's renders, the first and middle
 * frames those of the two pictures' latents.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MorphCommandTest {
  private static final Path TEST_IMAGES = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  @TempDir Path dir;

  /** Test image {@code index} (0 is an ankle boot, 2 a trouser) as a grey PNG. */
  private Path fashionPicture(int index) throws Exception {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(TEST_IMAGES)))) {
      assertThat(in.readInt()).isEqualTo(0x803);
      in.readInt();
      int rows = in.readInt();
      int columns = in.readInt();
      byte[] pixels = new byte[rows * columns];
      for (int n = 0; n <= index; n++) {
        in.readFully(pixels);
      }
      BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, columns, rows, pixels);
      Path png = dir.resolve("fashion-" + index + ".png");
      ImageIO.write(image, "png", png.toFile());
      return png;
    }
  }

  @Test
  void theMorphGifIsTheGreyMorphTheGeneratorRenders() throws Exception {
    Path boot = fashionPicture(0);
    Path trouser = fashionPicture(2);
    Path gif = dir.resolve("morph.gif");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute("morph", "--model", "fashion-cppn-vae-gan", "--from", boot.toString(), "--to",
        trouser.toString(), "--out", gif.toString(), "--frames", "8", "--size", "64x64", "--quiet");
    assertThat(code).as(err.toString()).isZero();

    ModelFile model = ModelFile.load("fashion-cppn-vae-gan");
    Latent a;
    Latent b;
    try (Encoder encoder = Encoder.of(model)) {
      a = encoder.encode(ImageIO.read(boot.toFile()));
      b = encoder.encode(ImageIO.read(trouser.toFile()));
    }
    List<Frame> decoded = DecodedFrames.ffmpeg(gif);
    assertThat(decoded).hasSize(8);
    try (Generator generator = Sampler.open(model)) {
      for (int k = 0; k < 8; k++) {
        Frame got = DecodedFrames.requireGrey(decoded.get(k));
        assertThat(new int[] {got.width(), got.height()}).containsExactly(64, 64);
        Frame expected = Sampler.picture(generator, Sampler.morphLatent(a, b, k, 8), 64, 64);
        assertThat(got.pixels()).as("frame %d", k).isEqualTo(expected.pixels());
      }
      Frame first = Sampler.picture(generator, a, 64, 64);
      Frame middle = Sampler.picture(generator, b, 64, 64);
      assertThat(DecodedFrames.meanError(first, middle)).as("a boot is not a trouser").isGreaterThan(10);
      assertThat(DecodedFrames.requireGrey(decoded.get(0)).pixels()).isEqualTo(first.pixels());
      assertThat(DecodedFrames.requireGrey(decoded.get(4)).pixels()).isEqualTo(middle.pixels());
    }
  }
}
