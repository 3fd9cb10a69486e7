package dev.zoomorph.trainer;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.output.GifAnimation;
import dev.zoomorph.output.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/** Offline use of model files: generators for them, pictures at any size, and Ha's morph animation. */
public final class Sampler {
  private Sampler() {}

  /**
   * A generator for the model: CPPN models render any view; DCGAN models render their native side. The caller closes
   * it.
   */
  public static Generator open(ModelFile model) {
    if (!model.metadata().kind().isGenerator()) {
      throw new IllegalArgumentException("a " + model.metadata().kind() + " model cleans pictures and has no latent to"
          + " sample; give a generator model (cppn-vae-gan, cppn-gan, dcgan or vae-dcgan)");
    }
    return model.metadata().kind().isCppn() ? new CppnGenerator(model.cppnWeights()) : DcganGenerator.create(model);
  }

  /**
   * The picture for {@code latent} at width×height: a CPPN renders it directly (the training image's plane, shorter
   * side spanning [−1, 1]); a DCGAN frame is scaled up bilinearly.
   */
  public static Frame picture(Generator generator, Latent latent, int width, int height) {
    Frame frame = generator.render(latent, View.of(width, height));
    if (frame.width() == width && frame.height() == height) {
      return frame;
    }
    // Scaled between images of the standard grey and RGB types: Java2D copies those without colour conversion.
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
    BufferedImage scaled = new BufferedImage(width, height, image.getType());
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return Images.toFrame(scaled);
  }

  /** How long each frame of the morph GIF shows: Ha's 60 ms. */
  public static final double MORPH_FPS = 1000.0 / 60;

  /**
   * Frame {@code k} of Ha's morph of {@code frames}: the latent swings from {@code a} to {@code b} and back along a
   * sinusoid, z(k) = a + (b − a)·(1 − cos(2πk / frames)) / 2, so the loop eases in and out at both ends. Frame 0 is
   * exactly {@code a}; frame {@code frames / 2} of an even count is exactly {@code b}.
   */
  public static Latent morphLatent(Latent a, Latent b, int k, int frames) {
    double t = (1 - Math.cos(2 * Math.PI * k / frames)) / 2;
    return a.lerp(b, t);
  }

  /**
   * Renders Ha's morph frame by frame into a looping GIF at {@link #MORPH_FPS}, telling {@code framesDone} after
   * every frame.
   */
  public static void writeMorph(Generator generator, Latent a, Latent b, int frames, int width, int height,
      Path gif, IntConsumer framesDone) {
    writeMorph(generator, a, b, frames, width, height, gif, framesDone, () -> false);
  }

  /**
   * {@link #writeMorph(Generator, Latent, Latent, int, int, int, Path, IntConsumer)} that ends early once
   * {@code stop} says so (Ctrl-C): the frames so far make a complete, playable GIF, as a recording stopped early
   * does; stopped before the first frame, no file is left. Returns the frames written.
   */
  public static int writeMorph(Generator generator, Latent a, Latent b, int frames, int width, int height,
      Path gif, IntConsumer framesDone, BooleanSupplier stop) {
    if (frames < 2) {
      throw new IllegalArgumentException("a morph needs at least 2 frames, not " + frames);
    }
    int written = 0;
    try (GifAnimation animation = new GifAnimation(gif, MORPH_FPS)) {
      for (int k = 0; k < frames && !stop.getAsBoolean(); k++) {
        animation.write(picture(generator, morphLatent(a, b, k, frames), width, height));
        written++;
        framesDone.accept(k + 1);
      }
    }
    if (written == 0) {
      try {
        Files.deleteIfExists(gif);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the empty " + gif + ": " + FileErrors.reason(e), e);
      }
    }
    return written;
  }

}
