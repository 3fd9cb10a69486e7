package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.output.GifAnimation;
import dev.zoomorph.output.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records a zoom: frame k is the k-th {@link Shot} drawn at {@code settings.path().viewAt(k, …)}, in tiles when the
 * frame is larger than {@link RecordSettings#tileSide()}, and goes to a PNG folder, an MP4 or a GIF.
 *
 * <p>Construction checks everything that can be checked without rendering (output writable, format allows the
 * shard and resume options, no frames overwritten by accident) and throws {@link IllegalArgumentException} naming
 * the problem, before any work starts. {@link #run} renders on the calling thread while the previous frame is
 * encoded and written on a second one (so at most two frames are in memory); {@link #stop} (from any thread, e.g. a
 * shutdown hook on Ctrl-C) makes it finish the frames under way, finalise the output and return.
 *
 * <p>The same settings and shots give byte-identical PNG frames: nothing here depends on timing, thread count or
 * memory, so frames are as repeatable as the generators drawing the shots (the CPU CPPN is, on one machine).
 */
public final class Recorder {
  private final RecordSettings settings;
  private final OutputFormat format;
  private final BitSet selected;
  private final BitSet existing;
  /** Selected frames the folder holds damaged or cut short: a resume renders them again. */
  private final BitSet damaged;
  /** The PNG folder's manifest (empty for a movie), made once: it reads the sound track through. */
  private final String manifest;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean stopRequested;

  public Recorder(RecordSettings settings) {
    this.settings = settings;
    this.format = OutputFormat.of(settings.output());
    this.selected = settings.frames().frames(settings.frameCount());
    if (format != OutputFormat.PNG_FOLDER && selected.cardinality() != settings.frameCount()) {
      throw new IllegalArgumentException("frames " + settings.frames() + " (part of the recording) need a PNG folder"
          + " output, not " + settings.output() + ": render the parts to frames, then join them with assemble");
    }
    if (format != OutputFormat.PNG_FOLDER && settings.resume()) {
      throw new IllegalArgumentException(
          "resume needs a PNG folder output; " + settings.output() + " is " + format.described);
    }
    if (format == OutputFormat.MP4) {
      Mp4Movie.requireEncodable(settings.width(), settings.height());
    }
    if (format == OutputFormat.GIF && settings.fps() > GifAnimation.MAX_FPS) {
      throw new IllegalArgumentException("GIF plays at most " + (int) GifAnimation.MAX_FPS
          + " fps (delays are whole hundredths of a second), was " + settings.fps());
    }
    if (format == OutputFormat.PNG_FOLDER) {
      manifest = PngSequence.manifest(settings);
      PngSequence.requireSameRecording(settings.output(), manifest);
      if (selected.isEmpty()) {
        // A shard with no frames (more workers than frames) writes nothing: no folder that looks like a failed run.
        existing = new BitSet();
        damaged = new BitSet();
        return;
      }
      requireWritableFolder(settings.output());
      PngSequence.HeldFrames held =
          PngSequence.existingFrames(settings.output(), settings.width(), settings.height(), selected);
      PngSequence.requireManifestWithFrames(settings.output(), held);
      existing = held.complete();
      damaged = held.damaged();
      damaged.and(selected);
      BitSet clashes = (BitSet) existing.clone();
      clashes.or(damaged);
      clashes.and(selected);
      int clash = clashes.nextSetBit(0);
      if (!settings.resume() && clash >= 0) {
        throw new IllegalArgumentException(settings.output() + " already holds " + PngSequence.frameName(clash)
            + " of this recording: resume (--resume) to keep them and render the rest, or choose another folder");
      }
    } else {
      manifest = "";
      requireNewFile(settings.output());
      existing = new BitSet();
      damaged = new BitSet();
    }
  }

  /**
   * What the user should know before the run, one line each: frames of a resumed folder that are damaged or cut short
   * and are rendered again; a GIF of a music video, which carries no sound.
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    Path track = settings.audio();
    if (format == OutputFormat.GIF && track != null) {
      // Not refused: a GIF whose picture moves with the music (a loop for a page or a post) is worth making.
      notes.add(settings.output().getFileName() + " carries no sound (a GIF has none): the track " + track.getFileName()
          + " moves its picture; an .mp4 carries the sound too");
    }
    if (!damaged.isEmpty()) {
      notes.add(settings.output() + ": " + (damaged.cardinality() == 1 ? "1 frame is" : damaged.cardinality()
          + " frames are") + " not a complete PNG image (damaged or cut short), frames " + FrameRanges.of(damaged)
          + "; rendering " + (damaged.cardinality() == 1 ? "it" : "them") + " again");
    }
    return notes;
  }

  /** Whether this run has no frames to render (a shard of a recording with fewer frames than shards). */
  public boolean selectsNoFrames() {
    return selected.isEmpty();
  }

  /** Whether frames go to a folder of PNG files (rather than one movie). */
  public boolean writesFolder() {
    return format == OutputFormat.PNG_FOLDER;
  }

  /** The settings this recorder was made with. */
  public RecordSettings settings() {
    return settings;
  }

  /**
   * Renders this run's share of the frames. {@code shots} yields frame 0, 1, 2, …; frames not selected or already
   * complete are skipped by advancing it (so a show that plays through it keeps its time). Runs once.
   *
   * @param channels the output's: 1 (grey) or 3 (RGB); grey frames of an RGB recording are written as RGB
   * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
   * @throws OutputWriteException when the output cannot be written (the disk is full, its folder is gone): the
   *     run stops there, and a PNG folder's frames written before stay complete (a movie is not made)
   * @throws IllegalStateException if the shots end early, a frame of a grey recording has colour, or rendering or
   *     encoding fails (a PNG folder's frames written so far stay valid; a movie is not made)
   */
  public RecordResult run(int channels, Iterator<? extends Shot> shots, ProgressListener progress) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("a recording has 1 or 3 channels, not " + channels);
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a Recorder runs once; make a new one");
    }
    int frameCount = settings.frameCount();
    int end = selected.length();
    int total = selected.cardinality();
    BitSet done = (BitSet) existing.clone();
    done.and(selected);
    int complete = done.cardinality();
    progress.progress(complete, total);
    if (complete == total) {
      return new RecordResult(0, complete, total, false, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
    long renderNanos = 0;
    int rendered = 0;
    boolean stopped = false;
    Shot shot = next(shots, 0);
    FrameSink sink = open(channels);
    // Frame k is encoded and written on this thread while frame k+1 renders: at most two frames in memory.
    ExecutorService writer = Executors.newSingleThreadExecutor(task -> new Thread(task, "record-writer"));
    Future<?> pending = null;
    OutputWriteException failed = null;
    boolean ended = false;
    try {
      for (int f = 0; f < end; f++) {
        if (f > 0) {
          shot = next(shots, f);
        }
        if (!selected.get(f) || existing.get(f)) {
          continue;
        }
        if (stopRequested) {
          stopped = true;
          break;
        }
        long t0 = System.nanoTime();
        View view = settings.path().viewAt(f, frameCount, settings.width(), settings.height());
        Frame frame = inChannels(Tiles.render(shot, view, settings.tileSide()), channels, f);
        renderNanos += System.nanoTime() - t0;
        if (pending != null) {
          await(pending);
          rendered++;
          complete++;
          progress.progress(complete, total);
        }
        int index = f;
        pending = writer.submit(() -> sink.write(index, frame));
      }
      if (pending != null) {
        await(pending);
        pending = null;
        rendered++;
        complete++;
        progress.progress(complete, total);
      }
      ended = true;
    } catch (OutputWriteException e) {
      failed = e; // stop: the frames written so far stay complete
    } finally {
      if (pending != null) {
        awaitQuietly(pending);
      }
      writer.shutdown();
      if (ended) {
        sink.close(); // stopped or done: a playable movie of the frames so far (none if there were none)
      } else {
        sink.discard(); // a movie that failed is not left half-made under its name
      }
    }
    if (failed != null) {
      throw format == OutputFormat.PNG_FOLDER
          ? failed.kept(complete + " of " + total + " frames are complete and kept", true)
          : failed.kept(settings.output().getFileName() + " was not made", false);
    }
    return new RecordResult(rendered, complete, total, stopped, Duration.ofNanos(renderNanos),
        Duration.ofNanos(sink.encodeNanos()), Duration.ofNanos(sink.writeNanos()));
  }

  /** Waits for a frame's write; an interrupt asks the run to stop but the frame still completes. */
  private void await(Future<?> write) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          write.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
          stopRequested = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("writing a frame failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Lets a write that is under way finish before the output is finalised, when the run already failed. */
  private void awaitQuietly(Future<?> write) {
    try {
      await(write);
    } catch (RuntimeException | Error alreadyFailing) {
      // The run's own failure is the one reported.
    }
  }

  /** Asks a running {@link #run} to finish its current frame, finalise the output and return; thread-safe. */
  public void stop() {
    stopRequested = true;
  }

  private FrameSink open(int channels) {
    return switch (format) {
      case PNG_FOLDER -> {
        PngSequence.claimManifest(settings.output(), manifest);
        yield new PngSequence(settings.output());
      }
      case MP4 -> new Mp4Movie(settings.output(), settings.width(), settings.height(), channels, settings.fps(),
          settings.audio());
      case GIF -> new GifFrames(settings.output(), settings.fps());
    };
  }

  private Shot next(Iterator<? extends Shot> shots, int frame) {
    if (!shots.hasNext()) {
      throw new IllegalStateException(
          "the shots ended after " + frame + " frames; the recording needs " + settings.frameCount());
    }
    return shots.next();
  }

  private static Frame inChannels(Frame frame, int channels, int index) {
    if (frame.channels() == channels) {
      return frame;
    }
    if (channels == 3) {
      return frame.asRgb();
    }
    throw new IllegalStateException("frame " + index + " has colour, and the recording was opened grey");
  }

  static void requireWritableFolder(Path folder) {
    String why = Outputs.whyNoFolder(folder);
    if (why != null) {
      throw new IllegalArgumentException("output: " + why);
    }
  }

  /** Refuses an output that exists (nothing is overwritten) or whose folder cannot be written. */
  public static void requireNewFile(Path file) {
    if (Files.exists(file)) {
      throw new IllegalArgumentException("output " + file + " already exists; remove it or choose another name");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("output " + file + " has no parent folder");
    }
    requireWritableFolder(parent);
  }
}
