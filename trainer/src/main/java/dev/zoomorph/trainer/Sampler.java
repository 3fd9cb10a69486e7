package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Offline use of model files: generators for them, pictures at any size, and Ha's morph animation. */
public final class Sampler {
  private Sampler() {}

  /**
   * A generator for the model: CPPN models render any view; DCGAN models render their native side. The caller closes
   * it.
   */
  public static Generator open(ModelFile model) {
    return model.metadata().kind().isCppn() ? new CppnGenerator(model.cppnWeights()) : DcganGenerator.create(model);
  }

  /**
   * The picture for {@code latent} at width×height: a CPPN renders it directly (the training image's plane, shorter
   * side spanning [−1, 1]); a DCGAN frame is scaled up bilinearly.
   */
  public static BufferedImage picture(Generator generator, Latent latent, int width, int height) {
    Frame frame = generator.render(latent, View.of(width, height));
    BufferedImage image = toImage(frame);
    if (frame.width() == width && frame.height() == height) {
      return image;
    }
    BufferedImage scaled = new BufferedImage(width, height, image.getType());
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return scaled;
  }

  static BufferedImage toImage(Frame frame) {
    BufferedImage image = new BufferedImage(frame.width(), frame.height(),
        frame.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        if (frame.channels() == 1) {
          image.getRaster().setSample(x, y, 0, frame.sample(x, y, 0));
        } else {
          image.setRGB(x, y, (frame.sample(x, y, 0) << 16) | (frame.sample(x, y, 1) << 8) | frame.sample(x, y, 2));
        }
      }
    }
    return image;
  }

  /**
   * Ha's morph: {@code frames} pictures whose latent swings from {@code a} to {@code b} and back along a sinusoid,
   * z(k) = a + (b − a)·(1 − cos(2πk / frames)) / 2, so the loop eases in and out at both ends.
   */
  public static List<BufferedImage> morph(Generator generator, Latent a, Latent b, int frames, int width, int height) {
    if (frames < 2) {
      throw new IllegalArgumentException("a morph needs at least 2 frames, not " + frames);
    }
    List<BufferedImage> out = new ArrayList<>();
    for (int k = 0; k < frames; k++) {
      double t = (1 - Math.cos(2 * Math.PI * k / frames)) / 2;
      out.add(picture(generator, a.lerp(b, t), width, height));
    }
    return out;
  }

  /** Writes {@link #morph} as a looping GIF. */
  public static void writeMorph(Generator generator, Latent a, Latent b, int frames, int width, int height,
      Path gif) {
    Images.writeGif(morph(generator, a, b, frames, width, height), 60, gif);
  }
}
