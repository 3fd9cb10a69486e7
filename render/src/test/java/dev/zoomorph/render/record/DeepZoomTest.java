package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
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

  /** The latent the dives hold. */
  private static final Latent STILL = Latent.gaussian(8, 11);

  static List<Frame> record(Generator generator, ZoomPath path, Path out) throws Exception {
    RecordSettings settings = new RecordSettings(80, 48, 30, FRAMES, path, out, Shard.WHOLE, false, 32);
    List<Latent> still = Collections.nCopies(FRAMES, STILL);
    Shots.record(new Recorder(settings), generator, still.iterator(), ProgressListener.NONE);
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
   * TensorFlow evaluates the CPPN in float32. Along a dive to 10⁶× whose picture still changes at the deepest frame
   * (an edge of a high-frequency first-layer unit runs through the centre, so the deepest frame shows its ramp), its
   * frames stay within one level of the double-precision evaluation: float32 costs nothing visible. Were the pixel
   * coordinates handed to the graph as absolute float32 values, neighbouring pixels would share coordinates from
   * about 10⁵× on and the edge would step by levels.
   */
  @Test
  void tensorFlowDivesToAMillionfoldAsSharplyAsDoublePrecision() throws Exception {
    CppnWeights edge = edgeAtCentre(ReferenceCppn.weights(3, 4), DIVE, STILL);
    List<Frame> tensorflow;
    try (CppnGenerator generator = new CppnGenerator(edge)) {
      tensorflow = record(generator, DIVE, dir.resolve("tf"));
    }
    List<Frame> exact = record(new ReferenceCppn(edge), DIVE, dir.resolve("double"));
    assertThat(spread(exact.get(FRAMES - 1)))
        .as("the deepest frame is a picture, not a flat patch, so precision lost would show").isGreaterThan(20);
    for (int f = 0; f < FRAMES; f++) {
      byte[] a = tensorflow.get(f).pixels();
      byte[] b = exact.get(f).pixels();
      int worst = 0;
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
      }
      assertThat(worst).as("frame %d at zoom %.3g", f, DIVE.zoomAt(f, FRAMES)).isLessThanOrEqualTo(1);
    }
  }

  /** Standard deviation of a frame's samples. */
  static double spread(Frame frame) {
    double sum = 0;
    double squares = 0;
    for (byte b : frame.pixels()) {
      sum += b & 0xff;
      squares += (b & 0xff) * (double) (b & 0xff);
    }
    double mean = sum / frame.pixels().length;
    return Math.sqrt(squares / frame.pixels().length - mean * mean);
  }

  /**
   * {@code weights} with first-layer unit 0 turned into a sharp edge through the dive's centre: coordinate weights of
   * 10⁶ (its pre-activation spans ±4 across the frame at 10⁶×) and a bias that puts its zero at the centre for the
   * still latent, and a strong say in the hidden layer, so the picture keeps changing all the way down.
   */
  static CppnWeights edgeAtCentre(CppnWeights weights, ZoomPath dive, Latent latent) {
    CppnSpec spec = weights.spec();
    int w = spec.width();
    double gain = 1e6;
    double angle = 0.3;
    float[] wx = weights.wx().clone();
    float[] wy = weights.wy().clone();
    float[] wr = weights.wr().clone();
    float[] b0 = weights.b0().clone();
    wx[0] = (float) (gain * Math.cos(angle));
    wy[0] = (float) (gain * Math.sin(angle));
    wr[0] = 0;
    double atCentre = spec.scale() * (dive.centerX() * wx[0] + dive.centerY() * wy[0]);
    for (int i = 0; i < spec.latentSize(); i++) {
      atCentre += spec.scale() * latent.get(i) * weights.wz()[i * w];
    }
    b0[0] = (float) -atCentre;
    List<float[]> hidden = new ArrayList<>(weights.hiddenWeights());
    float[] first = hidden.get(0).clone();
    for (int j = 0; j < w; j++) {
      first[j] = (j % 2 == 0 ? 1.5f : -1.5f); // row 0: unit 0's weights into every hidden unit
    }
    hidden.set(0, first);
    return new CppnWeights(spec, weights.wz(), wx, wy, wr, b0, hidden, weights.hiddenBiases(), weights.wOut(),
        weights.bOut());
  }
}
