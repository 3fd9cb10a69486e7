package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.Images;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Files decoded by independent decoders (FFmpeg's, the JDK's PNG reader) and compared with rendered frames. */
final class DecodedFrames {
  private DecodedFrames() {}

  /** Every frame of a movie or animation as FFmpeg decodes it, in RGB. */
  static List<Frame> ffmpeg(Path file) throws Exception {
    List<Frame> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      grabber.start();
      org.bytedeco.javacv.Frame decoded;
      while ((decoded = grabber.grabImage()) != null) {
        int w = decoded.imageWidth;
        int h = decoded.imageHeight;
        ByteBuffer data = (ByteBuffer) decoded.image[0];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
          data.position(y * decoded.imageStride);
          data.get(rgb, y * w * 3, w * 3);
        }
        frames.add(new Frame(w, h, 3, rgb));
      }
      grabber.stop();
    }
    return frames;
  }

  /** The PNG as the JDK decodes it: grey PNGs stay one channel. */
  static Frame png(Path file) throws Exception {
    return Images.toFrame(ImageIO.read(file.toFile()));
  }

  /** Asserts R = G = B at every pixel of an RGB frame and returns its grey samples. */
  static Frame requireGrey(Frame rgb) {
    byte[] grey = new byte[rgb.width() * rgb.height()];
    for (int i = 0; i < grey.length; i++) {
      byte r = rgb.pixels()[3 * i];
      assertThat(new byte[] {rgb.pixels()[3 * i + 1], rgb.pixels()[3 * i + 2]}).as("pixel %d is grey", i)
          .containsExactly(r, r);
      grey[i] = r;
    }
    return new Frame(rgb.width(), rgb.height(), 1, grey);
  }

  /** Peak signal-to-noise ratio in dB of {@code decoded} against {@code rendered} (same size and channels). */
  static double psnr(Frame decoded, Frame rendered) {
    assertThat(decoded.channels()).isEqualTo(rendered.channels());
    assertThat(decoded.pixels()).hasSameSizeAs(rendered.pixels());
    double squares = 0;
    for (int i = 0; i < decoded.pixels().length; i++) {
      double d = (decoded.pixels()[i] & 0xff) - (rendered.pixels()[i] & 0xff);
      squares += d * d;
    }
    double mse = squares / decoded.pixels().length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Mean absolute difference per sample, in 0..255. */
  static double meanError(Frame decoded, Frame rendered) {
    assertThat(decoded.pixels()).hasSameSizeAs(rendered.pixels());
    double sum = 0;
    for (int i = 0; i < decoded.pixels().length; i++) {
      sum += Math.abs((decoded.pixels()[i] & 0xff) - (rendered.pixels()[i] & 0xff));
    }
    return sum / decoded.pixels().length;
  }
}
