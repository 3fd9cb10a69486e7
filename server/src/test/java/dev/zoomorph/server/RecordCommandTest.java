package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.record.ProgressListener;
import dev.zoomorph.render.record.RecordResult;
import dev.zoomorph.testing.ChildJvm;
import dev.zoomorph.testing.SmallDisk;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecordCommandTest {
  @TempDir Path dir;

  /** Runs one command in a child JVM, so that it can be stopped by Ctrl-C (SIGINT). */
  public static final class Child {
    public static void main(String[] args) {
      Object command = args[0].equals("assemble") ? new AssembleCommand() : new RecordCommand();
      System.exit(new CommandLine(command).execute(List.of(args).subList(1, args.length).toArray(String[]::new)));
    }
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Process child(Path log, String... args) throws IOException {
    return child(log, Map.of(), args);
  }

  static Process child(Path log, Map<String, String> environment, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), Child.class.getName(), args)).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove(RecordCommand.JOB_COMPLETION_INDEX);
    builder.environment().putAll(environment);
    return ChildJvm.start(builder);
  }

  static long frames(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().matches("frame-\\d{6}\\.png")).count();
    }
  }

  static Map<String, String> hashes(Path folder) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        hashes.put(f.getFileName().toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    return hashes;
  }

  static void awaitUntil(String what, Duration limit, Check check) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (!check.done()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(end);
      Thread.sleep(100);
    }
  }

  interface Check {
    boolean done() throws Exception;
  }

  @Test
  void badInputIsRefusedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String[][] cases = {
      {"no bundled preset named 'nope'", "--preset", "nope", "--size", "64x64", "--seconds", "1", "--out", "o"},
      {"0x64", "--size", "0x64", "--seconds", "1", "--out", "o"},
      {"preset default: its trajectory cannot run at 0.01 frames a second (a segment of 4.0 s at 0.01 fps is 0"
        + " frames", "--size", "64x64", "--fps", "0.01", "--seconds", "100", "--out", "o"},
      {"WIDTHxHEIGHT", "--size", "64", "--seconds", "1", "--out", "o"},
      {"zoom FROM must be a positive number, was 0.0", "--size", "64x64", "--seconds", "1", "--zoom", "0:5",
        "--out", "o"},
      {"output: cannot create the folder " + file.resolve("frames") + ": not a directory", "--size", "64x64",
        "--seconds", "1", "--out", file.resolve("frames").toString()},
      {"output: cannot create the folder " + file.resolve("r1.png/dir") + ": not a directory", "--size", "64x64",
        "--seconds", "1", "--out", file.resolve("r1.png/dir").toString()},
      {"3/2 is out of range", "--size", "64x64", "--seconds", "1", "--shard", "3/2", "--out", "o"},
      {"unknown backend 'nope'", "--size", "64x64", "--seconds", "1", "--backend", "nope", "--out", "o"},
      {"seconds must be a positive number", "--size", "64x64", "--seconds", "0", "--out", "o"},
      {"--frames 10-5: end 5 is before start 10", "--size", "64x64", "--seconds", "1", "--frames", "10-5",
        "--out", "o"},
      {"--frames 1-3,,7: empty range in the list", "--size", "64x64", "--seconds", "1", "--frames", "1-3,,7",
        "--out", "o"},
      {"--frames 0-9:0: step 0 must be at least 1", "--size", "64x64", "--seconds", "1", "--frames", "0-9:0",
        "--out", "o"},
      {"--frames 2-x: '2-x' is not a frame range", "--size", "64x64", "--seconds", "1", "--frames", "2-x",
        "--out", "o"},
      {"frame 30 is past the end: the recording has 30 frames, 0-29", "--size", "64x64", "--seconds", "1",
        "--frames", "20-30", "--out", "o"},
      {"--frames, --shard and --shard-count each choose the frames to render: give one of them", "--size", "64x64",
        "--seconds", "1", "--frames", "1-2", "--shard", "1/2", "--out", "o"},
      {"(part of the recording) need a PNG folder output", "--size", "64x64", "--seconds", "1", "--frames", "1-2",
        "--out", dir.resolve("part.mp4").toString()},
      {"--shard-count 3 takes the shard from JOB_COMPLETION_INDEX (set in each pod of a Kubernetes Indexed Job),"
        + " which is not set", "--size", "64x64", "--seconds", "1", "--shard-count", "3", "--out", "o"},
      {"MP4 (H.264) needs a width and height of at least 16 pixels, was 2x2", "--size", "2x2", "--seconds", "1",
        "--out", dir.resolve("tiny.mp4").toString()},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c).subList(1, c.length));
      int out = args.indexOf("--out") + 1;
      if (args.get(out).equals("o")) {
        args.set(out, dir.resolve("o").toString());
      }
      Run run = run(new RecordCommand(Map.of()), args.toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).as(String.join(" ", args)).contains(c[0]).doesNotContain("java.");
      assertThat(dir.resolve("o")).doesNotExist();
    }
    assertThat(dir.resolve("tiny.mp4")).doesNotExist();
    for (String index : List.of("3", "-1", "two")) {
      Run run = run(new RecordCommand(Map.of(RecordCommand.JOB_COMPLETION_INDEX, index)), "--size", "64x64",
          "--seconds", "1", "--shard-count", "3", "--out", dir.resolve("o").toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains(index.equals("two") ? "JOB_COMPLETION_INDEX=two is not a whole number"
          : "JOB_COMPLETION_INDEX=" + index + " is out of range for --shard-count 3: it must be in 0..2");
    }
    Run assemble = run(new AssembleCommand(), dir.resolve("none").toString(), "--out", dir.resolve("m.mp4").toString());
    assertThat(assemble.exitCode()).isEqualTo(2);
    assertThat(assemble.err()).contains("does not exist");
  }

  @Test
  void ctrlCLeavesCompleteFramesAndResumeFinishesTheSameSequence() throws Exception {
    String[] common = {"--size", "32x32", "--fps", "10", "--seconds", "30", "--zoom", "1:50", "--seed", "3",
        "--backend", "cpu"};
    Path stopped = dir.resolve("stopped");
    Process process = child(dir.resolve("child.log"),
        concat(concat(new String[] {"record"}, common), "--out", stopped.toString()));
    awaitUntil("three frames", Duration.ofMinutes(3), () -> frames(stopped) >= 3 || !process.isAlive());
    assertThat(process.isAlive()).as("still recording when Ctrl-C comes").isTrue();
    ChildJvm.interrupt(process);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    // Cut short: the JVM ended by SIGINT (128 + 2) after the recorder said so, with frames still to render.
    assertThat(process.exitValue()).isEqualTo(130);
    assertThat(Files.readString(dir.resolve("child.log"))).contains("stopped early");

    long done = frames(stopped);
    assertThat(done).isBetween(3L, 299L);
    try (Stream<Path> files = Files.list(stopped)) {
      assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.matches("frame-\\d{6}\\.png") || n.equals(".zoomorph-recording"));
    }
    for (int f = 0; f < done; f++) {
      BufferedImage image = ImageIO.read(stopped.resolve(String.format("frame-%06d.png", f)).toFile());
      assertThat(image.getWidth()).isEqualTo(32);
    }

    Run resumed = run(new RecordCommand(), concat(common, "--out", stopped.toString(), "--resume"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("300 of 300 frames complete (" + (300 - done) + " rendered now)");
    Path whole = dir.resolve("whole");
    assertThat(run(new RecordCommand(), concat(common, "--out", whole.toString())).exitCode()).isZero();
    assertThat(hashes(stopped)).hasSize(301).isEqualTo(hashes(whole));
  }

  @Test
  void ctrlCLeavesAPlayableMp4() throws Exception {
    Path movie = dir.resolve("stopped.mp4");
    Process process = child(dir.resolve("child.log"), "record", "--size", "64x48", "--fps", "10", "--seconds",
        "600", "--zoom", "1:10", "--backend", "cpu", "--out", movie.toString());
    awaitUntil("the movie to start", Duration.ofMinutes(3),
        () -> !WholeFiles.temporariesOf(movie, process.pid()).isEmpty() || !process.isAlive());
    Thread.sleep(2000); // let it encode some frames
    assertThat(process.isAlive()).as("still recording when Ctrl-C comes").isTrue();
    assertThat(movie).as("written under its temporary name until it is complete").doesNotExist();
    ChildJvm.interrupt(process);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isEqualTo(130);
    assertThat(Files.readString(dir.resolve("child.log"))).contains("stopped early");

    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(64);
      while (grabber.grabImage() != null) {
        frames++;
      }
      grabber.stop();
    }
    assertThat(frames).isPositive().isLessThan(6000);
    assertThat(WholeFiles.temporariesOf(movie, process.pid())).isEmpty();
  }

  /**
   * Ctrl-C while the recording is still being prepared (its timeline, a named pipe, is being read: long before the
   * first frame) ends with the summary and 130, and leaves no movie, rather than the JVM dying silently.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void ctrlCBeforeTheFirstFrameSaysNoFileWasWritten() throws Exception {
    Path timeline = dir.resolve("timeline.txt");
    Process mkfifo = new ProcessBuilder("mkfifo", timeline.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
    Path movie = dir.resolve("stopped.mp4");
    Path log = dir.resolve("child.log");
    Process process = child(log, "record", "--size", "64x48", "--fps", "10", "--seconds", "600", "--backend", "cpu",
        "--controls", timeline.toString(), "--out", movie.toString());
    // Opening the pipe to write waits until the child opens it to read: it is then inside prepare().
    CompletableFuture<Void> fed = CompletableFuture.runAsync(() -> {
      try {
        Files.writeString(timeline, "# Ctrl-C comes while this is read\n");
        ChildJvm.interrupt(process);
        // The Ctrl-C hook asks the recording to stop; it runs at once, given slack for a loaded CI machine (too
        // short a wait fails the test with "stopped early", never passes it falsely).
        Thread.sleep(3000);
        // The timeline is read again for its hash: the child goes on only then.
        Files.writeString(timeline, "# Ctrl-C comes while this is read\n");
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    boolean ended = process.waitFor(2, TimeUnit.MINUTES);
    fed.cancel(true);
    assertThat(ended).isTrue();
    assertThat(process.exitValue()).isEqualTo(130);
    assertThat(Files.readString(log)).contains(movie + ": stopped before the first frame; no file was written");
    assertThat(movie).doesNotExist();
    assertThat(WholeFiles.temporariesOf(movie, process.pid())).isEmpty();
  }

  /**
   * The disk fills up mid-recording (a real 96 KiB tmpfs): the run stops naming the full disk and what to do, every
   * frame it kept is a complete PNG, and after space is freed {@code --resume} renders the rest, bytes equal to an
   * uninterrupted run.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aFullDiskStopsWithAClearMessageKeepsCompleteFramesAndResumeFinishes() throws Exception {
    String[] common = {"--size", "48x48", "--fps", "10", "--seconds", "6", "--zoom", "1:20", "--seed", "3",
        "--backend", "cpu"};
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 96 << 10)) {
      Path out = disk.path().resolve("frames");
      Run full = run(new RecordCommand(), concat(common, "--out", out.toString()));

      // Cut short: it wrote frames, then stopped before the 60th.
      long kept = frames(out);
      assertThat(kept).isBetween(1L, 59L);
      assertThat(full.exitCode()).as(full.err()).isEqualTo(1);
      assertThat(full.err()).contains("zoomorph record: stopped: the disk holding " + out + " is full")
          .contains(kept + " of 60 frames are complete and kept")
          .contains("free some space, then run the same command with --resume");
      assertCompleteFrames(out, 48);

      disk.resize(16 << 20);
      Run resumed = run(new RecordCommand(), concat(common, "--out", out.toString(), "--resume"));
      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("60 of 60 frames complete (" + (60 - kept) + " rendered now)");
      Path whole = dir.resolve("whole");
      assertThat(run(new RecordCommand(), concat(common, "--out", whole.toString())).exitCode()).isZero();
      assertThat(hashes(out)).hasSize(61).isEqualTo(hashes(whole));
    }
  }

  /**
   * The disk fills up while an MP4 is written (a real 96 KiB tmpfs): the run stops saying plainly that the disk is
   * full and that no movie was made (its unfinished file, under a temporary name, is deleted), without FFmpeg's error
   * number or JavaCV's advice to programmers.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aFullDiskStopsAnMp4SayingNoMovieWasMade() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 96 << 10)) {
      Path movie = disk.path().resolve("full.mp4");
      Run full = run(new RecordCommand(), "--size", "256x256", "--fps", "30", "--seconds", "20", "--zoom", "1:20",
          "--backend", "cpu", "--quiet", "--out", movie.toString());
      assertThat(full.exitCode()).as(full.err()).isEqualTo(1);
      assertThat(full.err().strip()).isEqualTo("zoomorph record: stopped: the disk holding " + disk.path()
          + " is full while writing full.mp4: full.mp4 was not made; free some space and record again (or record"
          + " to a PNG folder, which --resume can continue)");
      try (Stream<Path> left = Files.list(disk.path())) {
        assertThat(left).as("nothing half-made").isEmpty();
      }
    }
  }

  /**
   * The output folder is moved away mid-recording (its drive unplugged, someone tidying up): the run stops naming
   * the folder, the moved folder holds only complete frames, and once it is back {@code --resume} finishes it.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theOutputFolderVanishingStopsTheRunAndResumeFinishesOnceItIsBack() throws Exception {
    String[] common = {"--size", "32x32", "--fps", "10", "--seconds", "60", "--zoom", "1:20", "--seed", "3",
        "--backend", "cpu"};
    Path out = dir.resolve("frames");
    Path movedAway = dir.resolve("moved-away");
    CompletableFuture<Run> running = CompletableFuture.supplyAsync(
        () -> run(new RecordCommand(), concat(common, "--out", out.toString())));
    awaitUntil("three frames", Duration.ofMinutes(2), () -> frames(out) >= 3 || running.isDone());
    assertThat(running).as("still recording when the folder goes").isNotDone();
    Files.move(out, movedAway);
    Run gone = running.get(2, TimeUnit.MINUTES);

    assertThat(gone.exitCode()).as(gone.err()).isEqualTo(1);
    assertThat(gone.err()).contains("zoomorph record: stopped: the output folder " + out.toAbsolutePath()
        + " is gone").contains("--resume");
    assertThat(out).doesNotExist(); // not made again behind the user's back
    long kept = frames(movedAway);
    assertThat(kept).isBetween(3L, 599L);
    assertCompleteFrames(movedAway, 32);

    Files.move(movedAway, out);
    Run resumed = run(new RecordCommand(), concat(common, "--out", out.toString(), "--resume", "--frames", "0-99"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(frames(out)).isGreaterThanOrEqualTo(100);
  }

  /**
   * Every frame in {@code folder} decodes whole at {@code side}²; besides frames it holds only the recording's
   * manifest and hidden temporary files (a write cut off when the folder went; the next run removes them).
   */
  private static void assertCompleteFrames(Path folder, int side) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.equals(".zoomorph-recording") || WholeFiles.targetOf(f) != null) {
          continue;
        }
        assertThat(name).matches("frame-\\d{6}\\.png");
        BufferedImage image = ImageIO.read(f.toFile());
        assertThat(image).as(name).isNotNull();
        assertThat(image.getWidth()).as(name).isEqualTo(side);
      }
    }
  }

  @Test
  void shardsAssembleIntoTheWholeMovie() throws Exception {
    String[] common = {"--size", "48x32", "--fps", "12", "--seconds", "1", "--zoom", "2:20", "--backend",
        "cpu"};
    Path farm = dir.resolve("farm");
    for (String shard : List.of("1/3", "2/3", "3/3")) {
      Run run = run(new RecordCommand(), concat(common, "--shard", shard, "--out", farm.toString()));
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    Path whole = dir.resolve("whole");
    assertThat(run(new RecordCommand(), concat(common, "--out", whole.toString())).exitCode()).isZero();
    assertThat(hashes(farm)).hasSize(13).isEqualTo(hashes(whole));

    Path movie = dir.resolve("farm.mp4");
    Run assemble = run(new AssembleCommand(), farm.toString(), "--out", movie.toString()); // fps from the folder
    assertThat(assemble.exitCode()).as(assemble.err()).isZero();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      assertThat(frames).isEqualTo(12);
      assertThat(grabber.getFrameRate()).isEqualTo(12.0);
      grabber.stop();
    }
  }

  /**
   * A Kubernetes Indexed Job in miniature: three processes, each with its JOB_COMPLETION_INDEX and the same
   * {@code record --shard-count 3} into one folder, together write the bytes one whole run writes; until the last
   * one has run, assemble refuses the folder naming the missing frames.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void threeIndexedJobPodsTogetherEqualOneWholeRun() throws Exception {
    String[] common = {"--size", "64x64", "--fps", "9", "--seconds", "1", "--zoom", "1:6", "--backend",
        "cpu"};
    Path farm = dir.resolve("farm");
    List<Process> pods = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      Path log = dir.resolve("pod-" + index + ".log");
      pods.add(child(log, Map.of(RecordCommand.JOB_COMPLETION_INDEX, Integer.toString(index)),
          concat(new String[] {"record"}, concat(common, "--shard-count", "3", "--out", farm.toString()))));
    }
    for (int index = 0; index < 3; index++) {
      Process pod = pods.get(index);
      assertThat(pod.waitFor(150, TimeUnit.SECONDS)).as("pod %d finished", index).isTrue();
      assertThat(pod.exitValue()).as(Files.readString(dir.resolve("pod-" + index + ".log"))).isZero();
      assertThat(Files.readString(dir.resolve("pod-" + index + ".log"))).contains("3 of 3 frames complete");
    }
    Path whole = dir.resolve("whole");
    Run run = run(new RecordCommand(), concat(common, "--out", whole.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(hashes(farm)).hasSize(10).isEqualTo(hashes(whole));
    Run check = run(new AssembleCommand(), farm.toString(), "--check");
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).contains("all 9 frames are there");

    // A farm whose middle pod never ran: assemble fails loudly, naming the frames to render.
    Path partial = dir.resolve("partial");
    for (String index : List.of("0", "2")) {
      Run pod = run(new RecordCommand(Map.of(RecordCommand.JOB_COMPLETION_INDEX, index)),
          concat(common, "--shard-count", "3", "--out", partial.toString()));
      assertThat(pod.exitCode()).as(pod.err()).isZero();
    }
    Run assemble = run(new AssembleCommand(), partial.toString(), "--out", dir.resolve("m.mp4").toString());
    assertThat(assemble.exitCode()).isEqualTo(2);
    assertThat(assemble.err()).contains("3 of its 9 frames are missing, frames 3-5")
        .contains("record --frames 3-5 --resume");
    assertThat(dir.resolve("m.mp4")).doesNotExist();
    Run checkPartial = run(new AssembleCommand(), partial.toString(), "--check");
    assertThat(checkPartial.exitCode()).isEqualTo(2);
    assertThat(checkPartial.err()).contains("frames 3-5");
  }

  /**
   * {@code assemble --check} reads every frame's PNG header: a damaged frame is named with assemble's exit code for
   * it (1, as encoding it would fail), a frame of another size with exit 2.
   */
  @Test
  void assembleCheckNamesDamagedFramesAndFramesOfAnotherSize() throws Exception {
    Path farm = dir.resolve("farm");
    Run recorded = run(new RecordCommand(), "--size", "32x32", "--fps", "5", "--seconds", "1", "--backend", "cpu",
        "--out", farm.toString());
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    Run fine = run(new AssembleCommand(), farm.toString(), "--check");
    assertThat(fine.exitCode()).as(fine.err()).isZero();
    assertThat(fine.out()).contains("all 5 frames are there, PNG images of 32x32");

    Files.writeString(farm.resolve("frame-000003.png"), "garbage");
    Run damaged = run(new AssembleCommand(), farm.toString(), "--check");
    assertThat(damaged.exitCode()).isEqualTo(1);
    assertThat(damaged.err()).contains(farm + ": 1 frame is not a PNG image (damaged or cut short), frames 3;"
        + " delete it and render it again (record --frames 3 --resume with the recording's options)");
    Run assembling = run(new AssembleCommand(), farm.toString(), "--out", dir.resolve("m.mp4").toString());
    assertThat(assembling.exitCode()).isEqualTo(damaged.exitCode());

    BufferedImage small = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(small, "png", farm.resolve("frame-000003.png").toFile());
    Run otherSize = run(new AssembleCommand(), farm.toString(), "--check");
    assertThat(otherSize.exitCode()).isEqualTo(2);
    assertThat(otherSize.err()).contains(farm + ": 1 frame is of another size than frame-000000.png (32x32),"
        + " frames 3: frame-000003.png is 16x16");
  }

  /** A Kubernetes Indexed Job with more pods than frames: the pods without frames say so, exit 0, write nothing. */
  @Test
  void aShardWithNoFramesSaysSoAndWritesNothing() {
    Path out = dir.resolve("farm");
    Run empty = run(new RecordCommand(), "--size", "32x32", "--fps", "10", "--seconds", "3", "--backend", "cpu",
        "--shard", "1/40", "--out", out.toString());
    assertThat(empty.exitCode()).as(empty.err()).isZero();
    assertThat(empty.out()).contains(out + ": shard 1/40 has no frames: 30 frames in 40 shards; nothing written");
    assertThat(out).doesNotExist();
  }

  /**
   * Stopped (Ctrl-C) before its first frame, a movie leaves no file (a movie of no frames does not play), so the same
   * command can run again.
   */
  @Test
  void aMovieStoppedBeforeItsFirstFrameLeavesNoFile() {
    Path movie = dir.resolve("early.mp4");
    for (int attempt = 0; attempt < 2; attempt++) {
      Recording recording = Zoomorph.record("default").backend(Backend.CPU).size(64, 48).fps(10).seconds(60)
          .to(movie).prepare();
      recording.stop();
      RecordResult result = recording.run(ProgressListener.NONE);
      assertThat(result.stopped()).isTrue();
      assertThat(result.complete()).isZero();
      assertThat(movie).as("attempt " + attempt).doesNotExist();
    }
  }

  private static final String MINE = """
      {"name": "mine", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 16, "depth": 3,
        "channels": 3, "scale": 4},
       "trajectory": {"kind": "morph", "seed": 5, "keyframes": 4, "secondsPerSegment": 2.5, "slerp": true},
       "view": {"centerX": 0, "centerY": 0, "zoom": 1, "rotationDegrees": 0}, "renderScale": %s}
      """;

  /**
   * The folder's manifest names everything that decides the pixels: a run with another preset, preset content, seed,
   * timeline or backend is refused with exit 2, naming what differs (and the option that matches it), and writes
   * nothing; the same settings resume. A manifest of an older version, which named none of these, is refused.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aRunThatWouldDrawOtherPixelsIsRefusedNamingWhatDiffers() throws Exception {
    Path preset = Files.writeString(dir.resolve("mine.json"), MINE.formatted("1"));
    Path set = Files.writeString(dir.resolve("set.txt"), "0.2 /zoomorph/post/contrast 2\n");
    String[] size = {"--size", "32x32", "--fps", "5", "--seconds", "1"};
    Path farm = dir.resolve("farm");
    Run first = run(new RecordCommand(),
        concat(size, "--preset", preset.toString(), "--backend", "cpu", "--frames", "0-1", "--out", farm.toString()));
    assertThat(first.exitCode()).as(first.err()).isZero();
    Map<String, String> before = hashes(farm);
    assertThat(before).hasSize(3);

    Map<List<String>, String> refused = Map.of(
        List.of("--preset", "drift", "--backend", "cpu"),
        "was recorded with preset mine (sha256 ",
        // another zoom centre too (the preset's): the preset is what differs
        List.of("--preset", "deep-zoom", "--backend", "cpu"),
        "was recorded with preset mine (sha256 ",
        List.of("--preset", preset.toString(), "--backend", "cpu", "--seed", "99"),
        "was recorded with seed 5, this one has seed 99: pass --seed 5",
        List.of("--preset", preset.toString(), "--backend", "cpu", "--controls", set.toString()),
        "was recorded without a timeline, this one has --controls set.txt (sha256 ",
        List.of("--preset", preset.toString(), "--backend", "gl"),
        "was recorded with the cpu backend and this run draws with gl (their frames differ slightly): pass"
            + " --backend cpu");
    for (Map.Entry<List<String>, String> c : refused.entrySet()) {
      Run again = run(new RecordCommand(), concat(concat(size, c.getKey().toArray(String[]::new)), "--frames", "2-4",
          "--resume", "--out", farm.toString()));
      assertThat(again.exitCode()).as(c.getKey() + ": " + again.err()).isEqualTo(2);
      assertThat(again.err()).as(c.getKey().toString()).contains(farm + " " + c.getValue());
      assertThat(hashes(farm)).as(c.getKey() + " wrote nothing").isEqualTo(before);
    }
    assertThat(run(new RecordCommand(), concat(size, "--preset", "drift", "--backend", "cpu", "--frames", "2-4",
        "--resume", "--out", farm.toString())).err()).contains(", this one plays drift (sha256 ");

    // The same file name with other content is another preset.
    Files.writeString(preset, MINE.formatted("0.5"));
    Run changed = run(new RecordCommand(), concat(size, "--preset", preset.toString(), "--backend", "cpu", "--frames",
        "2-4", "--resume", "--out", farm.toString()));
    assertThat(changed.exitCode()).isEqualTo(2);
    assertThat(changed.err()).contains("was recorded with preset mine (sha256 ")
        .contains("and that preset has changed since (now mine (sha256 ");
    assertThat(hashes(farm)).isEqualTo(before);

    Files.writeString(preset, MINE.formatted("1"));
    Run resumed = run(new RecordCommand(), concat(size, "--preset", preset.toString(), "--backend", "cpu", "--frames",
        "2-4", "--resume", "--out", farm.toString()));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(frames(farm)).isEqualTo(5);

    Path old = Files.createDirectories(dir.resolve("old"));
    Files.writeString(old.resolve(".zoomorph-recording"), "zoomorph recording 1\nsize=32x32\nfps=5.0\nframes=5\n"
        + "zoom=1.0:1.0\ncenter=0.0,0.0\nrotation=0.0\ntile=1024\n");
    Run older = run(new RecordCommand(), concat(size, "--preset", preset.toString(), "--backend", "cpu", "--resume",
        "--out", old.toString()));
    assertThat(older.exitCode()).isEqualTo(2);
    assertThat(older.err()).contains(old + " was recorded by an older Zoomorph, whose manifest")
        .contains("does not say which preset, seed, timeline and backend drew its frames");
    assertThat(frames(old)).isZero();
  }

  /**
   * The preset and the timeline are known by content, not by file name: a farm worker whose copies of them have other
   * names adds its frames to the folder. (A preset's name is the one inside it, so a copy of its file is the same
   * preset.)
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void copiesOfThePresetAndTimelineUnderOtherNamesResumeTheRecording() throws Exception {
    Path preset = Files.writeString(dir.resolve("mine.json"), MINE.formatted("1"));
    Path presetCopy = Files.copy(preset, dir.resolve("mine-copy.json"));
    Path set = Files.writeString(dir.resolve("set.txt"), "0.2 /zoomorph/post/contrast 2\n");
    Path setCopy = Files.copy(set, dir.resolve("set-copy.txt"));
    String[] recording = {"--size", "32x32", "--fps", "5", "--seconds", "1", "--backend", "cpu"};
    Path farm = dir.resolve("farm");
    Run first = run(new RecordCommand(), concat(recording, "--preset", preset.toString(), "--controls",
        set.toString(), "--frames", "0-1", "--out", farm.toString()));
    assertThat(first.exitCode()).as(first.err()).isZero();

    Run resumed = run(new RecordCommand(), concat(recording, "--preset", presetCopy.toString(), "--controls",
        setCopy.toString(), "--resume", "--out", farm.toString()));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(frames(farm)).isEqualTo(5);
    assertThat(Files.readString(farm.resolve(".zoomorph-recording"))).contains("\ntimeline=set.txt sha256:");
  }

  static String[] concat(String[] first, String... rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
  }
}
