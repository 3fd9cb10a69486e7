package dev.zoomorph.render.record;

import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.output.Png;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A folder of {@code frame-NNNNNN.png}. Each frame is written under a hidden temporary name and then renamed, so
 * an interrupted run leaves only complete frames under frame names; leftover temporary files are removed when the
 * folder is opened again.
 */
final class PngSequence implements FrameSink {
  static final Pattern FRAME_NAME = Pattern.compile("frame-(\\d{6})\\.png");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** Every complete PNG ends with its IEND chunk: length 0, the type, and the type's CRC. */
  private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};

  /** Describes the recording a folder holds, so a resume or another shard cannot mix in different frames. */
  static final String MANIFEST = ".zoomorph-recording";

  private final Path folder;
  private long encodeNanos;
  private long writeNanos;

  PngSequence(Path folder) {
    this.folder = folder;
  }

  static String frameName(int index) {
    return String.format("frame-%06d.png", index);
  }

  /**
   * The frame files a folder holds: {@code complete} ones, whose PNG header and end are there (the image between is
   * not read), and {@code damaged} ones whose header or end is not (a copy cut short, a file overwritten by something
   * else), which a resume renders again.
   */
  record HeldFrames(BitSet complete, BitSet damaged) {}

  /**
   * The frames the folder already holds, after checking that the complete ones have this size, and removes the
   * temporary files an interrupted run left for the {@code selected} frames (other runs may be writing the rest).
   *
   * @throws IllegalStateException naming a frame of another size
   */
  static HeldFrames existingFrames(Path folder, int width, int height, BitSet selected) {
    BitSet frames = new BitSet();
    BitSet damaged = new BitSet();
    if (!Files.isDirectory(folder)) {
      return new HeldFrames(frames, damaged);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Matcher m = FRAME_NAME.matcher(name);
        if (m.matches()) {
          int[] size;
          try {
            size = pngSize(entry);
          } catch (IllegalStateException notComplete) {
            damaged.set(Integer.parseInt(m.group(1)));
            continue;
          }
          if (size[0] != width || size[1] != height) {
            throw new IllegalStateException(entry + " is " + size[0] + "x" + size[1] + ", not " + width + "x"
                + height + ": this folder holds another recording");
          }
          frames.set(Integer.parseInt(m.group(1)));
          continue;
        }
        // A selected frame is this run's to write, so a temporary file for it is a dead run's, whichever process
        // (or machine of the farm) that was; unless its process runs here: a worker with an overlapping range (a
        // retried chunk while the first still finishes its frame) is writing it, and would fail if it went.
        Matcher temp = FRAME_NAME.matcher(Objects.requireNonNullElse(WholeFiles.targetOf(entry), ""));
        if (temp.matches() && selected.get(Integer.parseInt(temp.group(1))) && !WholeFiles.writerRunsHere(entry)) {
          Files.deleteIfExists(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the frame folder " + folder, e);
    }
    return new HeldFrames(frames, damaged);
  }

  /** The manifest's first line; a folder whose manifest starts otherwise was made by another version. */
  static final String MANIFEST_HEADER = "zoomorph recording 2";

  /**
   * What every run that writes frames into one folder must agree on (not the shard, not resume): everything that
   * decides the pixels, the preset, timeline and track by content.
   */
  static String manifest(RecordSettings s) {
    ZoomPath p = s.path();
    StringBuilder m = new StringBuilder(MANIFEST_HEADER).append('\n')
        .append("size=").append(s.width()).append('x').append(s.height()).append('\n')
        .append("fps=").append(s.fps()).append('\n')
        .append("frames=").append(s.frameCount()).append('\n')
        .append("zoom=").append(p.fromZoom()).append(':').append(p.toZoom()).append('\n')
        .append("center=").append(p.centerX()).append(',').append(p.centerY()).append('\n')
        .append("rotation=").append(p.rotationDegrees()).append('\n')
        .append("tile=").append(s.tileSide()).append('\n');
    PixelSource source = s.source();
    if (source != null) {
      m.append("backend=").append(source.backend()).append('\n')
          .append("preset=").append(identity(source.preset(), source.presetSha256())).append('\n')
          .append("seed=").append(source.seed()).append('\n')
          .append("timeline=").append(source.timeline() == null ? NONE
              : identity(source.timeline(), Objects.requireNonNull(source.timelineSha256()))).append('\n');
    }
    if (s.audio() != null) {
      m.append("audio=").append(audioIdentity(s.audio())).append('\n')
          .append(AUDIO_GAIN).append('=').append(TRACK_GAIN).append('\n');
    }
    return m.toString();
  }

  /**
   * How the track's features were read: against the whole track's 99.5th percentile (since 2026-12-07; a running
   * automatic gain before, which gave other frames), so frames of the two are never mixed in one folder.
   */
  private static final String AUDIO_GAIN = "audio-gain";
  private static final String TRACK_GAIN = "whole track, 99.5th percentile";

  private static final String NONE = "none";
  private static final String SHA256 = " sha256:";

  private static String identity(String name, String sha256) {
    return name + SHA256 + sha256;
  }

  /**
   * The track's name and content (SHA-256), as the manifest's {@code audio=} line has it. The content decides: a copy
   * of the track under another name is the same track, another track of the same name and size is not (see {@link
   * #sameContent}); the name is for messages.
   */
  static String audioIdentity(Path track) {
    return identity(String.valueOf(track.getFileName()), PixelSource.sha256(track));
  }

  /** How version 1 manifests named a track (name and size), which {@code assemble} still checks against. */
  static String legacyAudioIdentity(Path track) {
    try {
      return track.getFileName() + " " + Files.size(track) + " bytes";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audio track " + track + ": " + FileErrors.reason(e), e);
    }
  }

  /** Whether a manifest's {@code audio=} value is of version 1 (name and size, no content). */
  static boolean isLegacyAudio(String value) {
    return !value.contains(SHA256);
  }

  /** {@code NAME sha256:HEX} as people read it: the name and the digest's first 12 digits. */
  static String readable(String identity) {
    int at = identity.lastIndexOf(SHA256);
    return at < 0 ? identity : identity.substring(0, at) + " (sha256 "
        + identity.substring(at + SHA256.length(), Math.min(identity.length(), at + SHA256.length() + 12)) + "…)";
  }

  private static String nameOf(String identity) {
    int at = identity.lastIndexOf(SHA256);
    return at < 0 ? identity : identity.substring(0, at);
  }

  /**
   * Whether two of the manifest's values are the same: for a preset, timeline or track ({@code NAME sha256:HEX}) their
   * content, whatever the file was called (a farm's workers may hold copies under other names); anything else (an
   * older manifest's track by name and size, a setting), as written.
   */
  static boolean sameContent(@Nullable String before, @Nullable String now) {
    return before == null || now == null ? Objects.equals(before, now) : contentOf(before).equals(contentOf(now));
  }

  /** {@code sha256:HEX} of a {@code NAME sha256:HEX} identity; any other value as it is. */
  private static String contentOf(String value) {
    int at = value.lastIndexOf(SHA256);
    return at < 0 ? value : value.substring(at + 1);
  }

  /** A manifest's lines without the names of its preset, timeline and track, so that only content is compared. */
  private static List<String> withoutNames(String manifest) {
    return manifest.lines().map(line -> {
      int eq = line.indexOf('=');
      return eq < 0 ? line : line.substring(0, eq + 1) + contentOf(line.substring(eq + 1));
    }).toList();
  }

  /**
   * Checks that the folder's manifest, if it has one, describes this recording: the same settings, and the same
   * preset, timeline and track by content (a copy under another file name is the same).
   *
   * @throws OtherRecordingException naming the first setting that differs and how to match it
   */
  static void requireSameRecording(Path folder, String manifest) {
    Path file = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return;
    }
    String existing;
    try {
      existing = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e), e);
    }
    if (existing.equals(manifest)) {
      return;
    }
    if (!existing.lines().findFirst().orElse("").equals(MANIFEST_HEADER)) {
      // Version 1 did not record the preset, seed, timeline or backend: its frames cannot be vouched for.
      throw new OtherRecordingException(folder + " was recorded by an older Zoomorph, whose manifest (" + file
          + ") does not say which preset, seed, timeline and backend drew its frames: record into another folder");
    }
    Map<String, String> had = fields(existing);
    Map<String, String> wants = fields(manifest);
    // The preset first: the zoom, centre and rotation default to a preset's, so another preset differs there too.
    Set<String> keys = new LinkedHashSet<>(List.of("preset"));
    keys.addAll(wants.keySet());
    keys.addAll(had.keySet());
    for (String key : keys) {
      String before = had.get(key);
      String now = wants.get(key);
      if (!sameContent(before, now)) {
        throw new OtherRecordingException(folder + " " + difference(key, before, now)
            + "; use the same settings to resume or add shards, or choose another folder");
      }
    }
    if (!withoutNames(existing).equals(withoutNames(manifest))) {
      throw new OtherRecordingException(folder + " holds a different recording (see " + file + ")");
    }
  }

  /** How the folder's recording differs from this one in {@code key}, and the option that matches it. */
  private static String difference(String key, @Nullable String before, @Nullable String now) {
    if (before == null || now == null) {
      if (key.equals("audio")) {
        return before == null ? "was recorded without a sound track, and this one has --audio " + nameOf(now)
            : "was recorded to the track " + readable(before) + ": pass --audio with it";
      }
      if (key.equals(AUDIO_GAIN) && before == null) {
        return "was recorded by an older Zoomorph, which read the track's sound with a running gain (this one reads"
            + " it against the whole track, so its frames would differ): record into another folder";
      }
      return "holds a recording with " + (before == null ? "no " + key : key + "=" + before) + ", this one has "
          + (now == null ? "no " + key : key + "=" + now);
    }
    return switch (key) {
      case "backend" -> "was recorded with the " + before + " backend and this run draws with " + now
          + " (their frames differ slightly): pass --backend " + before;
      case "seed" -> "was recorded with seed " + before + ", this one has seed " + now + ": pass --seed " + before;
      case "preset" -> nameOf(before).equals(nameOf(now))
          ? "was recorded with preset " + readable(before) + ", and that preset has changed since (now "
              + readable(now) + ")"
          : "was recorded with preset " + readable(before) + ", this one plays " + readable(now);
      case "timeline" -> before.equals(NONE) ? "was recorded without a timeline, this one has --controls "
          + readable(now)
          : now.equals(NONE) ? "was recorded with the timeline " + readable(before) + ": pass --controls with it"
          : "was recorded with the timeline " + readable(before) + ", this one has " + readable(now);
      case "audio" -> "was recorded to the track " + readable(before) + ", not " + readable(now)
          + ": pass --audio with that track";
      default -> "holds a recording with " + key + "=" + before + ", this one has " + key + "=" + now
          + matching(key, before);
    };
  }

  /** The option that gives setting {@code key} the folder's {@code value}, as advice; empty where none does alone. */
  private static String matching(String key, String value) {
    String option = switch (key) {
      case "size", "fps", "zoom", "center", "tile" -> "--" + key;
      case "rotation" -> "--rotate";
      default -> null;
    };
    if (key.equals("frames")) {
      return " (round(seconds × fps) frames): pass the --seconds that gives " + value;
    }
    return option == null ? "" : ": pass " + option + " " + value;
  }

  /** A manifest's {@code key=value} lines, in order. */
  private static Map<String, String> fields(String manifest) {
    Map<String, String> fields = new LinkedHashMap<>();
    manifest.lines().skip(1).forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    });
    return fields;
  }

  /**
   * Makes {@code manifest} the folder's, placed whole and only where none is, before any frame is written; where the
   * folder has one (written before, or by a worker that started at the same moment), that one must describe this
   * recording. So two workers started together with different settings cannot both take the folder.
   *
   * @throws OtherRecordingException naming the setting that differs
   * @throws OutputWriteException if the manifest cannot be written
   */
  static void claimManifest(Path folder, String manifest) {
    Path file = folder.resolve(MANIFEST);
    try {
      WholeFiles.writeNew(file, manifest.getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException taken) {
      requireSameRecording(folder, manifest);
    } catch (IOException e) {
      throw OutputWriteException.writing(file, e);
    }
  }

  /**
   * Refuses a folder that holds frames but no manifest (copied without its hidden {@value #MANIFEST}, say): which
   * recording they are cannot be told, and frames of another would be kept among this one's.
   *
   * @throws OtherRecordingException naming the folder and what to do
   */
  static void requireManifestWithFrames(Path folder, HeldFrames held) {
    int frame = Math.max(held.complete().nextSetBit(0), held.damaged().nextSetBit(0));
    if (frame >= 0 && !Files.exists(folder.resolve(MANIFEST))) {
      throw new OtherRecordingException(folder + " holds frames (" + frameName(frame) + ") but no manifest ("
          + MANIFEST + "), so which recording they are cannot be told: record into another folder (a copy of a"
          + " recording's folder must take its hidden manifest too: cp -a FOLDER/. COPY/)");
    }
  }

  /**
   * Width and height from the PNG header, after checking that the file also ends as a complete PNG does (with the
   * IEND chunk): a frame cut short (a copy or a transfer that stopped) is caught by its last bytes, without decoding
   * the image.
   *
   * @throws IllegalStateException naming the file when it is not a PNG image or is cut short
   */
  static int[] pngSize(Path file) {
    try (SeekableByteChannel in = Files.newByteChannel(file)) {
      ByteBuffer head = ByteBuffer.allocate(24);
      readFully(in, head);
      boolean png = !head.hasRemaining() && head.slice(0, 8).equals(ByteBuffer.wrap(PNG_SIGNATURE))
          && head.getInt(12) == 0x49484452; // "IHDR"
      if (!png) {
        throw new IllegalStateException(file + " is not a PNG image");
      }
      ByteBuffer tail = ByteBuffer.allocate(PNG_END.length);
      if (in.size() < head.capacity() + tail.capacity()) {
        throw new IllegalStateException(file + " is cut short: it ends inside its PNG header");
      }
      in.position(in.size() - tail.capacity());
      readFully(in, tail);
      if (!tail.flip().equals(ByteBuffer.wrap(PNG_END))) {
        throw new IllegalStateException(file + " is cut short: it does not end with a PNG image's IEND chunk");
      }
      return new int[] {head.getInt(16), head.getInt(20)};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Fills {@code into} from {@code in}, or as much of it as the file has. */
  private static void readFully(SeekableByteChannel in, ByteBuffer into) throws IOException {
    while (into.hasRemaining()) {
      if (in.read(into) < 0) {
        return;
      }
    }
  }

  @Override
  public void write(int index, Frame frame) {
    long t0 = System.nanoTime();
    Path target = folder.resolve(frameName(index));
    long[] encoding = new long[1];
    // Streamed to the file rather than into memory, so a 16384² frame needs no second copy of itself.
    try {
      WholeFiles.write(target, temporary -> {
        long start = System.nanoTime();
        TimedOutputStream file = new TimedOutputStream(temporary);
        try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
          Png.write(frame, out);
        }
        encoding[0] = System.nanoTime() - start - file.nanos;
      });
    } catch (IOException e) {
      throw OutputWriteException.writing(target, e);
    }
    encodeNanos += encoding[0];
    writeNanos += System.nanoTime() - t0 - encoding[0];
  }

  /** Counts the time spent in the file's writes, to tell writing apart from PNG encoding. */
  private static final class TimedOutputStream extends FilterOutputStream {
    long nanos;

    TimedOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long t0 = System.nanoTime();
      out.write(b, off, len);
      nanos += System.nanoTime() - t0;
    }

    @Override
    public void close() throws IOException {
      long t0 = System.nanoTime();
      out.close();
      nanos += System.nanoTime() - t0;
    }
  }

  @Override
  public long encodeNanos() {
    return encodeNanos;
  }

  @Override
  public long writeNanos() {
    return writeNanos;
  }

  @Override
  public void close() {
    // Every frame is complete on disk once write returns.
  }

  @Override
  public void discard() {
    // The frames written are complete: a resume keeps them.
  }
}
