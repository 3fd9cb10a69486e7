package dev.zoomorph.render.record;

import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.output.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Joins a PNG sequence ({@code frame-000000.png} …, e.g. from the shards of a render farm) into an MP4 (H.264, or VP9
 * for frames larger than OpenH264 takes).
 * Construction checks the folder (every frame of the recording there, numbered from 0, all one size an MP4 takes)
 * and the output, and throws {@link IllegalArgumentException} naming the problem before any work starts (an {@link
 * IncompleteRecordingException} naming the missing frames), so a render farm's last step fails loudly; {@link #stop}
 * finalises early.
 */
public final class Assembler {
  private final Path folder;
  private final Path output;
  private final double fps;
  private final @Nullable Path audio;
  private final int frameCount;
  private final int width;
  private final int height;
  private volatile boolean stopRequested;

  /**
   * An assembly of {@code folder}'s frames into {@code output} at {@code fps}, carrying {@code audio} as AAC when it
   * is not null: the track the frames were recorded to (their manifest's, if it names one); checked before any work.
   *
   * @throws IllegalArgumentException naming the problem: a frame missing or of another size, an output that exists,
   *     a track that is not sound or is not the one the frames were made to, a rate other than the recording's for
   *     frames made to a track
   */
  public Assembler(Path folder, Path output, double fps, @Nullable Path audio) {
    RecordSettings.checkFps(fps);
    if (OutputFormat.of(output) != OutputFormat.MP4) {
      throw new IllegalArgumentException("assemble writes an .mp4, not " + output);
    }
    if (audio != null) {
      Mp4Movie.requireSoundTrack(audio); // first: a track that is not there or not sound is named as such
      Optional<String> recorded = manifestValue(folder, "audio", "the audio track", value -> { });
      if (recorded.isPresent()) {
        // A folder from before tracks were named by content can only be checked by name and size; a newer one by
        // content alone, so a copy of the track under another name is the same track.
        String given = PngSequence.isLegacyAudio(recorded.get()) ? PngSequence.legacyAudioIdentity(audio)
            : PngSequence.audioIdentity(audio);
        if (!PngSequence.sameContent(recorded.get(), given)) {
          throw new IllegalArgumentException(folder + " holds frames made to the track "
              + PngSequence.readable(recorded.get()) + ", not " + PngSequence.readable(given) + ": give that track");
        }
        requireTrackRate(folder, audio, fps);
      }
    }
    this.audio = audio;
    this.frameCount = requireComplete(folder);
    this.folder = folder;
    this.output = output;
    this.fps = fps;
    int[] size = requireFramesOfOneSize(folder, frameCount);
    this.width = size[0];
    this.height = size[1];
    Mp4Movie.requireEncodable(width, height);
    Recorder.requireNewFile(output);
  }

  /**
   * Checks that frames made to {@code audio} play at the rate they were recorded at: frame k shows the sound at k/fps
   * seconds, so at another rate the track, which plays at its own speed, would be out of step with the picture it
   * moves (and cut, or end early). Frames of a recording without a track may be retimed.
   */
  private static void requireTrackRate(Path folder, Path audio, double fps) {
    OptionalDouble recorded = recordedFps(folder);
    if (recorded.isPresent() && recorded.getAsDouble() != fps) {
      throw new IllegalArgumentException(folder + " was recorded at " + rate(recorded.getAsDouble()) + " fps to the"
          + " track " + audio.getFileName() + ", which moves its frames; at --fps " + rate(fps) + " the sound would"
          + " be out of step with them: leave --fps out (the recording's " + rate(recorded.getAsDouble()) + " fps)");
    }
  }

  /** 30 rather than 30.0, 29.97 as it is. */
  private static String rate(double fps) {
    return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
  }

