package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.output.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepZoomTest {
  private static final int FRAMES = 40;
  /** A dive to 10⁶× about a point far from the origin, where float32 has the least room for pixel offsets. */
  private static final ZoomPath DIVE = new ZoomPath(1, 1e6, 0.2718281828459045, -0.3141592653589793, 20);

  @TempDir Path dir;

  static List<Frame> record(Generator generator, ZoomPath path, Path out) throws Exception {
    RecordSettings settings = new RecordSettings(80, 48, 30, FRAMES, path, out, Shard.WHOLE, false, 32);
    List<Latent> still = Collections.nCopies(FRAMES, Latent.gaussian(generator.latentSize(), 11));
    new Recorder(settings).run(generator, still.iterator(), ProgressListener.NONE);
    List<Frame> frames = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      frames.add(Images.toFrame(ImageIO.read(out.resolve(PngSequence.frameName(f)).toFile())));
    }
    return frames;
  }

  static double meanDifference(Frame a, Frame b) {
    double sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
    }
    return sum / a.pixels().length;
  }

  /**
   * Each step of an exponential zoom magnifies by the same factor, so consecutive frames differ by a similar amount
   * that fades gradually as the picture's detail is magnified away; a jump (precision, a wrong zoom curve, tiles out
   * of place) shows as a step far above or below its neighbours, or as frames that jitter at the deep end instead
   * of settling.
   */
  static void assertSmooth(List<Frame> frames) {
    double[] steps = new double[frames.size() - 1];
    for (int f = 0; f < steps.length; f++) {
      steps[f] = meanDifference(frames.get(f), frames.get(f + 1));
    }
    for (int f = 1; f < steps.length; f++) {
      assertThat(steps[f]).as("step %d→%d after a step of %.3f", f, f + 1, steps[f - 1])
          .isBetween(steps[f - 1] / 4 - 0.5, 2 * steps[f - 1] + 0.5);
    }
    // The last quarter of the dive is beyond 3·10⁴×: the frame content is a still, smooth patch.
    for (int f = 3 * steps.length / 4; f < steps.length; f++) {
      assertThat(steps[f]).as("deep step %d→%d", f, f + 1).isLessThan(0.5);
    }
    assertThat(steps[0]).as("the dive starts by visibly moving").isGreaterThan(1);
  }

  @Test
  void aMillionfoldZoomChangesSmoothlyFromFrameToFrame() throws Exception {
    List<Frame> frames = record(ReferenceCppn.random(3, 4), DIVE, dir.resolve("dive"));
    assertSmooth(frames);
  }

  /**
   * TensorFlow evaluates the CPPN in float32, coordinates included; along the whole dive its frames stay within one
   * level of the double-precision evaluation, so float32 costs nothing visible even at 10⁶×.
   */
  @Test
  void tensorFlowDivesToAMillionfoldAsSharplyAsDoublePrecision() throws Exception {
    List<Frame> tensorflow;
    try (CppnGenerator generator = new CppnGenerator(ReferenceCppn.weights(3, 4))) {
      tensorflow = record(generator, DIVE, dir.resolve("tf"));
    }
    List<Frame> exact = record(ReferenceCppn.random(3, 4), DIVE, dir.resolve("double"));
    for (int f = 0; f < FRAMES; f++) {
      byte[] a = tensorflow.get(f).pixels();
      byte[] b = exact.get(f).pixels();
      int worst = 0;
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
      }
      assertThat(worst).as("frame %d at zoom %.3g", f, DIVE.zoomAt(f, FRAMES)).isLessThanOrEqualTo(1);
    }
    assertSmooth(tensorflow);
  }
}
