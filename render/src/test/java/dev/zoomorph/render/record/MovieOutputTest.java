package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MovieOutputTest {
  private static final ZoomPath ZOOM = new ZoomPath(1, 8, 0.1, -0.2, 0);

  @TempDir Path dir;

  private static RecordSettings settings(Path out, int frames) {
    return new RecordSettings(64, 48, 25, frames, ZOOM, out, Shard.WHOLE, false, RecordSettings.DEFAULT_TILE_SIDE);
  }

  /** Decodes the whole movie: its frames as images. */
  static List<BufferedImage> decode(Path mp4) throws Exception {
    List<BufferedImage> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getFrameRate()).isEqualTo(25.0);
      org.bytedeco.javacv.Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        BufferedImage copy = converter.getBufferedImage(frame);
        BufferedImage owned = new BufferedImage(copy.getWidth(), copy.getHeight(), BufferedImage.TYPE_INT_RGB);
        owned.getGraphics().drawImage(copy, 0, 0, null);
        frames.add(owned);
      }
      grabber.stop();
    }
    return frames;
  }

  /** Mean absolute difference per sample between a decoded colour frame and what was rendered. */
  static double meanError(BufferedImage decoded, Frame expected) {
    Frame got = Images.toFrame(decoded);
    assertThat(got.pixels()).hasSameSizeAs(expected.pixels());
    double sum = 0;
    for (int i = 0; i < got.pixels().length; i++) {
      sum += Math.abs((got.pixels()[i] & 0xff) - (expected.pixels()[i] & 0xff));
    }
    return sum / got.pixels().length;
  }

  @Test
  void mp4DecodesBackToEveryFrameAtItsSize() throws Exception {
    Path movie = dir.resolve("zoom.mp4");
    RecordResult result = Shots.record(new Recorder(settings(movie, 20)), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, 20), ProgressListener.NONE);
    assertThat(result.rendered()).isEqualTo(20);

    List<BufferedImage> frames = decode(movie);
    assertThat(frames).hasSize(20);
    assertThat(frames).allSatisfy(f -> assertThat(new int[] {f.getWidth(), f.getHeight()}).containsExactly(64, 48));
    Frame last = ReferenceCppn.random(3, 1).render(lastLatent(20), ZOOM.viewAt(19, 20, 64, 48));
    assertThat(meanError(frames.get(19), last)).as("H.264 is lossy but close").isLessThan(12);
  }

  /** 29.97 fps is NTSC's 30000/1001 in the file, as editors expect, not the 2997/100 FFmpeg makes of the number. */
  @Test
  void ntscRatesAreStatedAsTheRationalsTheyStandFor() throws Exception {
    Path movie = dir.resolve("ntsc.mp4");
    RecordSettings ntsc = new RecordSettings(64, 48, 29.97, 3, ZOOM, movie, Shard.WHOLE, false,
        RecordSettings.DEFAULT_TILE_SIDE);
    Shots.record(new Recorder(ntsc), ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(grabber.getFrameRate()).isCloseTo(30000.0 / 1001, within(1e-9));
      grabber.stop();
    }
    assertThat(Mp4Movie.containerRate(23.976)).isEqualTo(24000.0 / 1001);
    assertThat(Mp4Movie.containerRate(59.94)).isEqualTo(60000.0 / 1001);
    assertThat(Mp4Movie.containerRate(30)).isEqualTo(30);
    assertThat(Mp4Movie.containerRate(12.5)).isEqualTo(12.5);
    assertThat(Mp4Movie.containerRate(29.5)).isEqualTo(29.5);
  }

  private static dev.zoomorph.engine.latent.Latent lastLatent(int frames) {
    var it = ReferenceCppn.latents(8, 5, frames);
    dev.zoomorph.engine.latent.Latent z = it.next();
    while (it.hasNext()) {
      z = it.next();
    }
    return z;
  }

  @Test
  void framesLargerThanTheH264EncoderTakesAreVp9InTheMp4() throws Exception {
    Path movie = dir.resolve("8k.mp4");
    int width = 7680;
    int height = 4320;
    RecordSettings eightK = new RecordSettings(width, height, 25, 3, ZOOM, movie, Shard.WHOLE, false,
        RecordSettings.DEFAULT_TILE_SIDE);
    Frame last;
    try (CppnGenerator generator = new CppnGenerator(ReferenceCppn.weights(3, 1))) {
      Shots.record(new Recorder(eightK), generator, ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
      var latents = ReferenceCppn.latents(8, 5, 3);
      latents.next();
      latents.next();
      last = generator.render(latents.next(), ZOOM.viewAt(2, 3, width, height));
    }
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("vp9");
      assertThat(new int[] {grabber.getImageWidth(), grabber.getImageHeight()}).containsExactly(width, height);
      assertThat(grabber.getFrameRate()).isEqualTo(25.0);
      org.bytedeco.javacv.Frame frame = grabber.grabImage();
      int frames = 0;
      double error = 0;
      int samples = 0;
      while (frame != null) {
        frames++;
        if (frames == 3) {
          // Every 16th pixel of the last frame, decoded (BGR) against the one rendered (RGB).
          java.nio.ByteBuffer bgr = (java.nio.ByteBuffer) frame.image[0];
          for (int y = 0; y < height; y += 16) {
            for (int x = 0; x < width; x += 16) {
              for (int c = 0; c < 3; c++) {
                int decoded = bgr.get(y * frame.imageStride + 3 * x + (2 - c)) & 0xff;
                error += Math.abs(decoded - (last.pixels()[(y * width + x) * 3 + c] & 0xff));
                samples++;
              }
            }
          }
        }
        frame = grabber.grabImage();
      }
      grabber.stop();
      assertThat(frames).isEqualTo(3);
      assertThat(error / samples).as("VP9 is lossy but close").isLessThan(6);
    }
  }

  /** 16 pixels a side is the smallest frame OpenH264 takes; a smaller one is refused before a file is made. */
  @Test
  void theSmallestMp4Is16PixelsASide() throws Exception {
    Path movie = dir.resolve("small.mp4");
    Shots.record(new Recorder(new RecordSettings(16, 16, 25, 3, ZOOM, movie, Shard.WHOLE, false, 1024)),
        ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
    // Counted, not decoded to images: JavaCV's image converter trips an assertion of its own on frames this small.
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(new int[] {grabber.getImageWidth(), grabber.getImageHeight()}).containsExactly(16, 16);
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      grabber.stop();
      assertThat(frames).isEqualTo(3);
    }

    Path narrow = dir.resolve("narrow.mp4");
    assertThatThrownBy(() -> new Recorder(new RecordSettings(14, 16, 25, 3, ZOOM, narrow, Shard.WHOLE, false, 1024)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MP4 (H.264) needs a width and height of at least 16 pixels, was 14x16");
    assertThat(narrow).doesNotExist();
  }

  @Test
  void aStoppedMp4RecordingIsAPlayableMovieOfTheFramesSoFar() throws Exception {
    Path movie = dir.resolve("stopped.mp4");
    Recorder recorder = new Recorder(settings(movie, 30));
    RecordResult result = Shots.record(recorder, ReferenceCppn.random(1, 3), ReferenceCppn.latents(8, 5, 30),
        (done, total) -> {
          if (done == 7) {
            recorder.stop();
          }
        });
    assertThat(result.stopped()).isTrue();
    assertThat(result.rendered()).isBetween(7, 8);
    assertThat(decode(movie)).hasSize(result.rendered());
  }

  @Test
  void gifLoopsForeverWithEveryFrameAndTheFrameRate() throws Exception {
    Path gif = dir.resolve("zoom.gif");
    Shots.record(new Recorder(new RecordSettings(64, 48, 30, 9, ZOOM, gif, Shard.WHOLE, false, 1024)),
        ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 9), ProgressListener.NONE);

    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(9);
      int totalDelay = 0;
      for (int i = 0; i < 9; i++) {
        assertThat(reader.getWidth(i)).isEqualTo(64);
        assertThat(reader.getHeight(i)).isEqualTo(48);
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        totalDelay += Integer.parseInt(control.getAttribute("delayTime"));
        if (i == 0) {
          IIOMetadataNode app = (IIOMetadataNode) root.getElementsByTagName("ApplicationExtension").item(0);
          assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
          assertThat((byte[]) app.getUserObject()).containsExactly(1, 0, 0);
        }
      }
      assertThat(totalDelay).as("9 frames at 30 fps = 30 hundredths").isEqualTo(30);
      // The palette keeps colour frames close to what was rendered.
      BufferedImage first = reader.read(0);
      Frame rendered = ReferenceCppn.random(3, 1).render(ReferenceCppn.latents(8, 5, 9).next(), ZOOM.viewAt(0, 9, 64, 48));
      assertThat(meanError(first, rendered)).isLessThan(4);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void greyGifKeepsEveryGreyLevel() throws Exception {
    Path gif = dir.resolve("grey.gif");
    Shots.record(new Recorder(new RecordSettings(64, 48, 10, 3, ZOOM, gif, Shard.WHOLE, false, 1024)),
        ReferenceCppn.random(1, 2), ReferenceCppn.latents(8, 5, 3), ProgressListener.NONE);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(3);
      Frame decoded = Images.toFrame(reader.read(2));
      Frame rendered = ReferenceCppn.random(1, 2).render(lastLatent(3), ZOOM.viewAt(2, 3, 64, 48));
      for (int i = 0; i < rendered.pixels().length; i++) {
        assertThat(decoded.pixels()[3 * i] & 0xff).isEqualTo(rendered.pixels()[i] & 0xff);
      }
    } finally {
      reader.dispose();
    }
  }

  @Test
  void assembleJoinsAPngSequenceIntoAnMp4() throws Exception {
    Path frames = dir.resolve("frames");
    Shots.record(new Recorder(settings(frames, 12)), ReferenceCppn.random(3, 1), ReferenceCppn.latents(8, 5, 12),
        ProgressListener.NONE);
    Path movie = dir.resolve("out/movie.mp4");
    assertThat(Assembler.recordedFps(frames)).hasValue(25);
    assertThat(Assembler.recordedFps(dir)).isEmpty();
    Assembler assembler = new Assembler(frames, movie, 25, null);
    assertThat(assembler.frameCount()).isEqualTo(12);
    List<Integer> progress = new ArrayList<>();
    assertThat(assembler.run((d, t) -> progress.add(d))).isEqualTo(12);
    assertThat(progress).startsWith(0, 1).endsWith(12);

    List<BufferedImage> decoded = decode(movie);
    assertThat(decoded).hasSize(12);
    Frame png = Images.toFrame(ImageIO.read(frames.resolve("frame-000005.png").toFile()));
    assertThat(meanError(decoded.get(5), png)).isLessThan(12);
  }

  @Test
  void assembleRefusesGapsAndMissingFolders() throws Exception {
    Path frames = dir.resolve("frames");
    Shots.record(new Recorder(settings(frames, 6).withFrames(new Shard(2, 2))), ReferenceCppn.random(3, 1),
        ReferenceCppn.latents(8, 5, 6), ProgressListener.NONE);
    assertThatThrownBy(() -> new Assembler(frames, dir.resolve("m.mp4"), 25, null))
        .isInstanceOfSatisfying(IncompleteRecordingException.class,
            e -> assertThat(e.missing()).hasToString("0-2"))
        .hasMessageContaining("3 of its 6 frames are missing, frames 0-2");
    assertThatThrownBy(() -> new Assembler(dir.resolve("nope"), dir.resolve("m.mp4"), 25, null))
        .hasMessageContaining("does not exist");
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> new Assembler(dir.resolve("empty"), dir.resolve("m.mp4"), 25, null))
        .hasMessageContaining("holds no frames");
    assertThatThrownBy(() -> new Assembler(frames, dir.resolve("m.gif"), 25, null)).hasMessageContaining(".mp4");
    assertThat(dir.resolve("m.mp4")).doesNotExist();
  }
}