  /**
   * Checks that {@code folder} holds every frame of its recording, numbered from 0, and no frame past its end, and
   * returns how many that is: as many as its manifest says when a recorder wrote one, else up to the last frame there;
   * for a farm's last step, and before encoding.
   *
   * @throws IncompleteRecordingException naming the missing frames
   * @throws IllegalArgumentException if the folder does not exist, holds no frames, or holds frames past the end of
   *     the recording its manifest describes
   */
  public static int requireComplete(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("frame folder " + folder + " does not exist");
    }
    BitSet frames = new BitSet();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "frame-*.png")) {
      for (Path entry : entries) {
        Matcher m = PngSequence.FRAME_NAME.matcher(entry.getFileName().toString());
        if (m.matches()) {
          frames.set(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the frame folder " + folder + ": " + FileErrors.reason(e), e);
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException(folder + " holds no frames named frame-000000.png, frame-000001.png, …");
    }
    // The manifest knows the recording's length, so missing frames at the end are caught too, and a stray frame past
    // it (another recording's, a copy by hand) is not taken into the movie.
    int expected = recordedFrameCount(folder).orElse(frames.length());
    BitSet past = (BitSet) frames.clone();
    past.clear(0, expected);
    if (!past.isEmpty()) {
      String first = PngSequence.frameName(past.nextSetBit(0));
      throw new IllegalArgumentException(folder + ": " + (past.cardinality() == 1 ? first + " is"
          : "frames " + FrameRanges.of(past) + " (" + first + " and " + (past.cardinality() - 1) + " more) are")
          + " past the end of the recording, whose manifest (" + PngSequence.MANIFEST + ") says it has " + expected
          + (expected == 1 ? " frame (0)" : " frames (0-" + (expected - 1) + ")") + "; remove "
          + (past.cardinality() == 1 ? "it" : "them"));
    }
    BitSet missing = new BitSet();
    missing.set(0, expected);
    missing.andNot(frames);
    if (!missing.isEmpty()) {
      throw new IncompleteRecordingException(folder, FrameRanges.of(missing), missing.cardinality(), expected);
    }
    return expected;
  }

  /**
   * Reads the header and the end of every frame, {@code frame-000000.png} to the last (the PNG signature, the IHDR
   * size and the closing IEND chunk, not the image: cheap even for thousands of 8K frames), and returns their one
   * size, width and height.
   *
   * @throws IllegalStateException naming the frames that are not PNG images (damaged or cut short), as encoding
   *     them would fail
   * @throws IllegalArgumentException naming the frames of another size than frame 0's
   */
  public static int[] requireFramesOfOneSize(Path folder, int frameCount) {
    BitSet unreadable = new BitSet();
    BitSet otherSize = new BitSet();
    int[] size = null;
    String firstOther = "";
    for (int f = 0; f < frameCount; f++) {
      int[] frame;
      try {
        frame = PngSequence.pngSize(folder.resolve(PngSequence.frameName(f)));
      } catch (IllegalStateException | UncheckedIOException notPng) {
        unreadable.set(f);
        continue;
      }
      if (size == null) {
        size = frame;
      } else if (frame[0] != size[0] || frame[1] != size[1]) {
        if (otherSize.isEmpty()) {
          firstOther = PngSequence.frameName(f) + " is " + frame[0] + "x" + frame[1];
        }
        otherSize.set(f);
      }
    }
    if (!unreadable.isEmpty()) {
      String ranges = FrameRanges.of(unreadable).toString();
      throw new IllegalStateException(folder + ": " + count(unreadable) + " not a PNG image (damaged or cut short),"
          + " frames " + ranges + "; delete " + (unreadable.cardinality() == 1 ? "it" : "them") + " and render "
          + (unreadable.cardinality() == 1 ? "it" : "them") + " again (record --frames " + ranges
          + " --resume with the recording's options)");
    }
    if (!otherSize.isEmpty()) {
      throw new IllegalArgumentException(folder + ": " + count(otherSize) + " of another size than "
          + PngSequence.frameName(0) + " (" + size[0] + "x" + size[1] + "), frames " + FrameRanges.of(otherSize)
          + ": " + firstOther);
    }
    return Objects.requireNonNull(size);
  }

  /**
   * What {@code assemble --out} makes of frames of this size, for {@code assemble --check} to say: an MP4 and its
   * codec, or why it makes none (an odd width or height, or a side under 16 pixels, which the studio's own tools may
   * still take).
   */
  public static String movieOf(int width, int height) {
    try {
      Mp4Movie.requireEncodable(width, height);
    } catch (IllegalArgumentException noMovie) {
      return "assemble --out makes no movie of them: " + noMovie.getMessage() + (Math.min(width, height)
          < Mp4Movie.MIN_SIDE ? " (encode them with tools that take smaller frames, or record at "
          + Mp4Movie.MIN_SIDE + "x" + Mp4Movie.MIN_SIDE + " or larger)"
          : " (encode them with tools that take odd sizes, or record at an even size)");
    }
    return "assemble --out makes an MP4 (" + Mp4Movie.Codec.forFrame(width, height).label + ") of them";
  }

  private static String count(BitSet frames) {
    return frames.cardinality() == 1 ? "1 frame is" : frames.cardinality() + " frames are";
  }

  /** The frame rate a recorder wrote into the folder's manifest, if it has one. */
  public static OptionalDouble recordedFps(Path folder) {
    return manifestValue(folder, "fps", "the frame rate", Double::parseDouble).map(Double::parseDouble)
        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }

  /**
   * The track the frames were recorded to, from the folder's manifest if it names one: its name and the start of its
   * SHA-256 ({@code song.wav (sha256 0123456789ab…)}), or its name and size from an older Zoomorph's manifest.
   */
  public static Optional<String> recordedAudio(Path folder) {
    return manifestValue(folder, "audio", "the audio track", value -> { }).map(PngSequence::readable);
  }

  /** The recording's length from the folder's manifest, if it has one. */
  private static OptionalInt recordedFrameCount(Path folder) {
    return manifestValue(folder, "frames", "the frame count", Assembler::requireFrameCount).map(Integer::parseInt)
        .map(OptionalInt::of).orElse(OptionalInt.empty());
  }

  private static void requireFrameCount(String value) {
    if (Integer.parseInt(value) < 1) {
      throw new NumberFormatException("a recording has at least 1 frame, was " + value);
    }
  }

  /** The manifest's {@code key=} value, checked by {@code check} (which throws on a damaged manifest). */
  private static Optional<String> manifestValue(Path folder, String key, String what, Consumer<String> check) {
    Path manifest = folder.resolve(PngSequence.MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      Optional<String> value = Files.readAllLines(manifest).stream()
          .filter(line -> line.startsWith(key + "="))
          .map(line -> line.substring(key.length() + 1))
          .findFirst();
      value.ifPresent(check);
      return value;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("cannot read " + what + " from " + manifest + ": " + e.getMessage(), e);
    }
  }

  /** Frames the movie will have. */
  public int frameCount() {
    return frameCount;
  }

  /** Encodes the frames in order; returns how many went into the movie. Runs once. */
  public int run(ProgressListener progress) {
    progress.progress(0, frameCount);
    Mp4Movie movie = null;
    int channels = 0;
    int written = 0;
    boolean ended = false;
    try {
      for (int f = 0; f < frameCount && !stopRequested; f++) {
        Path file = folder.resolve(PngSequence.frameName(f));
        var frame = Images.toFrame(readFrame(file, f));
        if (movie == null) {
          channels = frame.channels();
          movie = new Mp4Movie(output, width, height, channels, fps, audio);
        }
        if (frame.channels() != channels) {
          throw new IllegalStateException(file + (frame.channels() == 1 ? " is grey" : " is in colour") + " but "
              + PngSequence.frameName(0) + (channels == 1 ? " is grey" : " is in colour"));
        }
        movie.write(f, frame);
        written++;
        progress.progress(written, frameCount);
      }
      ended = true;
    } finally {
      if (movie != null && ended) {
        movie.close(); // done or stopped: playable
      } else if (movie != null) {
        movie.discard(); // nothing half-made under the movie's name
      }
    }
    return written;
  }

  /**
   * Frame {@code index}'s image, decoded.
   *
   * @throws UncheckedIOException naming the file, when it cannot be decoded (damaged inside: its header and end are
   *     checked before)
   */
  private static BufferedImage readFrame(Path file, int index) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image != null) {
        return image;
      }
      throw new IOException("no PNG reader takes it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e) + "; delete it and render it"
          + " again (record --frames " + index + " --resume with the recording's options)", e);
    }
  }

  /** Asks a running {@link #run} to finish the current frame, finalise the movie and return; thread-safe. */
  public void stop() {
    stopRequested = true;
  }
}
