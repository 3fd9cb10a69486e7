package dev.zoomorph.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.testing.ChildJvm;
import dev.zoomorph.trainer.TrainerTestData;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code zoomorph train}'s checks before the first step, resuming, and Ctrl-C. */
class TrainCommandTest {
  @TempDir Path dir;

  /** A tiny CPPN-GAN run: a few steps of a few milliseconds each. */
  private String[] tiny(Path data, Path out, String... more) {
    String[] common = {"train", "cppn-gan", "--data", data.toString(), "--out", out.toString(), "--latent", "4",
        "--width", "8", "--depth", "2", "--size", "8", "--d-filters", "2", "--batch", "4", "--quiet"};
    return Stream.concat(Arrays.stream(common), Arrays.stream(more)).toArray(String[]::new);
  }

  /** {@code args} with {@code option} set to {@code value}: picocli refuses an option given twice. */
  private static String[] with(String[] args, String option, String value) {
    List<String> list = new java.util.ArrayList<>(List.of(args));
    int at = list.indexOf(option);
    if (at < 0) {
      list.add(option);
      list.add(value);
    } else {
      list.set(at + 1, value);
    }
    return list.toArray(String[]::new);
  }

  private static void assertUsageError(CommandsTest.Run r, String firstLine) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly("zoomorph train: " + firstLine, "Try 'zoomorph train --help'");
  }

  @Test
  void anOutThatIsAFolderOrUnwritableIsAUsageErrorBeforeAnyStep() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path folder = Files.createDirectories(dir.resolve("outdir"));
    assertUsageError(CommandsTest.run(tiny(data, folder, "--steps", "3")),
        "--out " + folder + " cannot be written: it is a folder; name a file to write in it");
    assertThat(folder).isEmptyDirectory();
    assertThat(dir.resolve("outdir.work")).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file").doesNotContain("outdir.tmp")
          .allMatch(name -> !name.endsWith(".tmp"));
    }
    CommandsTest.Run proc = CommandsTest.run(tiny(data, Path.of("/proc/t5.safetensors"), "--steps", "3"));
    assertThat(proc.code()).as(proc.err()).isEqualTo(2);
    assertThat(proc.err()).startsWith("zoomorph train: --out /proc/t5.safetensors cannot be written: ")
        .doesNotContain(".tmp").doesNotContain("Exception");
    CommandsTest.Run work = CommandsTest.run(tiny(data, dir.resolve("w.safetensors"), "--steps", "3",
        "--work-dir", "/proc/w.work"));
    assertThat(work.code()).as(work.err()).isEqualTo(2);
    assertThat(work.err()).startsWith("zoomorph train: --work-dir /proc/w.work cannot be used: cannot create the"
        + " folder /proc/w.work: ");
    // Missing parents are created, as before.
    CommandsTest.Run nested = CommandsTest.run(tiny(data, dir.resolve("no/sub/x.safetensors"), "--steps", "1"));
    assertThat(nested.code()).as(nested.err()).isZero();
    assertThat(dir.resolve("no/sub/x.safetensors")).isRegularFile();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--steps|0|--steps must be positive, was 0",
      "--steps|-3|--steps must be positive, was -3",
      "--checkpoint-every|0|--checkpoint-every must be positive, was 0",
      "--sample-every|0|--sample-every must be positive, was 0",
      "--batch|0|--batch must be in 2..65536 (batch norm needs 2), was 0",
      "--latent|0|--latent must be in 1..4096, was 0",
      "--width|2048|--width must be in 1..1024, was 2048",
      "--depth|17|--depth must be in 1..16, was 17",
      "--size|48|--size must be 32 or 64 for dcgan, was 48",
      "--channels|2|--channels must be 1 or 3, was 2",
      "--threads|0|--threads must be in 1..1024, was 0",
      "--scale|0|--scale must be positive and finite, was 0.0",
      "--scale|NaN|--scale must be positive and finite, was NaN",
      "--lr-g|-1|--lr-g must be a positive learning rate, was -1.0",
      "--beta1|1|--beta1 must be in 0..1 (1 excluded), was 1.0"})
  void aBadValueIsAUsageErrorNamingTheOption(String option, String value, String message) throws Exception {
    String kind = option.equals("--size") ? "dcgan" : "cppn-gan";
    String[] args = {"train", kind, "--data", "fashion-mnist", "--steps", "2", "--out",
        dir.resolve("m.safetensors").toString()};
    assertUsageError(CommandsTest.run(with(args, option, value)), message);
    assertThat(dir.resolve("m.safetensors.work")).doesNotExist();
  }

  @Test
  void aDataSourceThatIsNoneIsAUsageErrorNamingDataBeforeAnyStep() {
    Path none = dir.resolve("none");
    Path out = dir.resolve("m.safetensors");
    assertUsageError(CommandsTest.run("train", "cppn-vae-gan", "--data", none.toString(), "--steps", "6", "--out",
        out.toString()), "--data " + none + " is neither fashion-mnist, fashion-mnist-test, an IDX file, digits.png,"
        + " emoji:FOLDER nor a folder of images");
    assertThat(dir.resolve("m.safetensors.work")).doesNotExist();
  }

  /** An option another kind of model uses would do nothing, and be recorded in the model file's command. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "denoiser|--lr-d|0.5|--lr-d is for cppn-vae-gan, cppn-gan, dcgan, vae-dcgan models, not denoiser: leave it out",
      "denoiser|--width|7|--width is for cppn-vae-gan, cppn-gan models, not denoiser: leave it out",
      "dcgan|--encoder|10,10|--encoder is for cppn-vae-gan, vae-dcgan models, not dcgan: leave it out",
      "dcgan|--vae-updates|9|--vae-updates is for cppn-vae-gan, vae-dcgan models, not dcgan: leave it out",
      "dcgan|--g-stop-below|0.5|--g-stop-below is for cppn-vae-gan, cppn-gan models, not dcgan: leave it out",
      "cppn-gan|--g-filters|8|--g-filters is for dcgan, vae-dcgan models, not cppn-gan: leave it out",
      "cppn-gan|--noise-sigma|0.9|--noise-sigma is for denoiser models, not cppn-gan: leave it out",
      "cppn-vae-gan|--encoder-filters|8|--encoder-filters is for vae-dcgan models, not cppn-vae-gan: leave it out",
      "vae-dcgan|--depth|3|--depth is for cppn-vae-gan, cppn-gan models, not vae-dcgan: leave it out"})
  void anOptionForAnotherKindOfModelIsAUsageError(String kind, String option, String value, String message) {
    Path out = dir.resolve("m.safetensors");
    assertUsageError(CommandsTest.run("train", kind, "--data", "fashion-mnist", "--steps", "1", "--out",
        out.toString(), option, value), message);
    assertThat(out).doesNotExist();
  }

  @Test
  void dataWithNoPictureToTrainOnIsAUsageErrorNamingData() throws Exception {
    Path notes = Files.createDirectories(dir.resolve("notes"));
    for (String name : List.of("README", "a.txt", "b.png")) {
      Files.writeString(notes.resolve(name), "not a picture");
    }
    assertUsageError(CommandsTest.run(tiny(notes, dir.resolve("m.safetensors"), "--steps", "1")), "--data " + notes
        + " cannot be used: image folder " + notes + " has no readable images (3 files, 3 skipped)");
    Path text = Files.writeString(dir.resolve("notes.idx"), "not an IDX file");
    CommandsTest.Run idx = CommandsTest.run(tiny(text, dir.resolve("m.safetensors"), "--steps", "1"));
    assertThat(idx.code()).as(idx.err()).isEqualTo(2);
    assertThat(idx.err()).startsWith("zoomorph train: --data " + text + " cannot be used: " + text
        + " is not an IDX image file");
  }

  @Test
  void greyIdxDataTrainsAColourModelAsGreyRgb() throws Exception {
    Path out = dir.resolve("colour.safetensors");
    CommandsTest.Run r = CommandsTest.run(tiny(TrainerTestData.idx(dir), out, "--steps", "1", "--channels", "3"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(ModelFile.read(out).metadata().channels()).isEqualTo(3);
  }

  @Test
  void anUnknownKindIsAUsageErrorWithoutJavaNames() {
    CommandsTest.Run r = CommandsTest.run("train", "banana", "--data", "x", "--steps", "1", "--out", "m");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown model kind 'banana', expected one of cppn-vae-gan")
        .doesNotContain("ModelKind").doesNotContain("java.");
  }

  @Test
  void helpShowsTheDefaults() {
    CommandsTest.Run help = CommandsTest.run("train", "--help");
    assertThat(help.out()).contains("images per step (default: 64)", "steps between checkpoints (default: 500)",
        "steps between sample grids (default: 100)", "(default: 32)", "(default: 1)");
    // Every default, per kind of model where they differ (picocli wraps the help: compare it as one line).
    String oneLine = help.out().replaceAll("\\s+", " ");
    assertThat(oneLine).contains("CPPN units per layer (default: 128)", "CPPN layers (default: 4)",
        "CPPN coordinate scale (default: 8.0)", "doubled per layer (default: 32)",
        "discriminator's first-layer filters, not for the denoiser (default: 24)",
        "generator's last-layer filters (default: 32)", "denoiser filters at full resolution (default: 16)",
        "(default: cppn-vae-gan 512,512; vae-dcgan 0)",
        "fitted to N+2 (default 26)", "32 or 64 (default 32)", "the denoiser's (default 28)",
        "Adam learning rate of G, and the denoiser's (default: cppn-vae-gan, cppn-gan 0.005; dcgan, vae-dcgan 2.0E-4;"
            + " denoiser 0.001)",
        "Adam learning rate of D (default: cppn-vae-gan, cppn-gan 0.001; dcgan, vae-dcgan 2.0E-4)",
        "Adam learning rate of the VAE updates (default: cppn-vae-gan 0.001; vae-dcgan 2.0E-4)",
        "Adam beta1 of every optimiser (default: cppn-vae-gan, cppn-gan 0.65; dcgan, vae-dcgan 0.5; denoiser 0.9)",
        "VAE updates per step (default: cppn-vae-gan 4; vae-dcgan 1)",
        "(default: cppn-vae-gan, cppn-gan 4; dcgan, vae-dcgan 1)", "G loss (default: 0.6)",
        "is below this (default: 0.75)", "D loss above this (default: 0.6)",
        "D updates per step, at most for the CPPNs (default: 1)", "except the batch size (64)");
    assertThat(CommandsTest.run("sample", "--help").out()).contains("pictures (default: 16)");
    assertThat(CommandsTest.run("morph", "--help").out()).contains("frames of the loop (default: 40)");
  }

  @Test
  void aFreshRunOverAnEarlierRunsCheckpointIsRefused() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "2", "--sample-every", "1")).code()).isZero();
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "2")), "--work-dir " + dir.resolve("m.safetensors.work")
        + " holds a checkpoint of an earlier run (step-00000002): --resume it, or remove the folder to train afresh");
    assertThat(dir.resolve("m.safetensors.work/checkpoints/step-00000002/state.json")).isRegularFile();
  }

  /** A mistyped --out with --resume would train afresh, and remove the sample grids it found. */
  @Test
  void aResumeWithNothingToResumeIsAUsageError() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    Path work = dir.resolve("m.safetensors.work");
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "2", "--resume")), "no checkpoint to resume in "
        + work + "; leave out --resume to start");
    assertThat(work).as("no empty work folder left behind").doesNotExist();
    Path grid = Files.createDirectories(work.resolve("samples")).resolve("step-00000001.png");
    Files.write(grid, new byte[] {1});
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "2", "--resume")), "no checkpoint to resume in "
        + work + "; leave out --resume to start");
    assertThat(grid).as("an earlier run's grid, kept").isRegularFile();
  }

  /** A checkpoint without its state.json (lost, or a kill while it was written) is never removed unasked. */
  @Test
  void aCheckpointWithoutItsStateIsNotTreatedAsAbsent() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "2")).code()).isZero();
    Path checkpoint = dir.resolve("m.safetensors.work/checkpoints/step-00000002");
    Files.delete(checkpoint.resolve("state.json"));
    CommandsTest.Run resumed = CommandsTest.run(tiny(data, out, "--steps", "4", "--resume"));
    assertThat(resumed.code()).isEqualTo(1);
    assertThat(resumed.err()).isEqualTo("zoomorph train: the checkpoint in " + checkpoint + " cannot be read: it is"
        + " damaged (state.json is missing); remove it to train afresh\n");
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "2")), "--work-dir " + dir.resolve("m.safetensors.work")
        + " holds a checkpoint of an earlier run (step-00000002): --resume it, or remove the folder to train afresh");
    assertThat(checkpoint).isDirectory();
  }

  @Test
  void aRefusedRunLeavesNoEmptyWorkFolder() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CommandsTest.Run r = CommandsTest.run(tiny(empty, dir.resolve("m.safetensors"), "--steps", "1"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(dir.resolve("m.safetensors.work")).doesNotExist();
  }

  @Test
  void aResumeWithOtherOptionsIsRefusedNamingTheOption() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "3")).code()).isZero();
    String checkpoint = dir.resolve("m.safetensors.work/checkpoints/step-00000003").toString();
    assertUsageError(CommandsTest.run(with(tiny(data, out, "--steps", "5", "--resume"), "--latent", "8")),
        "the checkpoint in " + checkpoint + " was trained with --latent 4; resume with --latent 4 (not 8), or train"
            + " afresh without --resume");
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "5", "--resume", "--seed", "5")),
        "the checkpoint in " + checkpoint + " was trained with --seed 1; resume with --seed 1 (not 5), or train"
            + " afresh without --resume");
    String[] otherKind = tiny(data, out, "--steps", "5", "--resume", "--encoder", "16");
    otherKind[1] = "cppn-vae-gan";
    assertUsageError(CommandsTest.run(otherKind), "the checkpoint in " + checkpoint + " is of a cppn-gan model, not"
        + " cppn-vae-gan: train cppn-gan to resume it, or train afresh without --resume");
    assertUsageError(CommandsTest.run(tiny(data, out, "--steps", "2", "--resume")), "--steps 2 is below the step of"
        + " the checkpoint in " + checkpoint + " (3): resume with --steps 3 or more, or train afresh without --resume");
    assertThat(ModelFile.read(out).metadata().steps()).as("the first run's file, untouched").isEqualTo(3);

    // Resumed as it was trained, it goes on, and the file says how far.
    CommandsTest.Run resumed = CommandsTest.run(tiny(data, out, "--steps", "4", "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(ModelFile.read(out).metadata().steps()).isEqualTo(4);
    assertThat(ModelFile.read(out).metadata().seed()).isEqualTo(1);
  }

  /** Its sample grids would be pictures below --data: a resumed run would train on more data than the first. */
  @Test
  void aWorkFolderInsideTheDataFolderIsAUsageError() throws Exception {
    Path pictures = Files.createDirectories(dir.resolve("pictures"));
    for (int n = 0; n < 4; n++) {
      BufferedImage picture = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
      picture.getRaster().setSample(n, n, 0, 255);
      ImageIO.write(picture, "png", pictures.resolve("p" + n + ".png").toFile());
    }
    Path out = pictures.resolve("model.safetensors");
    assertUsageError(CommandsTest.run(tiny(pictures, out, "--steps", "1")), "--work-dir " + out + ".work is inside"
        + " --data " + pictures + ", and every picture below --data is trained on (the run's sample grids would be"
        + " too): put --out, or --work-dir, outside " + pictures);
    assertThat(Path.of(out + ".work")).doesNotExist();
    Path work = pictures.resolve("runs/../work");
    assertUsageError(CommandsTest.run(tiny(pictures, dir.resolve("m.safetensors"), "--steps", "1", "--work-dir",
        work.toString())), "--work-dir " + work + " is inside --data " + pictures + ", and every picture below --data"
        + " is trained on (the run's sample grids would be too): put --out, or --work-dir, outside " + pictures);
    // Beside the data folder is fine.
    CommandsTest.Run beside = CommandsTest.run(tiny(pictures, dir.resolve("pictures-model.safetensors"), "--steps",
        "1"));
    assertThat(beside.code()).as(beside.err()).isZero();
  }

  @Test
  void aResumeWithOtherDataIsRefusedNamingData() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "2")).code()).isZero();
    String checkpoint = dir.resolve("m.safetensors.work/checkpoints/step-00000002").toString();
    // The same number of pictures, one pixel of one changed.
    byte[] bytes = Files.readAllBytes(data);
    bytes[16 + 55] ^= 1;
    Path other = Files.write(dir.resolve("other-images-idx3-ubyte"), bytes);
    CommandsTest.Run refused = CommandsTest.run(tiny(other, out, "--steps", "4", "--resume"));
    assertThat(refused.code()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err().lines().toList()).hasSize(2).first().asString().matches(Pattern.quote(
        "zoomorph train: the checkpoint in " + checkpoint + " was trained with --data " + data + " (40 images,"
        + " fingerprint ") + "[0-9a-f]{16}" + Pattern.quote("); resume with that data (not " + other + ": 40 images,"
        + " fingerprint ") + "[0-9a-f]{16}" + Pattern.quote("), or train afresh without --resume"));

    // The same pictures under another name are the same data.
    Path renamed = Files.copy(data, dir.resolve("renamed-images-idx3-ubyte"));
    CommandsTest.Run resumed = CommandsTest.run(tiny(renamed, out, "--steps", "3", "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    // A checkpoint of an earlier version does not say what it was trained on: it resumes.
    Path state = dir.resolve("m.safetensors.work/checkpoints/step-00000003/state.json");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode written =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(state.toFile());
    assertThat(written.remove("data")).isNotNull();
    json.writeValue(state.toFile(), written);
    CommandsTest.Run older = CommandsTest.run(tiny(data, out, "--steps", "4", "--resume"));
    assertThat(older.code()).as(older.err()).isZero();
    assertThat(ModelFile.read(out).metadata().steps()).isEqualTo(4);
  }

  @Test
  void aDamagedCheckpointIsOneLineNamingItsFolder() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "2")).code()).isZero();
    Path checkpoint = dir.resolve("m.safetensors.work/checkpoints/step-00000002");
    Path variables;
    try (Stream<Path> files = Files.list(checkpoint)) {
      variables = files.filter(p -> p.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
    }
    long size = Files.size(variables);
    try (RandomAccessFile file = new RandomAccessFile(variables.toFile(), "rw")) {
      file.setLength(size - 16);
    }
    CommandsTest.Run truncated = CommandsTest.run(tiny(data, out, "--steps", "4", "--resume"));
    assertThat(truncated.code()).isEqualTo(1);
    assertThat(truncated.err()).isEqualTo("zoomorph train: the checkpoint in " + checkpoint + " cannot be read: it is"
        + " damaged (" + variables.getFileName() + " has " + (size - 16) + " bytes, not the " + size + " written);"
        + " remove it to train afresh\n");

    Files.writeString(checkpoint.resolve("state.json"), "nonsense");
    CommandsTest.Run badState = CommandsTest.run(tiny(data, out, "--steps", "4", "--resume"));
    assertThat(badState.code()).isEqualTo(1);
    assertThat(badState.err()).startsWith("zoomorph train: the checkpoint in " + checkpoint + " cannot be read: it is"
        + " damaged (state.json is not valid JSON: ").doesNotContain("code 110").doesNotContain("Feature")
        .doesNotContain("Exception");
  }

  @Test
  void aCheckpointOfAnEarlierVersionThatDoesNotFitFailsInOneLine() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("m.safetensors");
    assertThat(CommandsTest.run(tiny(data, out, "--steps", "2")).code()).isZero();
    Path checkpoint = dir.resolve("m.safetensors.work/checkpoints/step-00000002");
    // Checkpoints written before options and seals were recorded: only TensorFlow can tell.
    Files.writeString(checkpoint.resolve("state.json"), "{\"step\":2,\"losses\":{\"d\":0.5,\"g\":0.5}}");
    CommandsTest.Run shapes = CommandsTest.run(with(tiny(data, out, "--steps", "4", "--resume"), "--latent", "8"));
    assertThat(shapes.code()).isEqualTo(1);
    assertThat(shapes.err().lines().reduce((a, b) -> b)).hasValue("zoomorph train: the checkpoint in " + checkpoint
        + " does not fit this model: its variables have other shapes (was it made with other options?); remove it"
        + " to train afresh");
  }

  @Test
  void aLossThatBlowsUpBeforeTheFirstCheckpointDoesNotClaimOne() throws Exception {
    Path data = TrainerTestData.idx(dir);
    CommandsTest.Run r = CommandsTest.run(tiny(data, dir.resolve("nan.safetensors"), "--steps", "50", "--lr-g", "1e30",
        "--lr-d", "1e30"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).matches("(?s).*\nzoomorph train: training stopped: loss \\w+ is (NaN|Infinity|-Infinity) at step \\d+"
        + "; no checkpoint was written yet \\(try lower learning rates\\)\\n");
  }

  /** Ctrl-C in a real process: the step under way is checkpointed, one line says where, exit code 130. */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void ctrlCStopsWithACheckpointAndSaysHowToResume() throws Exception {
    Path data = TrainerTestData.idx(dir);
    Path out = dir.resolve("stopped.safetensors");
    String[] args = tiny(data, out, "--steps", "100000", "--checkpoint-every", "100000", "--sample-every", "100000");
    Path log = dir.resolve("child.log");
    Process child = ChildJvm.start(new ProcessBuilder(ChildJvm.command(List.of(),
        "dev.zoomorph.trainer.TrainerTest$TrainChild", Arrays.copyOfRange(args, 1, args.length)))
        .redirectErrorStream(true).redirectOutput(log.toFile()));
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      // Training has begun once TensorFlow has logged and a while has passed (the work folder waits for a first
      // checkpoint or grid).
      while (!Files.readString(log).contains("MLIR") && child.isAlive()) {
        assertThat(System.nanoTime()).as("training starts").isLessThan(deadline);
        Thread.sleep(50);
      }
      Thread.sleep(2000);
      ChildJvm.interrupt(child);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isEqualTo(130);
    java.util.regex.Matcher line = java.util.regex.Pattern.compile("zoomorph train: stopped at step (\\d+); the"
        + " checkpoint at step (\\d+) is in (\\S+); --resume continues it").matcher(output);
    assertThat(line.find()).as(output).isTrue();
    assertThat(line.group(1)).isEqualTo(line.group(2));
    assertThat(Path.of(line.group(3)).resolve("state.json")).isRegularFile();
    assertThat(out).doesNotExist();
  }
}
