package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.output.CommandErrors;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.testing.ChildJvm;
import dev.zoomorph.trainer.cli.TrainCommand;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerTest {
  @TempDir Path dir;

  /** An IDX file of 40 10×10 images: bright rectangles of random size and brightness. */
  static Path idx(Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(40);
    out.writeInt(10);
    out.writeInt(10);
    SplittableRandom r = new SplittableRandom(2);
    for (int n = 0; n < 40; n++) {
      int w = 3 + r.nextInt(5);
      int h = 3 + r.nextInt(5);
      int level = 128 + r.nextInt(128);
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 10; x++) {
          out.writeByte(x >= 5 - w / 2 && x < 5 + (w + 1) / 2 && y >= 5 - h / 2 && y < 5 + (h + 1) / 2 ? level : 0);
        }
      }
    }
    Path file = dir.resolve("tiny-images-idx3-ubyte");
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private TrainConfig.Builder tiny(ModelKind kind, Path data, String name, int steps) {
    return TrainConfig.builder(kind, data.toString(), steps, dir.resolve(name + ".safetensors"))
        .latentSize(4).cppnWidth(16).cppnDepth(3).imageSize(8).encoderHidden(List.of(32))
        .discriminatorFilters(4).batch(8).seed(3).checkpointEvery(3).sampleEvery(2);
  }

  @Test
  void aCheckpointRestoresEveryVariableBitForBit() throws Exception {
    TrainConfig config = tiny(ModelKind.CPPN_VAE_GAN, idx(dir), "ckpt", 3).build();
    float[] batch = CppnGanModelTest.batch(8, 8);
    Path prefix = dir.resolve("ckpt/variables");
    Files.createDirectories(prefix.getParent());
    try (TrainableModel trained = Trainer.createModel(config);
        TrainableModel restored = Trainer.createModel(config.toBuilder().seed(99).build())) {
      for (int step = 1; step <= 3; step++) {
        trained.step(batch, 8, Trainer.stepRandom(3, step));
      }
      trained.save(prefix);
      restored.restore(prefix);
      assertThat(restored.export()).isEqualTo(trained.export());
      // The optimiser state came back too: the next steps move both models identically.
      for (int step = 4; step <= 6; step++) {
        trained.step(batch, 8, Trainer.stepRandom(3, step));
        restored.step(batch, 8, Trainer.stepRandom(3, step));
        assertThat(restored.export()).as("after step %d", step).isEqualTo(trained.export());
      }
    }
  }

  /** {@code zoomorph train} in a child JVM, so that it can be killed mid-run. */
  public static final class TrainChild {
    public static void main(String[] args) {
      System.exit(CommandErrors.reportedAsOneLine(new CommandLine(new TrainCommand())).execute(args));
    }
  }

  /**
   * A training process killed mid-run (SIGKILL: no shutdown hook, maybe in the middle of a checkpoint), resumed with
   * {@code --resume}, ends with the weights of a run that was never interrupted. It is proved to have been cut short
   * before anything is checked: frozen (SIGSTOP) with a checkpoint written and its model file not, then killed.
   *
   * <p>Every run is a process of its own, as a user's would be: TensorFlow keeps state across sessions of one
   * process (after a two-thread session, later one-thread trainings in the same JVM come out different from a fresh
   * process's), so runs in this test JVM would not compare.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aRunResumedAfterItsProcessWasKilledEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
    Path data = idx(dir);
    String[] common = {"cppn-vae-gan", "--data", data.toString(), "--steps", "200", "--latent", "4", "--width", "16",
        "--depth", "3", "--size", "8", "--encoder", "32", "--d-filters", "4", "--batch", "8", "--seed", "3",
        "--checkpoint-every", "10", "--sample-every", "100", "--quiet"};
    Path killedOut = dir.resolve("killed.safetensors");
    Path checkpoints = dir.resolve("killed.safetensors.work").resolve("checkpoints");
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), TrainChild.class.getName(),
        concat(common, "--out", killedOut.toString()))).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    Process child = ChildJvm.start(builder);
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (Trainer.lastCheckpoint(checkpoints).isEmpty() && child.isAlive()) {
        assertThat(System.nanoTime()).as("a first checkpoint").isLessThan(deadline);
        Thread.sleep(20);
      }
      ChildJvm.pause(child);
      // Cut short: still running when frozen, a checkpoint written, the model file (written at the end) not.
      assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      assertThat(Trainer.lastCheckpoint(checkpoints)).isPresent();
      assertThat(killedOut).doesNotExist();
      ChildJvm.kill(child);
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    ChildJvm.Result resumed = ChildJvm.run(Duration.ofMinutes(2), Map.of(), List.of(), TrainChild.class.getName(),
        concat(common, "--out", killedOut.toString(), "--resume"));
    assertThat(resumed.exitCode()).as(resumed.output()).isZero();
    Path wholeOut = dir.resolve("whole.safetensors");
    ChildJvm.Result uninterrupted = ChildJvm.run(Duration.ofMinutes(2), Map.of(), List.of(),
        TrainChild.class.getName(), concat(common, "--out", wholeOut.toString()));
    assertThat(uninterrupted.exitCode()).as(uninterrupted.output()).isZero();

    ModelFile whole = ModelFile.read(wholeOut);
    ModelFile continued = ModelFile.read(killedOut);
    assertThat(continued.metadata().steps()).isEqualTo(200);
    for (String name : whole.tensors().keySet()) {
      assertThat(continued.tensor(name)).as(name).isEqualTo(whole.tensor(name));
    }
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  /**
   * A finished run continued to more steps ends with the weights of a run that went there at once. Repeated: the race
   * this guards against (optimiser state read while updated) showed in one run of three.
   */
  @RepeatedTest(3)
  void aRunContinuedFromItsLastCheckpointEndsWithTheWeightsOfALongerOne() throws Exception {
    Path data = idx(dir);
    TrainConfig whole = tiny(ModelKind.CPPN_VAE_GAN, data, "whole", 9).build();
    new Trainer(whole, line -> {}, ConsoleProgress.Style.OFF).run();
    TrainConfig killed = tiny(ModelKind.CPPN_VAE_GAN, data, "killed", 3).build();
    new Trainer(killed, line -> {}, ConsoleProgress.Style.OFF).run();
    new Trainer(killed.toBuilder().steps(9).resume(true).build(), line -> {}, ConsoleProgress.Style.OFF).run();
    ModelFile a = ModelFile.read(whole.out());
    ModelFile b = ModelFile.read(killed.out());
    for (String name : a.tensors().keySet()) {
      assertThat(b.tensor(name)).as(name).isEqualTo(a.tensor(name));
    }
  }

  /** The new kinds resume bit for bit too: VAE-DCGAN (32², from the 10×10 pictures padded) and the denoiser. */
  @ParameterizedTest
  @EnumSource(value = ModelKind.class, names = {"VAE_DCGAN", "DENOISER"})
  void everyKindResumesToTheWeightsOfAnUninterruptedRun(ModelKind kind) throws Exception {
    Path data = idx(dir);
    java.util.function.BiFunction<String, Integer, TrainConfig> config = (name, steps) ->
        tiny(kind, data, name, steps).imageSize(kind == ModelKind.DENOISER ? 10 : 32).dcganFilters(4)
            .encoderFilters(4).denoiserFilters(4).build();
    new Trainer(config.apply("whole", 6), line -> {}, ConsoleProgress.Style.OFF).run();
    TrainConfig killed = config.apply("killed", 3);
    new Trainer(killed, line -> {}, ConsoleProgress.Style.OFF).run();
    new Trainer(killed.toBuilder().steps(6).resume(true).build(), line -> {}, ConsoleProgress.Style.OFF).run();
    ModelFile a = ModelFile.read(dir.resolve("whole.safetensors"));
    ModelFile b = ModelFile.read(dir.resolve("killed.safetensors"));
    assertThat(b.metadata().kind()).isEqualTo(kind);
    assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
    for (String name : a.tensors().keySet()) {
      assertThat(b.tensor(name)).as(name).isEqualTo(a.tensor(name));
    }
    assertThat(b.id()).isEqualTo(a.id());
  }

  @Test
  void aMultiThreadedRunRepeatsBitForBit() throws Exception {
    float[] batch = CppnGanModelTest.batch(16, 26);
    List<List<dev.zoomorph.engine.model.ModelTensor>> weights = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      TrainConfig config = TrainConfig.builder(ModelKind.CPPN_VAE_GAN, "unused", 3, dir.resolve("t.safetensors"))
          .latentSize(8).cppnWidth(32).cppnDepth(3).imageSize(26).encoderHidden(List.of(64)).batch(16).seed(5)
          .threads(2).build();
      try (TrainableModel model = Trainer.createModel(config)) {
        for (int step = 1; step <= 3; step++) {
          model.step(batch, 16, Trainer.stepRandom(5, step));
        }
        weights.add(model.export());
      }
    }
    assertThat(weights.get(1)).isEqualTo(weights.get(0));
  }

  @Test
  void resumeContinuesFromTheLastCheckpointToTheTargetStep() throws Exception {
    Path data = idx(dir);
    List<String> log = new ArrayList<>();
    TrainConfig killed = tiny(ModelKind.CPPN_VAE_GAN, data, "resumed", 3).build();
    new Trainer(killed, log::add, ConsoleProgress.Style.OFF).run();
    ModelFile atThree = ModelFile.read(dir.resolve("resumed.safetensors"));
    new Trainer(killed.toBuilder().steps(6).resume(true).build(), log::add, ConsoleProgress.Style.OFF).run();
    assertThat(log).anyMatch(l -> l.startsWith("resumed from") && l.endsWith("at step 3"));
    ModelFile resumed = ModelFile.read(dir.resolve("resumed.safetensors"));
    assertThat(resumed.metadata().steps()).isEqualTo(6);
    assertThat(resumed.tensor("g.wz")).isNotEqualTo(atThree.tensor("g.wz"));
    try (var checkpoints = Files.list(killed.workDir().resolve("checkpoints"))) {
      assertThat(checkpoints.map(p -> p.getFileName().toString()).toList()).containsExactly("step-00000006");
    }
    // Nothing left to do: resuming at the target step only rewrites the model file.
    new Trainer(killed.toBuilder().steps(6).resume(true).build(), log::add, ConsoleProgress.Style.OFF).run();
    assertThat(ModelFile.read(dir.resolve("resumed.safetensors")).tensors()).isEqualTo(resumed.tensors());
  }

  @Test
  void writesAModelFileWithProvenanceSampleGridsAndAnEvolutionGif() throws Exception {
    Path data = idx(dir);
    TrainConfig config = tiny(ModelKind.CPPN_GAN, data, "gan", 4).command("zoomorph train cppn-gan --test").build();
    Trainer.Result result = new Trainer(config, line -> {}, ConsoleProgress.Style.OFF).run();
    assertThat(result.stepsPerSecond()).isPositive();
    ModelFile model = ModelFile.read(result.modelFile());
    assertThat(model.metadata().kind()).isEqualTo(ModelKind.CPPN_GAN);
    assertThat(model.metadata().command()).isEqualTo("zoomorph train cppn-gan --test");
    assertThat(model.metadata().dataset().name()).isEqualTo("tiny-images-idx3-ubyte");
    assertThat(model.metadata().finalLosses()).containsKeys("g", "d");
    assertThat(model.tensors().keySet()).noneMatch(n -> n.startsWith("d.") || n.startsWith("q."));
    assertThat(model.cppnWeights().spec().width()).isEqualTo(16);

    Path samples = config.workDir().resolve("samples");
    try (var files = Files.list(samples)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("step-00000002.png", "step-00000004.png");
    }
    // The last grid holds the model file's pictures of the run's fixed latents (TensorFlow's training graph and
    // the exported generator may round a sample differently by one level).
    Frame grid = DecodedImages.png(samples.resolve("step-00000004.png"));
    assertThat(DecodedImages.isGreyPng(samples.resolve("step-00000004.png"))).isTrue();
    assertThat(new int[] {grid.width(), grid.height()}).containsExactly(8 * 9 + 1, 8 * 9 + 1);
    float[] latents = Trainer.fixedLatents(4, 3);
    try (Generator generator = Sampler.open(model)) {
      for (int n = 0; n < 64; n++) {
        float[] z = java.util.Arrays.copyOfRange(latents, n * 4, n * 4 + 4);
        Frame cell = DecodedImages.asRgb(generator.render(Latent.of(z), View.of(8, 8)));
        byte[] decoded = new byte[8 * 8 * 3];
        int left = 1 + (n % 8) * 9;
        int top = 1 + (n / 8) * 9;
        for (int y = 0; y < 8; y++) {
          System.arraycopy(grid.pixels(), ((top + y) * grid.width() + left) * 3, decoded, y * 8 * 3, 8 * 3);
        }
        assertThat(DecodedImages.maxError(new Frame(8, 8, 3, decoded), cell)).as("cell %d", n).isLessThanOrEqualTo(1);
      }
    }
    List<Frame> evolution = DecodedImages.gif(config.workDir().resolve("evolution.gif"));
    assertThat(evolution).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DecodedImages.assertGrey(evolution.get(i));
      assertThat(evolution.get(i).pixels()).as("evolution frame %d is its grid exactly", i)
          .isEqualTo(DecodedImages.png(samples.resolve(String.format("step-%08d.png", 2 * (i + 1)))).pixels());
    }
  }

  @Test
  void theTrainedGeneratorComputesCppnSpecOverViewPixels() throws Exception {
    TrainConfig config = tiny(ModelKind.CPPN_GAN, idx(dir), "spec", 1).build();
    try (TrainableModel model = Trainer.createModel(config)) {
      CppnWeights w = new ModelFile(model.metadata(0, java.util.Map.of(),
          new dev.zoomorph.engine.model.ModelMetadata.Dataset("x", "y"), "", 3), model.export())
          .cppnWeights();
      float[] z = {0.3f, -1.2f, 0.8f, 0.05f};
      float[] tf = model.generate(z, 1);
      View view = View.of(8, 8);
      for (int j = 0; j < 8; j++) {
        for (int i = 0; i < 8; i++) {
          double expected = reference(w, z, view.planeX(i, j), view.planeY(i, j));
          assertThat((double) tf[j * 8 + i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  /** CppnSpec's maths written out in plain Java. */
  private static double reference(CppnWeights w, float[] z, double px, double py) {
    int width = w.spec().width();
    float scale = w.spec().scale();
    double x = scale * px;
    double y = scale * py;
    double r = Math.sqrt(x * x + y * y);
    double[] h = new double[width];
    for (int j = 0; j < width; j++) {
      double s = x * w.wx()[j] + y * w.wy()[j] + r * w.wr()[j] + w.b0()[j];
      for (int i = 0; i < z.length; i++) {
        s += scale * z[i] * w.wz()[i * width + j];
      }
      h[j] = Math.log1p(Math.exp(s));
    }
    for (int k = 0; k < w.hiddenWeights().size(); k++) {
      double[] next = new double[width];
      for (int j = 0; j < width; j++) {
        double s = w.hiddenBiases().get(k)[j];
        for (int i = 0; i < width; i++) {
          s += h[i] * w.hiddenWeights().get(k)[i * width + j];
        }
        next[j] = Math.tanh(s);
      }
      h = next;
    }
    double s = w.bOut()[0];
    for (int i = 0; i < width; i++) {
      s += h[i] * w.wOut()[i];
    }
    return 1 / (1 + Math.exp(-s));
  }

  @Test
  void aNonFiniteLossStopsTrainingNamingTheStep() throws Exception {
    TrainConfig config = tiny(ModelKind.CPPN_VAE_GAN, idx(dir), "nan", 50).learningRateVae(1e30f)
        .learningRateG(1e30f).build();
    assertThatThrownBy(() -> new Trainer(config, line -> {}, ConsoleProgress.Style.OFF).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("training stopped: loss \\w+ is (NaN|Infinity|-Infinity) at step \\d+; .*");
    assertThat(Files.exists(config.out())).isFalse();
  }

  @Test
  void aRunStoppedBeforeItsFirstStepLeavesNoWorkFolder() throws Exception {
    TrainConfig config = tiny(ModelKind.CPPN_GAN, idx(dir), "stopped", 2).build();
    Trainer trainer = new Trainer(config, line -> {}, ConsoleProgress.Style.OFF);
    trainer.stop();
    Trainer.Result result = trainer.run();
    assertThat(result.stopped()).isTrue();
    assertThat(result.checkpoint()).isNull();
    assertThat(config.workDir()).doesNotExist();
  }

  @Test
  void anEmptyDataSourceIsAClearError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("nothing"));
    TrainConfig config = tiny(ModelKind.CPPN_GAN, empty, "empty", 2).build();
    assertThatThrownBy(() -> new Trainer(config, line -> {}, ConsoleProgress.Style.OFF).run())
        .isInstanceOf(TrainRefusedException.class).hasMessageContaining("image folder " + empty + " has no readable images");
  }
}
