package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.Png;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder of {@code frame-NNNNNN.png}. Each frame is written under a hidden temporary name and then renamed, so
 * an interrupted run leaves only complete frames under frame names; leftover temporary files are removed when the
 * folder is opened again.
 */
final class PngSequence implements FrameSink {
  static final Pattern FRAME_NAME = Pattern.compile("frame-(\\d{6})\\.png");
  private static final Pattern TEMP_NAME = Pattern.compile("\\.frame-(\\d{6})\\.png\\.\\d+\\.tmp");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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
   * The frames the folder already holds, after checking they have this size, and removes the temporary files an
   * interrupted run left for the {@code selected} frames (other runs may be writing the rest).
   *
   * @throws IllegalStateException naming a frame of another size or one that is not a PNG
   */
  static BitSet existingFrames(Path folder, int width, int height, BitSet selected) {
    BitSet frames = new BitSet();
    if (!Files.isDirectory(folder)) {
      return frames;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Matcher m = FRAME_NAME.matcher(name);
        if (m.matches()) {
          int[] size = pngSize(entry);
          if (size[0] != width || size[1] != height) {
            throw new IllegalStateException(entry + " is " + size[0] + "x" + size[1] + ", not " + width + "x"
                + height + ": this folder holds another recording");
          }
          frames.set(Integer.parseInt(m.group(1)));
          continue;
        }
        Matcher temp = TEMP_NAME.matcher(name);
        if (temp.matches() && selected.get(Integer.parseInt(temp.group(1)))) {
          Files.deleteIfExists(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the frame folder " + folder, e);
    }
    return frames;
  }

  /** What every run that writes frames into one folder must agree on (not the shard, not resume). */
  static String manifest(RecordSettings s) {
    ZoomPath p = s.path();
    return "zoomorph recording 1\n"
        + "size=" + s.width() + "x" + s.height() + "\n"
        + "fps=" + s.fps() + "\n"
        + "frames=" + s.frameCount() + "\n"
        + "zoom=" + p.fromZoom() + ":" + p.toZoom() + "\n"
        + "center=" + p.centerX() + "," + p.centerY() + "\n"
        + "rotation=" + p.rotationDegrees() + "\n"
        + "tile=" + s.tileSide() + "\n"
        + (s.audio() == null ? "" : "audio=" + audioIdentity(s.audio()) + "\n");
  }

  /**
   * The track's name and size, as the manifest's {@code audio=} line has it: a resume, another shard or an assembly
   * with another track is refused.
   */
  static String audioIdentity(Path track) {
    try {
      return track.getFileName() + " " + Files.size(track) + " bytes";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audio track " + track, e);
    }
  }

  /**
   * Checks that the folder's manifest, if it has one, describes this recording.
   *
   * @throws IllegalArgumentException naming the first setting that differs
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
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (existing.equals(manifest)) {
      return;
    }
    List<String> had = existing.lines().toList();
    List<String> wants = manifest.lines().toList();
    for (int i = 0; i < wants.size(); i++) {
      String before = i < had.size() ? had.get(i) : "nothing";
      if (!before.equals(wants.get(i))) {
        throw new IllegalArgumentException(folder + " holds a recording with " + before + ", this one has "
            + wants.get(i) + ": use the same settings to resume or add shards, or choose another folder");
      }
    }
    throw new IllegalArgumentException(folder + " holds a different recording (see " + file + ")");
  }

  /** Writes the manifest atomically, unless the folder already has one (checked equal before). */
  static void writeManifest(Path folder, String manifest) {
    Path file = folder.resolve(MANIFEST);
    if (Files.isRegularFile(file)) {
      return;
    }
    Path temp = folder.resolve(MANIFEST + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.writeString(temp, manifest);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw OutputWriteException.writing(file, e);
    }
  }

  /** Width and height from the PNG header, without decoding the image. */
  static int[] pngSize(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(24);
      ByteBuffer b = ByteBuffer.wrap(head);
      boolean png = head.length == 24 && ByteBuffer.wrap(head, 0, 8).equals(ByteBuffer.wrap(PNG_SIGNATURE))
          && b.getInt(12) == 0x49484452; // "IHDR"
      if (!png) {
        throw new IllegalStateException(file + " is not a PNG image");
      }
      return new int[] {b.getInt(16), b.getInt(20)};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void write(int index, Frame frame) {
    long t0 = System.nanoTime();
    Path target = folder.resolve(frameName(index));
    Path temp = Png.temporaryFor(target);
    // Streamed to the file rather than into memory, so a 16384² frame needs no second copy of itself.
    try {
      TimedOutputStream file = new TimedOutputStream(Files.newOutputStream(temp));
      try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
        Png.write(frame, out);
      }
      long t1 = System.nanoTime();
      Png.moveIntoPlace(temp, target);
      long writing = file.nanos + System.nanoTime() - t1;
      writeNanos += writing;
      encodeNanos += System.nanoTime() - t0 - writing;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw OutputWriteException.writing(target, e);
    }
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
}
