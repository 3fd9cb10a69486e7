package dev.zoomorph.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.json.JsonProblem;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.output.GifAnimation;
import dev.zoomorph.output.Images;
import dev.zoomorph.output.Outputs;
import dev.zoomorph.output.Png;
import dev.zoomorph.trainer.data.DataSourceException;
import dev.zoomorph.trainer.data.DataSources;
import dev.zoomorph.trainer.data.ImageSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;

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
  private static final Pattern SAMPLE_GRID = Pattern.compile("step-\\d{8}\\.png");
  private static final Pattern CHECKPOINT_FOLDER = Pattern.compile("step-\\d{8}");

  private final TrainConfig config;
  private final Consumer<String> log;
  private final ConsoleProgress.Style progress;

  /** A training that reports what it does to {@code log} and its progress in the given style. */
  public Trainer(TrainConfig config, Consumer<String> log, ConsoleProgress.Style progress) {
    this.config = config;
    this.log = log;
    this.progress = progress;
  }

  /**
   * What a training produced: the model file after {@code steps} steps, or, when {@link #stop()} cut it short
   * ({@code stopped}), no model file and the step it stopped at, with the checkpoint a {@code --resume} continues
   * from (null when none was written).
   */
  public record Result(Path modelFile, long steps, Map<String, Double> losses, double stepsPerSecond,
      int skippedImages, boolean stopped, @Nullable Checkpoint checkpoint) {}

  /** A checkpoint folder and the step it holds. */
  public record Checkpoint(Path folder, long step) {}

  private volatile boolean stopRequested;
  private @Nullable Start start;

  /** Where training starts: its data and what identifies it, and the checkpoint to restore (null for a fresh run). */
  private record Start(ImageSet data, DataIdentity dataIdentity, @Nullable Resume resume) {}

  /** A checkpoint to resume and its state. */
  private record Resume(Path checkpoint, CheckpointState state) {}

  /**
   * Asks a running (or not yet started) training to stop after its current step: it writes a checkpoint of that
   * step and returns a {@link Result#stopped()} result. Safe from any thread (a Ctrl-C handler).
   */
  public void stop() {
    stopRequested = true;
  }

  /** Trains to {@link TrainConfig#steps()} and writes the model file; failures are unchecked exceptions. */
  public Result run() {
    Start from = prepared();
    try (TrainableModel model = createModel(config)) {
      return train(model, from);
    }
  }

  /**
   * Checks, before any step is taken, what can be: that the model file and the work folder can be written, that the
   * data source holds pictures to train on (it reads them), that a fresh run would not mix with an earlier run's
   * checkpoint, and that a checkpoint to resume fits the options (kind, sizes, seed, steps) and is whole. {@link
   * #run()} calls it first; a command calls it itself to report what it throws as a usage error.
   *
   * @throws TrainRefusedException naming the option that does not fit and what to do
   * @throws IllegalStateException when the checkpoint to resume is damaged
   */
  public void check() {
    prepared();
  }

  private synchronized Start prepared() {
    if (start == null) {
      checkOutputs();
      @Nullable Resume resume = checkResume();
      List<String> dataNotes = new ArrayList<>();
      ImageSet data = loadData(dataNotes);
      DataIdentity dataIdentity = DataIdentity.of(config.data(), data);
      if (resume == null) {
        clearEarlierSamples();
      } else {
        checkSameData(resume, dataIdentity);
      }
      // Only a run that will start says what it read: a refusal is one line.
      dataNotes.forEach(log);
      start = new Start(data, dataIdentity, resume);
    }
    return start;
  }

  private void checkOutputs() {
    Path dataFolder = Path.of(config.data());
    if (Files.isDirectory(dataFolder) && resolved(config.workDir()).startsWith(resolved(dataFolder))) {
      throw new TrainRefusedException("--work-dir " + config.workDir() + " is inside --data " + config.data()
          + ", and every picture below --data is trained on (the run's sample grids would be too): put --out, or"
          + " --work-dir, outside " + config.data());
    }
    String out = Outputs.whyNotWritable(config.out());
    if (out != null) {
      throw new TrainRefusedException("--out " + config.out() + " cannot be written: " + out);
    }
    boolean workDirExisted = Files.exists(config.workDir());
    String work = Outputs.whyNoFolder(config.workDir());
    if (work != null) {
      throw new TrainRefusedException("--work-dir " + config.workDir() + " cannot be used: " + work);
    }
    if (!workDirExisted) {
      // Made only to find out: training makes it again for its first grid, so a run refused or stopped before then
      // leaves no empty work folder behind.
      try {
        Files.delete(config.workDir());
      } catch (IOException e) {
        // An empty folder that stays is harmless.
      }
    }
  }

  /** The checkpoint {@code --resume} continues, checked against the options; null for a run from step 0. */
  private @Nullable Resume checkResume() {
    Path checkpoints = config.workDir().resolve("checkpoints");
    Optional<Path> last = lastCheckpoint(checkpoints);
    Optional<Path> newest = checkpointFolders(checkpoints).stream().reduce((older, newer) -> newer);
    if (!config.resume()) {
      if (newest.isPresent()) {
        // It may be hours of training, even without its state.json: never removed without being asked.
        throw new TrainRefusedException("--work-dir " + config.workDir() + " holds a checkpoint of an earlier run ("
            + last.orElse(newest.get()).getFileName() + "): --resume it, or remove the folder to train afresh");
      }
      return null;
    }
    if (last.isEmpty()) {
      if (newest.isPresent()) {
        throw damaged(newest.get(), "state.json is missing");
      }
      // A mistyped --out or --work-dir would otherwise train afresh and remove the sample grids it found.
      throw new TrainRefusedException("no checkpoint to resume in " + config.workDir() + "; leave out --resume to"
          + " start");
    }
    CheckpointState state = readState(last.get());
    if (state.options() != null) {
      Map<String, String> now = runOptions(config);
      for (Map.Entry<String, String> then : state.options().entrySet()) {
        String current = now.get(then.getKey());
        if (!then.getValue().equals(current)) {
          throw new TrainRefusedException(mismatch(last.get(), then.getKey(), then.getValue(), current));
        }
      }
    }
    if (config.steps() < state.step()) {
      throw new TrainRefusedException("--steps " + config.steps() + " is below the step of the checkpoint in "
          + last.get() + " (" + state.step() + "): resume with --steps " + state.step()
          + " or more, or train afresh without --resume");
    }
    checkWhole(last.get(), state);
    return new Resume(last.get(), state);
  }

  /** {@code path} absolute, with the links of the part that exists resolved: where it lies, to compare. */
  private static Path resolved(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }

  /**
   * What identifies a run's data in its checkpoints: the source as given, and its pictures' count and {@link
   * ImageSet#fingerprint()} as trained on (another spelling of the same source is the same data).
   */
  record DataIdentity(String source, int images, String fingerprint) {
    static DataIdentity of(String source, ImageSet data) {
      return new DataIdentity(source, data.size(), data.fingerprint());
    }

    boolean samePictures(DataIdentity other) {
      return images == other.images && fingerprint.equals(other.fingerprint);
    }
  }

  /** A resumed run trains on the pictures its checkpoint was trained on; older checkpoints do not say, and pass. */
  private static void checkSameData(Resume resume, DataIdentity now) {
    DataIdentity then = resume.state().data();
    if (then != null && !then.samePictures(now)) {
      throw new TrainRefusedException("the checkpoint in " + resume.checkpoint() + " was trained with --data "
          + then.source() + " (" + then.images() + " images, fingerprint " + then.fingerprint() + "); resume with"
          + " that data (not " + now.source() + ": " + now.images() + " images, fingerprint " + now.fingerprint()
          + "), or train afresh without --resume");
    }
  }

  private String mismatch(Path checkpoint, String option, String then, @Nullable String now) {
    if (option.equals("kind")) {
      return "the checkpoint in " + checkpoint + " is of a " + then + " model, not " + config.kind() + ": train "
          + then + " to resume it, or train afresh without --resume";
    }
    return "the checkpoint in " + checkpoint + " was trained with " + option + " " + then + "; resume with " + option
        + " " + then + (now == null ? "" : " (not " + now + ")") + ", or train afresh without --resume";
  }

  /**
   * The options a checkpoint's variables and batches depend on, as {@code zoomorph train} writes them: resuming
   * with another value would fail inside TensorFlow (other shapes) or silently continue another run (another seed).
   * Learning rates, the batch size and the update schedule may change between runs.
   */
  static Map<String, String> runOptions(TrainConfig config) {
    ModelKind kind = config.kind();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("kind", kind.id());
    options.put("--seed", Long.toString(config.seed()));
    options.put("--size", Integer.toString(config.imageSize()));
    options.put("--channels", Integer.toString(config.channels()));
    if (kind.isGenerator()) {
      options.put("--latent", Integer.toString(config.latentSize()));
      options.put("--d-filters", Integer.toString(config.discriminatorFilters()));
    }
    if (kind.isCppn()) {
      options.put("--width", Integer.toString(config.cppnWidth()));
      options.put("--depth", Integer.toString(config.cppnDepth()));
      options.put("--scale", Float.toString(config.cppnScale()));
    }
    if (kind.hasEncoder()) {
      options.put("--encoder", config.encoderHidden().isEmpty() ? "0"
          : config.encoderHidden().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    if (kind == ModelKind.VAE_DCGAN) {
      options.put("--encoder-filters", Integer.toString(config.encoderFilters()));
    }
    if (kind.isDcgan()) {
      options.put("--g-filters", Integer.toString(config.dcganFilters()));
    }
    if (kind == ModelKind.DENOISER) {
      options.put("--denoiser-filters", Integer.toString(config.denoiserFilters()));
    }
    return options;
  }

  /** A fresh run's grids only: an earlier run's would end up in this run's evolution GIF. */
  private void clearEarlierSamples() {
    Path samples = config.workDir().resolve("samples");
    int removed = 0;
    try {
      if (Files.isDirectory(samples)) {
        try (Stream<Path> files = Files.list(samples)) {
          for (Path grid : files.filter(p -> SAMPLE_GRID.matcher(p.getFileName().toString()).matches()).toList()) {
            Files.delete(grid);
            removed++;
          }
        }
      }
      Files.deleteIfExists(config.workDir().resolve("evolution.gif"));
    } catch (IOException e) {
      throw new TrainRefusedException("--work-dir " + config.workDir() + ": cannot remove an earlier run's sample"
          + " grids: " + FileErrors.reason(e));
    }
    if (removed > 0) {
      log.accept("removed " + removed + " sample grids of an earlier run (it left no checkpoint) from " + samples);
    }
  }

  static TrainableModel createModel(TrainConfig config) {
    if (config.kind() == ModelKind.DENOISER) {
      return new DenoiserModel(config);
    }
    return config.kind().isDcgan() ? new DcganModel(config) : new CppnGanModel(config);
  }

  /**
   * CPPNs train on random crops of images two pixels larger (26 of 28); the others on whole images. What is worth
   * saying about the data (skipped files, its size) goes to {@code notes}.
   */
  private ImageSet loadData(List<String> notes) {
    int side = config.kind().isCppn() ? config.imageSize() + 2 : config.imageSize();
    List<String> warnings = new ArrayList<>();
    ImageSet data;
    try {
      data = DataSources.open(config.data(), config.channels(), side, warnings::add);
    } catch (DataSourceException e) {
      throw new TrainRefusedException("--data " + config.data() + " cannot be used: " + e.getMessage());
    }
    notes.addAll(warnings);
    if (data.skipped() > 0) {
      notes.add("skipped " + data.skipped() + " unreadable images of " + config.data());
    }
    if (!config.kind().isCppn() || (data.width() != side && data.width() != config.imageSize())
        || data.width() != data.height()) {
      data = data.fitTo(side);
    }
    notes.add("data: " + data.name() + ", " + data.size() + " images of " + data.width() + "x" + data.height()
        + "x" + data.channels());
    return data;
  }

  private Result train(TrainableModel model, Start from) {
    ImageSet data = from.data();
    Path checkpoints = config.workDir().resolve("checkpoints");
    Path samples = config.workDir().resolve("samples");
    long start = 0;
    Map<String, Double> losses = new LinkedHashMap<>();
    @Nullable Checkpoint saved = null;
    @Nullable Resume resume = from.resume();
    if (resume != null) {
      restore(model, resume.checkpoint());
      start = resume.state().step();
      losses.putAll(resume.state().losses());
      saved = new Checkpoint(resume.checkpoint(), start);
      log.accept("resumed from " + resume.checkpoint() + " at step " + start);
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
        if (stopRequested) {
          long done = step - 1;
          if (saved == null || saved.step() != done) {
            saved = done == 0 ? null : checkpoint(model, checkpoints, done, losses, from.dataIdentity());
          }
          return new Result(config.out(), done, losses, 0, data.skipped(), true, saved);
        }
        SplittableRandom random = stepRandom(config.seed(), step);
        data.randomCrops(random, batch, size, size, images);
        Map<String, Double> stepLosses = model.step(images, batch, random);
        for (Map.Entry<String, Double> e : stepLosses.entrySet()) {
          if (!Double.isFinite(e.getValue())) {
            throw new IllegalStateException("training stopped: loss " + e.getKey() + " is " + e.getValue()
                + " at step " + step + (saved == null ? "; no checkpoint was written yet"
                : "; the last checkpoint (step " + saved.step() + ") is in " + saved.folder())
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
          saved = checkpoint(model, checkpoints, step, losses, from.dataIdentity());
        }
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = timedSteps == 0 ? 0 : timedSteps / seconds;
    writeEvolutionGif(samples);
    ModelFile file = new ModelFile(model.metadata(config.steps(), losses,
        new ModelMetadata.Dataset(data.name(), data.licence(), data.credit()), config.command(), config.seed()),
        model.export());
    try {
      file.write(config.out());
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot write model file " + config.out() + ": " + FileErrors.reason(e.getCause())
          + "; the checkpoint in " + checkpoints + " keeps the weights (--resume writes the file)", e.getCause());
    }
    log.accept(String.format("wrote %s after %d steps (%s), %.2f steps/s", config.out(), config.steps(),
        formatLosses(losses), rate));
    return new Result(config.out(), config.steps(), losses, rate, data.skipped(), false, saved);
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

  /**
   * A checkpoint's state.json: its step and losses, the options its run was made with ({@link #runOptions}), its
   * data and each variables file's length and SHA-256, so that a resume refuses other options, other data and a
   * damaged file before TensorFlow meets them. Checkpoints written before these were recorded have them null, and
   * are not checked.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CheckpointState(long step, Map<String, Double> losses, @Nullable Map<String, String> options,
      @Nullable DataIdentity data, @Nullable Map<String, String> files) {}

  /**
   * Writes checkpoint {@code step} into its own folder, state file last, then removes older ones: a kill at any point
   * leaves at least one complete checkpoint.
   */
  private Checkpoint checkpoint(TrainableModel model, Path checkpoints, long step, Map<String, Double> losses,
      DataIdentity data) {
    Path dir = checkpoints.resolve(String.format("step-%08d", step));
    try {
      Files.createDirectories(dir);
      model.save(dir.resolve("variables"));
      Map<String, String> files = new TreeMap<>();
      for (Path file : variablesFiles(dir)) {
        files.put(file.getFileName().toString(), seal(file));
      }
      WholeFiles.write(dir.resolve("state.json"), out -> JSON.writeValue(out,
          new CheckpointState(step, losses, runOptions(config), data, files)));
      try (Stream<Path> old = Files.list(checkpoints)) {
        for (Path p : old.filter(p -> !p.equals(dir)).toList()) {
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + FileErrors.reason(e), e);
    }
    return new Checkpoint(dir, step);
  }

  private static List<Path> variablesFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("variables")).sorted().toList();
    }
  }

  /** A file's length and SHA-256, as state.json records them. */
  private static String seal(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return Files.size(file) + ":" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }

  /** The checkpoint's variables files are those its state.json sealed, byte for byte. */
  private static void checkWhole(Path dir, CheckpointState state) {
    if (state.files() == null) {
      return;
    }
    try {
      for (Map.Entry<String, String> sealed : state.files().entrySet()) {
        Path file = dir.resolve(sealed.getKey());
        if (!Files.isRegularFile(file)) {
          throw damaged(dir, sealed.getKey() + " is missing");
        }
        String now = seal(file);
        if (!now.equals(sealed.getValue())) {
          long was = Long.parseLong(sealed.getValue().substring(0, sealed.getValue().indexOf(':')));
          long is = Files.size(file);
          throw damaged(dir, sealed.getKey() + (is == was ? " has other bytes than were written"
              : " has " + is + " bytes, not the " + was + " written"));
        }
      }
    } catch (IOException e) {
      throw damaged(dir, FileErrors.reason(e));
    }
  }

  private static IllegalStateException damaged(Path dir, String why) {
    return new IllegalStateException("the checkpoint in " + dir + " cannot be read: it is damaged (" + why
        + "); remove it to train afresh");
  }

  /**
   * Restores the checkpoint's variables. What {@link #check()} could not see (a checkpoint of an older version,
   * without its options and seals) fails in TensorFlow; its exception type says how, in words.
   */
  private static void restore(TrainableModel model, Path dir) {
    try {
      model.restore(dir.resolve("variables"));
    } catch (TFInvalidArgumentException e) {
      throw new IllegalStateException("the checkpoint in " + dir + " does not fit this model: its variables have"
          + " other shapes (was it made with other options?); remove it to train afresh");
    } catch (TensorFlowException e) {
      // A missing variable (another kind of model) and unreadable data both arrive as this type.
      throw new IllegalStateException("the checkpoint in " + dir + " cannot be read: it is damaged or another"
          + " model's; remove it to train afresh");
    }
  }

  /** The last whole checkpoint: the newest folder with its state.json (written last). */
  static Optional<Path> lastCheckpoint(Path checkpoints) {
    return checkpointFolders(checkpoints).stream().filter(d -> Files.isRegularFile(d.resolve("state.json")))
        .reduce((older, newer) -> newer);
  }

  /** Every checkpoint folder, whole or not (a kill while it was written leaves it without state.json), oldest first. */
  private static List<Path> checkpointFolders(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.filter(d -> Files.isDirectory(d) && CHECKPOINT_FOLDER.matcher(d.getFileName().toString()).matches())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + checkpoints, e);
    }
  }

  private static CheckpointState readState(Path dir) {
    CheckpointState state;
    try {
      state = JSON.readValue(dir.resolve("state.json").toFile(), CheckpointState.class);
    } catch (JacksonException e) {
      JsonProblem problem = JsonProblem.of(e);
      throw damaged(dir, "state.json is " + (problem.syntax() ? problem.notValid("JSON") : "wrong: " + problem));
    } catch (IOException e) {
      throw damaged(dir, "state.json cannot be read: " + FileErrors.reason(e));
    }
    if (state == null || state.losses() == null || state.step() < 0) {
      throw damaged(dir, "state.json lacks the step or the losses");
    }
    return state;
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
      grids = files.filter(p -> SAMPLE_GRID.matcher(p.getFileName().toString()).matches()).sorted().toList();
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
