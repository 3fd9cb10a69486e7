package dev.zoomorph.render.record;

import dev.zoomorph.audio.AudioTrack;
import dev.zoomorph.audio.FfmpegLog;
import dev.zoomorph.audio.PcmBlock;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.Outputs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MP4 (yuv420p) from JavaCV's LGPL FFmpeg build: H.264 (OpenH264), which plays everywhere, up to the largest frame
 * OpenH264 takes; VP9 (libvpx) for larger ones, up to 8K and beyond, which browsers, VLC and video sites play.
 * Optionally with a sound track as AAC (FFmpeg's own encoder): the track from its start at frame 0, written along with
 * the frames and cut at the last frame's end, so sound and picture stay in step and end together. The movie is written
 * under a temporary name ({@link WholeFiles#createTemporaryFor}); {@link #close} writes the index that makes it
 * playable and renames it into place, so a recording stopped early (Ctrl-C) is still a valid movie of the frames so
 * far, and one killed or {@link #discard discarded} leaves nothing under the movie's name.
 */
final class Mp4Movie implements FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(Mp4Movie.class);
  /** OpenH264 refuses larger frames (4096x2304 is the largest 16:9); larger ones are VP9. */
  static final int H264_MAX_PIXELS = 9_437_184;
  /**
   * OpenH264 refuses narrower or lower frames, and fails on them only once encoding starts. Frames too large for it
   * (VP9) are never this small on a side, so one rule holds for every MP4.
   */
  static final int MIN_SIDE = 16;
  /** Bits per pixel per frame: generous, because zooms move every pixel every frame. */
  private static final double BITS_PER_PIXEL = 0.2;
  private static final int AUDIO_BITRATE = 192_000;

  static {
    FfmpegLog.install();
  }

  /** The video encoders, each named so that no other (e.g. a GPU one) is picked; both give the same file twice. */
  enum Codec {
    H264("H.264", avcodec.AV_CODEC_ID_H264, "libopenh264", Map.of()),
    /**
     * libvpx's "good" quality at speed 5 with a thread per row: at 8K about a second a frame here, a fraction of
     * the frame's rendering (BENCHMARKS.md, "Recording"). No look-ahead: FFmpeg's libvpx makes no alt-ref frames
     * by default, so the 25 frames libvpx would hold (1.2 GB at 8K) change nothing in the file.
     */
    VP9("VP9", avcodec.AV_CODEC_ID_VP9, "libvpx-vp9",
        Map.of("deadline", "good", "cpu-used", "5", "row-mt", "1", "lag-in-frames", "0"));

    final String label;
    final int id;
    final String encoder;
    final Map<String, String> options;

    Codec(String label, int id, String encoder, Map<String, String> options) {
      this.label = label;
      this.id = id;
      this.encoder = encoder;
      this.options = options;
    }

    /** H.264 where OpenH264 takes the frame, else VP9. */
    static Codec forFrame(int width, int height) {
      return (long) width * height <= H264_MAX_PIXELS ? H264 : VP9;
    }
  }

  private final Path file;
  private final Path temp;
  private final FFmpegFrameRecorder recorder;
  private final org.bytedeco.javacv.Frame buffer;
  private final int channels;
  private final double fps;
  /** The sound track's sample rate and channels, when there is a track. */
  private final int soundRate;
  private final int soundChannels;
  /** The sound track's blocks as the audio module decodes them, until the track ends or the movie is closed. */
  private @Nullable Stream<PcmBlock> track;
  private @Nullable Iterator<PcmBlock> trackBlocks;
  /** What the track gave and is not written yet. */
  private @Nullable FloatBuffer pendingSamples;
  private @Nullable FloatBuffer soundBuffer;
  private long samplesWritten;
  private int framesWritten;
  private long encodeNanos;
  private long writeNanos;
  private boolean closed;

  /** A movie of {@code width}×{@code height} frames at {@code fps}, carrying {@code audio} when it is not null. */
  Mp4Movie(Path file, int width, int height, int channels, double fps, @Nullable Path audio) {
    requireEncodable(width, height);
    Codec codec = Codec.forFrame(width, height);
    if (codec != Codec.H264) {
      LOG.info("{}x{} is larger than the H.264 encoder takes ({} pixels a frame): {} carries {}", width, height,
          H264_MAX_PIXELS, file.getFileName(), codec.label);
    }
    this.file = file;
    this.channels = channels;
    this.fps = fps;
    AudioTrack sound = audio == null ? null : AudioTrack.open(audio);
    soundRate = sound == null ? 0 : sound.sampleRate();
    soundChannels = sound == null ? 0 : sound.channels();
    temp = WholeFiles.createTemporaryFor(file);
    recorder = new FFmpegFrameRecorder(temp.toFile(), width, height, soundChannels);
    if (sound != null) {
      recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      recorder.setSampleRate(soundRate);
      recorder.setAudioBitrate(AUDIO_BITRATE);
    }
    recorder.setFormat("mp4");
    recorder.setVideoCodec(codec.id);
    recorder.setVideoCodecName(codec.encoder);
    codec.options.forEach(recorder::setVideoOption);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(containerRate(fps));
    recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, (double) width * height * fps * BITS_PER_PIXEL));
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      release();
      WholeFiles.discard(temp);
      throw new IllegalStateException("cannot start the " + codec.label + " encoder for " + width + "x" + height
          + " at " + fps + " fps into " + file + ": " + e.getMessage(), e);
    }
    if (sound != null) {
      // Decoded on this thread as the frames ask for it, a few blocks ahead.
      Stream<PcmBlock> blocks = sound.blocks().toStream(4);
      track = blocks;
      trackBlocks = blocks.iterator();
    }
    buffer = new org.bytedeco.javacv.Frame(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, channels);
  }

  /**
   * Why FFmpeg failed: JavaCV's message without the advice it adds for programmers ("make sure
   * FFmpegLogCallback.set() has been called": FfmpegLog routes the log already), and the lines FFmpeg logged.
   */
  private static String why(FrameRecorder.Exception e, FfmpegLog.Lines ffmpeg) {
    String message = String.valueOf(e.getMessage());
    int advice = message.indexOf(" (For more details");
    return (advice < 0 ? message : message.substring(0, advice)) + ffmpeg.asClause();
  }

  /** Checks the size against what the encoders take, naming the problem. */
  static void requireEncodable(int width, int height) {
    if (width < MIN_SIDE || height < MIN_SIDE) {
      throw new IllegalArgumentException(
          "MP4 (H.264) needs a width and height of at least " + MIN_SIDE + " pixels, was " + width + "x" + height);
    }
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "MP4 (yuv420p) needs an even width and height, was " + width + "x" + height);
    }
  }

  @Override
  public void write(int index, Frame frame) {
    long t0 = System.nanoTime();
    ByteBuffer target = (ByteBuffer) buffer.image[0];
    int rowBytes = frame.width() * channels;
    int stride = buffer.imageStride; // in bytes for DEPTH_UBYTE
    for (int y = 0; y < frame.height(); y++) {
      target.position(y * stride);
      target.put(frame.pixels(), y * rowBytes, rowBytes);
    }
    target.rewind();
    try (FfmpegLog.Lines ffmpeg = FfmpegLog.collect()) {
      try {
        recorder.record(buffer, channels == 3 ? avutil.AV_PIX_FMT_RGB24 : avutil.AV_PIX_FMT_GRAY8);
        framesWritten++;
        writeSoundUntilFrame(framesWritten);
      } catch (FrameRecorder.Exception e) {
        OutputWriteException storage = OutputWriteException.ofStorage(file, e);
        throw storage != null ? storage : new IllegalStateException("cannot encode frame " + index + " into " + file
            + ": " + why(e, ffmpeg), e);
      }
    }
    encodeNanos += System.nanoTime() - t0;
  }

  /** Writes the track's sound up to the end of the first {@code frames} frames (all of it there is, if less). */
  private void writeSoundUntilFrame(int frames) throws FrameRecorder.Exception {
    Iterator<PcmBlock> blocks = trackBlocks;
    if (blocks == null) {
      return;
    }
    long wanted = Math.round(frames * soundRate / fps);
    while (samplesWritten < wanted) {
      FloatBuffer pending = pendingSamples;
      if (pending == null || !pending.hasRemaining()) {
        if (!blocks.hasNext()) {
          closeTrack(); // the track is shorter than the video
          return;
        }
        pending = direct(blocks.next().samples());
        pendingSamples = pending;
      }
      int take = (int) Math.min(pending.remaining() / soundChannels, wanted - samplesWritten);
      FloatBuffer part = pending.slice();
      part.limit(take * soundChannels);
      recorder.recordSamples(soundRate, soundChannels, part);
      pending.position(pending.position() + take * soundChannels);
      samplesWritten += take;
    }
  }

  /**
   * {@code samples} in one direct buffer, grown when a block is larger: JavaCV copies a heap buffer from its array
   * without the offset of a slice, so the sound written was the wrong samples (RecordAudioTest hears it).
   */
  private FloatBuffer direct(float[] samples) {
    FloatBuffer floats = soundBuffer;
    if (floats == null || floats.capacity() < samples.length) {
      floats = ByteBuffer.allocateDirect(samples.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      soundBuffer = floats;
    }
    floats.clear();
    floats.put(samples).flip();
    return floats;
  }

  /**
   * Checks that {@code audio} can be carried (a file with an audio stream FFmpeg decodes), before any frame is made.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  static void requireSoundTrack(Path audio) {
    AudioTrack.open(audio);
  }

  private void closeTrack() {
    Stream<PcmBlock> blocks = track;
    track = null;
    trackBlocks = null;
    pendingSamples = null;
    if (blocks != null) {
      blocks.close(); // cancels the decoding, which closes the file
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

  /** Finishes the movie and renames it into place; a movie of no frames (stopped before its first) is not made. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    try (FfmpegLog.Lines ffmpeg = FfmpegLog.collect()) {
      try {
        recorder.stop();
        if (framesWritten > 0) {
          WholeFiles.moveIntoPlace(temp, file);
        }
      } catch (FrameRecorder.Exception e) {
        OutputWriteException storage = OutputWriteException.ofStorage(file, e);
        throw storage != null ? storage : new IllegalStateException("cannot finish " + file + ": " + why(e, ffmpeg),
            e);
      } catch (IOException e) {
        throw OutputWriteException.writing(file, e);
      }
    } finally {
      closeTrack();
      release();
      if (buffer != null) {
        buffer.close();
      }
      WholeFiles.discard(temp);
      writeNanos += System.nanoTime() - t0;
    }
  }

  @Override
  public void discard() {
    if (closed) {
      return;
    }
    closed = true;
    closeTrack();
    try {
      release(); // without the index: the file is deleted
    } catch (IllegalStateException alreadyFailing) {
      // The run's own failure is the one reported.
    }
    buffer.close();
    WholeFiles.discard(temp);
  }

  private void release() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot release the encoder of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The frame rate the file states: {@code fps}, but a rate written as 23.976, 29.97 or 59.94 as the NTSC rate it
   * stands for, 24000/1001, 30000/1001 or 60000/1001, as players and editors expect (FFmpeg would store 29.97 as
   * 2997/100). The frames' own times stay {@code fps}'s: the two part by 3.6 ms in an hour.
   */
  static double containerRate(double fps) {
    long whole = Math.round(fps * 1.001);
    double ntsc = whole * 1000.0 / 1001;
    return Math.abs(fps - Math.rint(fps)) > 0.005 && Math.abs(fps - ntsc) < 0.005 ? ntsc : fps;
  }
}
