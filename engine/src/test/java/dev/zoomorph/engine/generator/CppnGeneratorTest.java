package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CppnGeneratorTest {

  private static final CppnSpec SPEC = new CppnSpec(8, 16, 3, 3, 8f);
  private static final CppnWeights WEIGHTS = CppnWeights.random(SPEC, 42);
  private static final Latent LATENT = Latent.gaussian(SPEC.latentSize(), 7);

  private static CppnGenerator generator;

  @BeforeAll
  static void build() {
    generator = new CppnGenerator(WEIGHTS);
  }

  @AfterAll
  static void close() {
    generator.close();
  }

  @Test
  void sameSeedAndLatentGiveIdenticalPixels() {
    View view = new View(48, 40, 0.2, -0.1, 1.5, 20);
    Frame first = generator.render(LATENT, view);
    try (CppnGenerator other = new CppnGenerator(CppnWeights.random(SPEC, 42))) {
      assertThat(other.render(LATENT, view).pixels()).isEqualTo(first.pixels());
    }
    assertThat(generator.render(LATENT, view).pixels()).isEqualTo(first.pixels());
  }

  @Test
  void differentLatentsAndSeedsGiveDifferentImages() {
    View view = View.of(48, 40);
    Frame base = generator.render(LATENT, view);
    Frame otherLatent = generator.render(Latent.gaussian(SPEC.latentSize(), 8), view);
    assertThat(meanAbsoluteDifference(base, otherLatent)).isGreaterThan(10);
    try (CppnGenerator otherSeed = new CppnGenerator(CppnWeights.random(SPEC, 43))) {
      assertThat(meanAbsoluteDifference(base, otherSeed.render(LATENT, view))).isGreaterThan(10);
    }
  }

  @Test
  void netFollowsTheCppnSpecFormula() {
    CppnSpec spec = new CppnSpec(5, 12, 4, 3, 6.5f);
    CppnWeights weights = CppnWeights.random(spec, 3);
    Latent latent = Latent.gaussian(5, 11);
    View view = new View(41, 29, 0.3, -0.25, 1.7, 30);
    try (CppnGenerator cppn = new CppnGenerator(weights)) {
      Frame frame = cppn.render(latent, view);
      int[][] probes = {{0, 0}, {40, 28}, {40, 0}, {0, 28}, {20, 14}, {17, 5}, {3, 22}, {33, 9}};
      for (int[] p : probes) {
        double[] expected = CppnReference.evaluate(weights, latent, view, p[0], p[1]);
        for (int c = 0; c < 3; c++) {
          assertThat(frame.sample(p[0], p[1], c))
              .as("pixel (%d, %d) channel %d, reference %f", p[0], p[1], c, expected[c])
              .isCloseTo((int) Math.round(expected[c] * 255), org.assertj.core.data.Offset.offset(1));
        }
      }
    }
  }

  @Test
  void greyNetworksRenderOneChannel() {
    CppnSpec spec = new CppnSpec(4, 8, 1, 1, 3f);
    CppnWeights weights = CppnWeights.random(spec, 9);
    Latent latent = Latent.gaussian(4, 1);
    View view = View.of(9, 7);
    try (CppnGenerator grey = new CppnGenerator(weights)) {
      assertThat(grey.channels()).isEqualTo(1);
      Frame frame = grey.render(latent, view);
      assertThat(frame.channels()).isEqualTo(1);
      for (int j = 0; j < 7; j++) {
        for (int i = 0; i < 9; i++) {
          double expected = CppnReference.evaluate(weights, latent, view, i, j)[0];
          assertThat(frame.sample(i, j, 0)).isCloseTo((int) Math.round(expected * 255),
              org.assertj.core.data.Offset.offset(1));
        }
      }
    }
  }

  @Test
  void tilesJoinSeamlessly() {
    View view = new View(53, 37, -0.4, 0.1, 0.8, -15);
    try (CppnGenerator smallTiles = new CppnGenerator(WEIGHTS, 97, CppnGenerator.MAX_KEPT_OFFSET_PIXELS, 1)) {
      byte[] expected = generator.render(LATENT, view).pixels();
      assertThat(smallTiles.render(LATENT, view).pixels()).isEqualTo(expected);
      // again, with frames whose last tiles are shorter in between, so batch shapes are built, kept and dropped
      for (int side = 3; side <= 15; side += 2) {
        assertThat(smallTiles.render(LATENT, View.of(side, 7)).pixels())
            .isEqualTo(generator.render(LATENT, View.of(side, 7)).pixels());
      }
      assertThat(smallTiles.render(LATENT, view).pixels()).isEqualTo(expected);
    }
  }

  @Test
  void offsetsKeptBetweenFramesFollowTheView() {
    // One generator keeps each view's pixel offsets, the other computes them tile by tile for every frame: their
    // frames are the same bytes, also when the view changes between frames (kept offsets of the last view would
    // draw the old view's picture).
    View first = new View(61, 43, 0.2, -0.1, 1.3, 10);
    List<View> views = List.of(first, first.withZoom(2.6), first.withCenter(-0.3, 0.4), first.withRotation(75),
        first.withSize(43, 61), first);
    try (CppnGenerator computing = new CppnGenerator(WEIGHTS, 500, 0, 1)) {
      Frame previous = null;
      for (View view : views) {
        Frame frame = generator.render(LATENT, view);
        assertThat(frame.pixels()).as("%s", view).isEqualTo(computing.render(LATENT, view).pixels());
        if (previous != null && previous.width() == frame.width()) {
          assertThat(frame.pixels()).as("%s differs from the view before it", view).isNotEqualTo(previous.pixels());
        }
        previous = frame;
      }
    }
  }

  @Test
  void tilesRenderedOnSeveralThreadsMakeTheSameFrame() {
    // Small tiles, so each of the three threads takes several, in whatever order they come free; kept offsets and
    // offsets computed per tile alike.
    View view = new View(67, 45, 0.15, -0.2, 1.4, 25);
    try (CppnGenerator one = new CppnGenerator(WEIGHTS, 97, CppnGenerator.MAX_KEPT_OFFSET_PIXELS, 1);
        CppnGenerator three = new CppnGenerator(WEIGHTS, 97, CppnGenerator.MAX_KEPT_OFFSET_PIXELS, 3);
        CppnGenerator threeComputing = new CppnGenerator(WEIGHTS, 97, 0, 3)) {
      byte[] expected = one.render(LATENT, view).pixels();
      for (int k = 0; k < 3; k++) {
        assertThat(three.render(LATENT, view).pixels()).isEqualTo(expected);
        assertThat(threeComputing.render(LATENT, view).pixels()).isEqualTo(expected);
      }
      assertThat(three.renderValues(LATENT, view)).isEqualTo(one.renderValues(LATENT, view));
      // fewer tiles than threads
      assertThat(three.render(LATENT, View.of(9, 7)).pixels()).isEqualTo(one.render(LATENT, View.of(9, 7)).pixels());
    }
  }

  @Test
  @Timeout(30)
  void closeEndsTheTileThreads() throws InterruptedException {
    long before = tileThreads();
    CppnGenerator three = new CppnGenerator(WEIGHTS, 97, CppnGenerator.MAX_KEPT_OFFSET_PIXELS, 3);
    three.render(LATENT, View.of(40, 40));
    assertThat(tileThreads()).isEqualTo(before + 2);
    three.close();
    while (tileThreads() > before) {
      Thread.sleep(10);
    }
    assertThat(tileThreads()).isEqualTo(before);
  }

  private static long tileThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("zoomorph-cppn-tiles")).count();
  }

  @Test
  void profileTimesEveryLayerAndTheJavaWork() {
    Map<String, Long> micros = generator.profile(LATENT, View.of(64, 64));
    assertThat(micros.keySet()).hasSize(SPEC.depth() + 3);
    assertThat(micros.keySet()).first().asString().startsWith("pixel offsets");
    assertThat(micros.keySet()).anySatisfy(name -> assertThat(name).startsWith("first layer + softplus ("))
        .anySatisfy(name -> assertThat(name).startsWith("output layer + sigmoid + 8-bit samples, transposed ("));
    assertThat(micros.values()).allSatisfy(us -> assertThat(us).isNotNegative());
    assertThat(micros.values().stream().mapToLong(Long::longValue).sum()).isPositive();
  }

  @Test
  void samplesAreTheValuesRoundedToEightBits() {
    View view = new View(64, 48, -0.1, 0.2, 0.7, 10);
    byte[] samples = generator.render(LATENT, view).pixels();
    float[] values = generator.renderValues(LATENT, view);
    for (int k = 0; k < values.length; k++) {
      assertThat(samples[k]).as("sample %d, value %s", k, values[k]).isEqualTo(Frame.toByte(values[k]));
    }
  }

  @Test
  void zoomTwoAboutTheCentreEqualsTheCentreCropOfAFrameTwiceTheSize() {
    double cx = 0.15;
    double cy = -0.3;
    Frame zoomed = generator.render(LATENT, new View(60, 40, cx, cy, 2, 0));
    Frame large = generator.render(LATENT, new View(120, 80, cx, cy, 1, 0));
    assertNearlyEqual(zoomed, crop(large, 30, 20, 60, 40));
  }

  @Test
  void centreShiftEqualsAShiftedCrop() {
    int width = 64;
    int height = 48;
    double zoom = 1.25;
    double pixel = 2 / (Math.min(width, height) * zoom); // plane units per pixel
    Frame base = generator.render(LATENT, new View(width, height, 0.1, 0.2, zoom, 0));
    Frame moved = generator.render(LATENT, new View(width, height, 0.1 + 7 * pixel, 0.2 - 5 * pixel, zoom, 0));
    // moved(i, j) shows the plane point of base(i + 7, j − 5)
    assertNearlyEqual(crop(moved, 0, 5, width - 7, height - 5), crop(base, 7, 0, width - 7, height - 5));
  }

  @Test
  void rotationByNinetyDegreesRotatesTheImage() {
    int side = 50;
    Frame upright = generator.render(LATENT, new View(side, side, 0.05, -0.1, 1.3, 0));
    Frame turned = generator.render(LATENT, new View(side, side, 0.05, -0.1, 1.3, 90));
    // View: the plane point of turned(i, j) is centre + R(90°)(u, v)/zoom = centre + (−v, u)/zoom,
    // which is the plane point of upright(side − 1 − j, i).
    byte[] expected = new byte[side * side * 3];
    for (int j = 0; j < side; j++) {
      for (int i = 0; i < side; i++) {
        for (int c = 0; c < 3; c++) {
          expected[(j * side + i) * 3 + c] = (byte) upright.sample(side - 1 - j, i, c);
        }
      }
    }
    assertNearlyEqual(turned, new Frame(side, side, 3, expected));
  }

  @Test
  void wrongLatentSizeIsAClearError() {
    assertThatThrownBy(() -> generator.render(Latent.gaussian(9, 1), View.of(8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 components")
        .hasMessageContaining("got 9");
    assertThat(generator.render(LATENT, View.of(8, 8)).width()).isEqualTo(8); // still usable
  }

  @Test
  void closeIsIdempotentAndLaterRendersFail() {
    CppnGenerator cppn = new CppnGenerator(WEIGHTS);
    cppn.close();
    cppn.close();
    assertThatThrownBy(() -> cppn.render(LATENT, View.of(4, 4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void eightKFrameRendersInBoundedHeap(@TempDir Path dir) throws IOException, InterruptedException {
    // A forked JVM whose heap holds the 100 MB frame plus little else: rendering without tiles would need
    // gigabytes of per-pixel buffers and fail with OutOfMemoryError.
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx200m");
    String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cacheDir != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CppnEightKProbe.class.getName());
    File log = dir.resolve("probe-stderr.txt").toFile();
    Process process = ChildJvm.start(new ProcessBuilder(command).redirectError(log));
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("probe failed; stderr:%n%s", Files.readString(log.toPath())).isZero();
    System.out.println("8K probe: " + out);
    assertThat(out).startsWith("frame 7680x4320x3 ");
    String[] words = out.split(" ");
    assertThat(Integer.parseInt(words[3])).as("distinct sample values").isGreaterThan(50);
    long beyondOutput = Long.parseLong(words[words.length - 1]);
    assertThat(beyondOutput).as("peak heap beyond the output array, bytes").isLessThan(48L << 20);
  }

  private static Frame crop(Frame frame, int x0, int y0, int width, int height) {
    int c = frame.channels();
    byte[] pixels = new byte[width * height * c];
    for (int j = 0; j < height; j++) {
      System.arraycopy(frame.pixels(), ((y0 + j) * frame.width() + x0) * c, pixels, j * width * c, width * c);
    }
    return new Frame(width, height, c, pixels);
  }

  /** Same picture up to float rounding of the coordinates: nearly every sample within 2, on average within 0.5. */
  private static void assertNearlyEqual(Frame actual, Frame expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    assertThat(actual.height()).isEqualTo(expected.height());
    int n = actual.pixels().length;
    int far = 0;
    for (int k = 0; k < n; k++) {
      if (Math.abs((actual.pixels()[k] & 0xff) - (expected.pixels()[k] & 0xff)) > 2) {
        far++;
      }
    }
    assertThat(far).as("samples differing by more than 2").isLessThanOrEqualTo(n / 500);
    assertThat(meanAbsoluteDifference(actual, expected)).isLessThan(0.5);
  }

  private static double meanAbsoluteDifference(Frame a, Frame b) {
    long sum = 0;
    for (int k = 0; k < a.pixels().length; k++) {
      sum += Math.abs((a.pixels()[k] & 0xff) - (b.pixels()[k] & 0xff));
    }
    return (double) sum / a.pixels().length;
  }
}
