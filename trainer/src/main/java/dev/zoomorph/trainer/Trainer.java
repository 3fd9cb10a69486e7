package dev.zoomorph.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.GifAnimation;
import dev.zoomorph.output.Images;
import dev.zoomorph.output.Png;
import dev.zoomorph.trainer.data.DataSources;
import dev.zoomorph.trainer.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Runs a training: loads the data, builds the model, steps it with progress on the console, checkpoints every
 * {@link TrainConfig#checkpointEvery()} steps (and at the end), saves a sample grid from fixed latents every
 * {@link TrainConfig#sampleEvery()} steps, and finally writes the model file and an animated GIF of the grids.
 *
 * <p>Each step draws its batch and noise from a generator seeded by (seed, step) alone, and a checkpoint holds every
 * variable, so a run resumed from a checkpoint ends with the weights of the uninterrupted run, bit for bit, on CPU.
 */
public final class Trainer {
  /** Samples in each grid: 8 × 8. */
  static final int GRID = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig config;
  private final Consumer<String> log;
  private final ConsoleProgress.Style progress;

  /** A training that reports what it does to {@code log} and its progress in the given style. */
  public Trainer(TrainConfig config, Consumer<String> log, ConsoleProgress.Style progress) {
    this.config = config;
    this.log = log;
    this.progress = progress;
  }

  /** What a finished training produced. */
  public record Result(Path modelFile, long steps, Map<String, Double> losses, double stepsPerSecond,
      int skippedImages) {}

  /** Trains to {@link TrainConfig#steps()} and writes the model file; failures are unchecked exceptions. */
  public Result run() {
    ImageSet data = loadData();
    try (TrainableModel model = createModel(config)) {
      return train(model, data);
    }
  }

  static TrainableModel createModel(TrainConfig config) {
    if (config.kind() == ModelKind.DENOISER) {
      return new DenoiserModel(config);
    }
    return config.kind().isDcgan() ? new DcganModel(config) : new CppnGanModel(config);
  }

  /** CPPNs train on random crops of images two pixels larger (26 of 28); the others on whole images. */
  private ImageSet loadData() {
    int side = config.kind().isCppn() ? config.imageSize() + 2 : config.imageSize();
    List<String> warnings = new ArrayList<>();
    ImageSet data = DataSources.open(config.data(), config.channels(), side, warnings::add);
    warnings.forEach(log);
    if (data.skipped() > 0) {
      log.accept("skipped " + data.skipped() + " unreadable images of " + config.data());
    }
    if (!config.kind().isCppn() || (data.width() != side && data.width() != config.imageSize())
        || data.width() != data.height()) {
      data = data.fitTo(side);
    }
    log.accept("data: " + data.name() + ", " + data.size() + " images of " + data.width() + "x" + data.height()
        + "x" + data.channels());
    return data;
  }

  private Result train(TrainableModel model, ImageSet data) {
    Path checkpoints = config.workDir().resolve("checkpoints");
    Path samples = config.workDir().resolve("samples");
    long start = 0;
    Map<String, Double> losses = new LinkedHashMap<>();
    if (config.resume()) {
      Optional<Path> last = lastCheckpoint(checkpoints);
      if (last.isPresent()) {
        CheckpointState state = readState(last.get());
        model.restore(last.get().resolve("variables"));
        start = state.step();
        losses.putAll(state.losses());
        log.accept("resumed from " + last.get() + " at step " + start);
      } else {
        log.accept("no checkpoint in " + checkpoints + ", starting from step 0");
      }
    }
    float[] fixedInputs = model instanceof DenoiserModel
        ? corruptedExamples(data, model.imageSize(), config) : fixedLatents(model.latentSize(), config.seed());
    int size = model.imageSize();
    int batch = config.batch();
    float[] images = new float[batch * size * size * model.channels()];
    long timedSteps = 0;
    long startNanos = System.nanoTime();
    try (ConsoleProgress shown = new ConsoleProgress("train " + config.kind(), "steps", progress)) {
      shown.update(start, config.steps());
      for (long step = start + 1; step <= config.steps(); step++) {
        SplittableRandom random = stepRandom(config.seed(), step);
        data.randomCrops(random, batch, size, size, images);
        Map<String, Double> stepLosses = model.step(images, batch, random);
        for (Map.Entry<String, Double> e : stepLosses.entrySet()) {
          if (!Double.isFinite(e.getValue())) {
            throw new IllegalStateException("training stopped: loss " + e.getKey() + " is " + e.getValue()
                + " at step " + step + "; the last checkpoint is in " + checkpoints
                + " (try lower learning rates)");
          }
        }
        losses = stepLosses;
        timedSteps++;
        shown.message(formatLosses(losses));
        shown.update(step, config.steps());
        if (step % config.sampleEvery() == 0 || step == config.steps()) {
          writeSampleGrid(model instanceof DenoiserModel ? denoiserGrid(model, fixedInputs) : sampleGrid(model, fixedInputs),
              samples.resolve(String.format("step-%08d.png", step)));
        }
        if (step % config.checkpointEvery() == 0 || step == config.steps()) {
          checkpoint(model, checkpoints, step, losses);
        }
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = timedSteps == 0 ? 0 : timedSteps / seconds;
    writeEvolutionGif(samples);
    ModelFile file = new ModelFile(model.metadata(config.steps(), losses,
        new ModelMetadata.Dataset(data.name(), data.licence(), data.credit()), config.command(), config.seed()),
        model.export());
    file.write(config.out());
    log.accept(String.format("wrote %s after %d steps (%s), %.2f steps/s", config.out(), config.steps(),
        formatLosses(losses), rate));
    return new Result(config.out(), config.steps(), losses, rate, data.skipped());
  }

  /** The step's generator: a function of (seed, step) only, which is what makes resuming exact. */
  static SplittableRandom stepRandom(long seed, long step) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L);
  }

  /** The 64 latents of every sample grid of a run. */
  static float[] fixedLatents(int latentSize, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EED5EEDL);
    float[] z = new float[GRID * GRID * latentSize];
    for (int n = 0; n < GRID * GRID; n++) {
      System.arraycopy(Latent.gaussian(latentSize, random).toArray(), 0, z, n * latentSize, latentSize);
    }
    return z;
  }

  /** The denoiser's grids: the first 32 images, each corrupted with noise seeded by the run's seed. */
  static float[] corruptedExamples(ImageSet data, int side, TrainConfig config) {
    int count = GRID * GRID / 2;
    int per = side * side * data.channels();
    float[] clean = new float[count * per];
    for (int n = 0; n < count; n++) {
      data.centreCrop(n % data.size(), side, side, clean, n * per);
    }
    return DenoiserModel.corrupt(clean, data.channels(), config.noiseSigma(), config.noiseSaltPepper(),
        new SplittableRandom(config.seed() ^ 0x5EED5EEDL));
  }

  /** Corrupted images and the denoiser's pictures of them side by side, {@link #GRID} × {@link #GRID}. */
  static Frame denoiserGrid(TrainableModel model, float[] corrupted) {
    int side = model.imageSize();
    int channels = model.channels();
    int per = side * side * channels;
    int count = corrupted.length / per;
    float[] denoised = model.generate(corrupted, count);
    List<Frame> cells = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      cells.add(cell(corrupted, n, side, channels));
      cells.add(cell(denoised, n, side, channels));
    }
    return Images.grid(cells, GRID);
  }

  private static Frame cell(float[] images, int n, int side, int channels) {
    int per = side * side * channels;
    byte[] pixels = new byte[per];
    for (int i = 0; i < per; i++) {
      pixels[i] = Frame.toByte(images[n * per + i]);
    }
    return new Frame(side, side, channels, pixels);
  }

  /** The model's pictures of the fixed latents, {@link #GRID} × {@link #GRID}. */
  static Frame sampleGrid(TrainableModel model, float[] latents) {
    float[] generated = model.generate(latents, GRID * GRID);
    List<Frame> cells = new ArrayList<>();
    for (int n = 0; n < GRID * GRID; n++) {
      cells.add(cell(generated, n, model.imageSize(), model.channels()));
    }
    return Images.grid(cells, GRID);
  }

  private static void writeSampleGrid(Frame grid, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
    }
    Png.write(grid, file);
  }

  static String formatLosses(Map<String, Double> losses) {
    return losses.entrySet().stream().map(e -> String.format("%s=%.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(" "));
  }

  record CheckpointState(long step, Map<String, Double> losses) {}

  /**
   * Writes checkpoint {@code step} into its own folder, state file last, then removes older ones: a kill at any point
   * leaves at least one complete checkpoint.
   */
  private void checkpoint(TrainableModel model, Path checkpoints, long step, Map<String, Double> losses) {
    Path dir = checkpoints.resolve(String.format("step-%08d", step));
    try {
      Files.createDirectories(dir);
      model.save(dir.resolve("variables"));
      Path tmp = dir.resolve("state.json.tmp");
      JSON.writeValue(tmp.toFile(), new CheckpointState(step, losses));
      Files.move(tmp, dir.resolve("state.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> old = Files.list(checkpoints)) {
        for (Path p : old.filter(p -> !p.equals(dir)).toList()) {
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  static Optional<Path> lastCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("state.json")))
          .max(Comparator.comparing(d -> d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + checkpoints, e);
    }
  }

  private static CheckpointState readState(Path dir) {
    try {
      return JSON.readValue(dir.resolve("state.json").toFile(), CheckpointState.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt checkpoint state " + dir.resolve("state.json") + ": "
          + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Every sample grid of the run, in step order, as a looping GIF at 5 frames a second. */
  private void writeEvolutionGif(Path samples) {
    List<Path> grids;
    try (Stream<Path> files = Files.list(samples)) {
      grids = files.filter(p -> p.getFileName().toString().matches("step-\\d{8}\\.png")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list sample grids in " + samples, e);
    }
    if (grids.isEmpty()) {
      return;
    }
    try (GifAnimation gif = new GifAnimation(config.workDir().resolve("evolution.gif"), 5)) {
      for (Path grid : grids) {
        var image = ImageIO.read(grid.toFile());
        if (image == null) {
          throw new IllegalStateException(grid + " is not a readable PNG");
        }
        gif.write(Images.toFrame(image));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sample grid in " + samples + ": " + e.getMessage(), e);
    }
  }
}
