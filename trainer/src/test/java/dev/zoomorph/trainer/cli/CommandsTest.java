package dev.zoomorph.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import dev.zoomorph.output.CommandErrors;
import dev.zoomorph.output.Images;
import dev.zoomorph.trainer.DecodedImages;
import dev.zoomorph.trainer.Sampler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandsTest {
  @TempDir static Path dir;
  static Path vaeModel;
  static Path colourModel;

  @BeforeAll
  static void trainATinyModel() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(16);
    out.writeInt(10);
    out.writeInt(10);
    for (int i = 0; i < 1600; i++) {
      out.writeByte((i % 10) * 25);
    }
    Path data = dir.resolve("data-idx");
    Files.write(data, bytes.toByteArray());
    int code = run("train", "cppn-vae-gan", "--data", data.toString(), "--steps", "2", "--out",
        dir.resolve("vae.safetensors").toString(), "--latent", "4", "--width", "8", "--depth", "2", "--size", "8",
        "--encoder", "16", "--d-filters", "2", "--batch", "4", "--sample-every", "1", "--quiet").code;
    assertThat(code).isZero();
    vaeModel = dir.resolve("vae.safetensors");

    // Colour: a folder of 16 pictures of two-coloured halves.
    Path pictures = Files.createDirectories(dir.resolve("colour-data"));
    java.util.SplittableRandom random = new java.util.SplittableRandom(4);
    for (int n = 0; n < 16; n++) {
      BufferedImage picture = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
      int left = random.nextInt(0x1000000);
      int right = random.nextInt(0x1000000);
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 10; x++) {
          picture.setRGB(x, y, x < 5 ? left : right);
        }
      }
      ImageIO.write(picture, "png", pictures.resolve("p" + n + ".png").toFile());
    }
    Run colour = run("train", "cppn-vae-gan", "--data", pictures.toString(), "--channels", "3", "--steps", "2",
        "--out", dir.resolve("colour.safetensors").toString(), "--latent", "4", "--width", "8", "--depth", "2",
        "--size", "8", "--encoder", "16", "--d-filters", "2", "--batch", "4", "--sample-every", "1", "--quiet");
    assertThat(colour.code).as(colour.err).isZero();
    colourModel = dir.resolve("colour.safetensors");
  }

  static Path model(int channels) {
    return channels == 1 ? vaeModel : colourModel;
  }

  /** Two different pictures to morph between: grey, or in colour for the colour model. */
  static Path[] pictures(int channels) throws Exception {
    Path[] files = new Path[2];
    for (int i = 0; i < 2; i++) {
      BufferedImage picture = new BufferedImage(28, 28,
          channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = picture.createGraphics();
      g.setColor(i == 0 ? new java.awt.Color(230, 200, 40) : new java.awt.Color(30, 90, 220));
      if (i == 0) {
        g.fillRect(4, 4, 20, 8);
      } else {
        g.fillRect(10, 2, 8, 24);
      }
      g.dispose();
      files[i] = dir.resolve("picture-" + channels + "-" + i + ".png");
      ImageIO.write(picture, "png", files[i].toFile());
    }
    return files;
  }

  /** The trainer's commands as the server's {@code zoomorph} registers them. */
  @CommandLine.Command(name = "zoomorph", subcommands = {TrainCommand.class, SampleCommand.class,
      EncodeCommand.class, MorphCommand.class, EvaluateCommand.class, DirectionCommand.class})
  static final class TrainerCommands {}

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CommandErrors.reportedAsOneLine(new CommandLine(new TrainerCommands()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainRecordsTheCommandInTheModelFile() {
    ModelFile model = ModelFile.read(vaeModel);
    assertThat(model.metadata().command()).startsWith("zoomorph train cppn-vae-gan --data ")
        .endsWith("--batch 4 --sample-every 1 --quiet");
    assertThat(model.metadata().encoder().hidden()).containsExactly(16);
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void sampleWritesPngsThatDecodeToTheGeneratorsPictures(int channels) throws Exception {
    Path out = dir.resolve("samples-" + channels);
    Run r = run("sample", "--model", model(channels).toString(), "--count", "3", "--size", "40x30", "--seed", "5",
        "--out", out.toString(), "--quiet");
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.err).as("--quiet").isEmpty();
    try (var files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(3);
    }
    SplittableRandom random = new SplittableRandom(5);
    try (Generator generator = Sampler.open(ModelFile.read(model(channels)))) {
      for (int n = 0; n < 3; n++) {
        Path png = out.resolve(String.format("sample-%03d.png", n));
        Frame expected = Sampler.picture(generator, Latent.gaussian(4, random), 40, 30);
        assertThat(DecodedImages.isGreyPng(png)).isEqualTo(channels == 1);
        Frame decoded = DecodedImages.png(png);
        if (channels == 1) {
          DecodedImages.assertGrey(decoded);
        }
        assertThat(decoded.pixels()).as("sample %d decodes exactly", n)
            .isEqualTo(DecodedImages.asRgb(expected).pixels());
      }
    }
  }

  @Test
  void aDcganDrawnWiderThanItIsTallKeepsItsShapeAsTheShowDoes() throws Exception {
    // As the show draws it, the square picture spans the frame's height and the middle of a 90x30 frame is the 30x30
    // frame (to rounding: the same plane points, reached by other sums), not the picture stretched across the width.
    // Server's SampleMatchesTheShowTest compares sample with the show itself.
    Frame[] samples = new Frame[2];
    Frame[] morphs = new Frame[2];
    Path[] pictures = pictures(1);
    String[] sizes = {"90x30", "30x30"};
    for (int n = 0; n < 2; n++) {
      Path out = dir.resolve("dcgan-sample-" + sizes[n]);
      Run sample = run("sample", "--model", "fashion-vae-dcgan", "--count", "1", "--size", sizes[n], "--seed", "3",
          "--out", out.toString(), "--quiet");
      assertThat(sample.code).as(sample.err).isZero();
      samples[n] = DecodedImages.png(out.resolve("sample-000.png"));
      Path gif = dir.resolve("dcgan-morph-" + sizes[n] + ".gif");
      Run morph = run("morph", "--model", "fashion-vae-dcgan", "--from", pictures[0].toString(), "--to",
          pictures[1].toString(), "--out", gif.toString(), "--frames", "2", "--size", sizes[n], "--quiet");
      assertThat(morph.code).as(morph.err).isZero();
      morphs[n] = DecodedImages.gif(gif).get(0);
    }
    assertThat(DecodedImages.maxError(middle(samples[0], 30), samples[1])).as("sample").isLessThanOrEqualTo(1);
    assertThat(DecodedImages.maxError(middle(morphs[0], 30), morphs[1])).as("morph").isLessThanOrEqualTo(1);
  }

  /** The middle {@code side} columns of a frame {@code side} high. */
  private static Frame middle(Frame frame, int side) {
    int channels = frame.channels();
    byte[] out = new byte[side * side * channels];
    int left = (frame.width() - side) / 2;
    for (int y = 0; y < side; y++) {
      System.arraycopy(frame.pixels(), (y * frame.width() + left) * channels, out, y * side * channels,
          side * channels);
    }
    return new Frame(side, side, channels, out);
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void trainWritesSampleGridsAndAnEvolutionGifOfThem(int channels) throws Exception {
    Path samples = dir.resolve((channels == 1 ? "vae" : "colour") + ".safetensors.work/samples");
    List<Path> grids;
    try (var files = Files.list(samples)) {
      grids = files.sorted().toList();
    }
    assertThat(grids).hasSize(2); // --sample-every 1, 2 steps
    List<Frame> evolution = DecodedImages.gif(samples.getParent().resolve("evolution.gif"));
    assertThat(evolution).hasSameSizeAs(grids);
    for (int i = 0; i < grids.size(); i++) {
      assertThat(DecodedImages.isGreyPng(grids.get(i))).isEqualTo(channels == 1);
      Frame grid = DecodedImages.png(grids.get(i));
      assertThat(new int[] {grid.width(), grid.height()}).containsExactly(8 * 9 + 1, 8 * 9 + 1);
      assertThat(grid.sample(0, 0, 0)).as("the gap between cells").isEqualTo(Images.GRID_GAP_LEVEL);
      if (channels == 1) {
        DecodedImages.assertGrey(evolution.get(i));
        assertThat(evolution.get(i).pixels()).as("evolution frame %d is its grid, exactly", i)
            .isEqualTo(grid.pixels());
      } else {
        assertThat(DecodedImages.meanError(evolution.get(i), grid)).as("evolution frame %d", i).isLessThan(4);
      }
    }
  }

  @ParameterizedTest(name = "{0} channel(s)")
  @ValueSource(ints = {1, 3})
  void morphGifStartsAtTheFirstPictureAndReachesTheSecondHalfway(int channels) throws Exception {
    Path[] pictures = pictures(channels);
    Path gif = dir.resolve("morph-" + channels + ".gif");
    Run morph = run("morph", "--model", model(channels).toString(), "--from", pictures[0].toString(), "--to",
        pictures[1].toString(), "--out", gif.toString(), "--frames", "6", "--size", "48x40", "--quiet");
    assertThat(morph.code).as(morph.err).isZero();
    assertThat(morph.err).as("--quiet").isEmpty();

    ModelFile file = ModelFile.read(model(channels));
    Latent a;
    Latent b;
    try (Encoder encoder = Encoder.of(file)) {
      a = encoder.encode(ImageIO.read(pictures[0].toFile()));
      b = encoder.encode(ImageIO.read(pictures[1].toFile()));
    }
    List<Frame> decoded = DecodedImages.gif(gif);
    assertThat(decoded).hasSize(6);
    try (Generator generator = Sampler.open(file)) {
      Frame first = DecodedImages.asRgb(Sampler.picture(generator, a, 48, 40));
      Frame middle = DecodedImages.asRgb(Sampler.picture(generator, b, 48, 40));
      // Two training steps leave a model whose renders differ little between latents (0.04-0.12 a sample here);
      // server's MorphCommandTest morphs with the bundled Fashion-MNIST model, whose ends differ plainly.
      assertThat(first.pixels()).as("the two pictures' renders differ").isNotEqualTo(middle.pixels());
      for (int k = 0; k < 6; k++) {
        Frame expected = DecodedImages.asRgb(Sampler.picture(generator, Sampler.morphLatent(a, b, k, 6), 48, 40));
        Frame got = decoded.get(k);
        assertThat(new int[] {got.width(), got.height()}).containsExactly(48, 40);
        if (channels == 1) {
          DecodedImages.assertGrey(got);
          assertThat(got.pixels()).as("grey frame %d is exact", k).isEqualTo(expected.pixels());
        } else {
          assertThat(DecodedImages.meanError(got, expected)).as("colour frame %d", k).isLessThan(4);
        }
      }
      if (channels == 1) {
        assertThat(decoded.get(0).pixels()).isEqualTo(first.pixels());
        assertThat(decoded.get(3).pixels()).isEqualTo(middle.pixels());
      } else {
        assertThat(DecodedImages.meanError(decoded.get(0), first)).isLessThan(4);
        assertThat(DecodedImages.meanError(decoded.get(3), middle)).isLessThan(4);
      }
    }
  }

  @Test
  void encodePrintsTheLatent() throws Exception {
    Path png = pictures(1)[0];
    Run encoded = run("encode", "--model", vaeModel.toString(), png.toString());
    assertThat(encoded.code).as(encoded.err).isZero();
    assertThat(encoded.out.trim().split(",")).hasSize(4);
  }

  @Test
  void evaluateRefusesANumberOfSamplesBelowOne() {
    for (String samples : new String[] {"-5", "0"}) {
      Run r = run("evaluate", "--model", vaeModel.toString(), "--data", "fashion-mnist", "--samples", samples);
      assertThat(r.code).as(r.err).isEqualTo(2);
      assertThat(r.err.lines().toList()).containsExactly(
          "zoomorph evaluate: --samples must be in 1..1000000, was " + samples, "Try 'zoomorph evaluate --help'");
    }
  }

  @Test
  void samplingADenoiserSaysWhyAndLeavesNoFolder() {
    ModelMetadata meta = new ModelMetadata(ModelKind.DENOISER, 0, 1, 28, 28, null, null, null,
        new ModelMetadata.Denoiser(4, 0.2, 0.05), List.of(), null, 1, null, null, 1);
    List<ModelTensor> tensors = new java.util.ArrayList<>();
    ModelFile.expectedShapes(meta).forEach((name, shape) -> tensors.add(
        new ModelTensor(name, shape, new float[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)])));
    Path denoiser = dir.resolve("denoiser.safetensors");
    new ModelFile(meta, tensors).write(denoiser);
    Path out = dir.resolve("denoiser-samples");
    Run r = run("sample", "--model", denoiser.toString(), "--count", "2", "--out", out.toString(), "--quiet");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).isEqualTo("zoomorph sample: a denoiser model cleans pictures and has no latent to sample; give a"
        + " generator model (cppn-vae-gan, cppn-gan, dcgan or vae-dcgan)\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void outputsAreCheckedBeforeTheWorkByOneRule() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Run sample = run("sample", "--model", vaeModel.toString(), "--count", "1", "--out", file.toString(), "--quiet");
    assertThat(sample.code).isEqualTo(2);
    assertThat(sample.err).startsWith("zoomorph sample: --out " + file + " cannot be used: " + file
        + " is a file, not a folder\n");
    Run pictures = run("evaluate", "--model", vaeModel.toString(), "--data", "fashion-mnist", "--pictures", "/proc/pp");
    assertThat(pictures.code).isEqualTo(2);
    assertThat(pictures.err).startsWith("zoomorph evaluate: --pictures /proc/pp cannot be used: cannot create the"
        + " folder /proc/pp: ");
    // A missing parent folder is created, as train does for its model file.
    Path[] from = pictures(1);
    Path gif = dir.resolve("nodir2/deeper/x.gif");
    Run morph = run("morph", "--model", vaeModel.toString(), "--from", from[0].toString(), "--to", from[1].toString(),
        "--out", gif.toString(), "--frames", "2", "--size", "8x8", "--quiet");
    assertThat(morph.code).as(morph.err).isZero();
    assertThat(gif).isRegularFile();
    Run morphToProc = run("morph", "--model", vaeModel.toString(), "--from", from[0].toString(), "--to",
        from[1].toString(), "--out", "/proc/x.gif", "--quiet");
    assertThat(morphToProc.code).isEqualTo(2);
    assertThat(morphToProc.err).startsWith("zoomorph morph: --out /proc/x.gif cannot be written: ");
  }

  /** The trainer's commands in a child JVM, so that Ctrl-C can reach them. */
  public static final class CommandsChild {
    public static void main(String[] args) {
      System.exit(CommandErrors.reportedAsOneLine(new CommandLine(new TrainerCommands())).execute(args));
    }
  }

  /** Ctrl-C in a real process: the GIF so far is closed playable, one line says so, exit code 130 (as record). */
  @Test
  @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
  void aMorphStoppedByCtrlCLeavesAPlayableGifAndSaysSo() throws Exception {
    Path[] from = pictures(1);
    Path gif = dir.resolve("stopped-morph.gif");
    Path log = dir.resolve("morph-child.log");
    Process child = dev.zoomorph.testing.ChildJvm.start(new ProcessBuilder(dev.zoomorph.testing.ChildJvm.command(
        List.of(), CommandsChild.class.getName(), "morph", "--model", vaeModel.toString(), "--from",
        from[0].toString(), "--to", from[1].toString(), "--out", gif.toString(), "--frames", "1000000", "--size",
        "16x16", "--quiet")).redirectErrorStream(true).redirectOutput(log.toFile()));
    // The GIF is written under its temporary name until it is closed.
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
      while (WholeFiles.temporariesOf(gif, child.pid()).stream().allMatch(writing -> writing.toFile().length() < 4000)
          && child.isAlive()) {
        assertThat(System.nanoTime()).as("frames are written").isLessThan(deadline);
        Thread.sleep(50);
      }
      dev.zoomorph.testing.ChildJvm.interrupt(child);
      assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isEqualTo(130);
    java.util.regex.Matcher line = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(gif.toString())
        + ": (\\d+) of 1000000 frames, stopped early \\(a playable GIF\\)").matcher(output);
    assertThat(line.find()).as(output).isTrue();
    assertThat(DecodedImages.gif(gif)).hasSize(Integer.parseInt(line.group(1)));
    assertThat(WholeFiles.temporariesOf(gif, child.pid())).isEmpty();
  }

  @Test
  void directionRefusesABadLabelAsAUsageError() {
    Run r = run("direction", "--model", vaeModel.toString(), "--from", "label:x", "--to", "label:1", "--out",
        dir.resolve("d.json").toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.lines().toList()).containsExactly(
        "zoomorph direction: --from label:x: a label is a class number from 0, e.g. label:9",
        "Try 'zoomorph direction --help'");
  }

  @Test
  void evaluateAndDirectionRefuseADataSourceThatIsNoneAsAUsageError() {
    String none = dir.resolve("none").toString();
    String forms = " is neither fashion-mnist, fashion-mnist-test, an IDX file, digits.png, emoji:FOLDER nor a folder"
        + " of images";
    Run data = run("evaluate", "--model", vaeModel.toString(), "--data", none);
    assertThat(data.err.lines().toList()).as(data.err).containsExactly("zoomorph evaluate: --data " + none + forms,
        "Try 'zoomorph evaluate --help'");
    assertThat(data.code).isEqualTo(2);
    Run test = run("evaluate", "--model", vaeModel.toString(), "--data", "fashion-mnist", "--test", none);
    assertThat(test.err.lines().toList()).as(test.err).containsExactly("zoomorph evaluate: --test " + none + forms,
        "Try 'zoomorph evaluate --help'");
    Run direction = run("direction", "--model", vaeModel.toString(), "--from", "label:0", "--to", "label:1",
        "--data", none, "--out", dir.resolve("d.json").toString());
    assertThat(direction.err.lines().toList()).as(direction.err).containsExactly(
        "zoomorph direction: --data " + none + forms, "Try 'zoomorph direction --help'");
    assertThat(direction.code).isEqualTo(2);
  }

  @Test
  void badInputGivesOneClearLine() throws Exception {
    Run missing = run("sample", "--model", "no-such-model", "--out", dir.resolve("x").toString());
    assertThat(missing.code).isEqualTo(1);
    assertThat(missing.err).startsWith("zoomorph sample: no model file no-such-model");
    Path broken = dir.resolve("broken.safetensors");
    Files.write(broken, new byte[] {1, 2, 3});
    Run corrupt = run("encode", "--model", broken.toString(), broken.toString());
    assertThat(corrupt.err).startsWith("zoomorph encode: " + broken + ": truncated");
    Path absent = dir.resolve("absent.png");
    Run missingImage = run("encode", "--model", vaeModel.toString(), absent.toString());
    assertThat(missingImage.code).isEqualTo(1);
    assertThat(missingImage.err).startsWith("zoomorph encode: " + absent + " does not exist or is not a file");
    Run notImage = run("encode", "--model", vaeModel.toString(), broken.toString());
    assertThat(notImage.err).startsWith("zoomorph encode: " + broken + " is not a readable image");
    Run size = run("sample", "--model", vaeModel.toString(), "--size", "big", "--out", dir.toString());
    assertThat(size.code).isEqualTo(2);
    assertThat(size.err).startsWith("zoomorph sample: Invalid value for option '--size': expected WIDTHxHEIGHT");
  }
}
