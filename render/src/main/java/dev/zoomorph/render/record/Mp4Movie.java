package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * An H.264 MP4 (yuv420p, OpenH264 from JavaCV's LGPL FFmpeg build). {@link #close} writes the index that makes the
 * file playable, so a recording stopped early (Ctrl-C) is still a valid movie of the frames so far.
 */
final class Mp4Movie implements FrameSink {
  /** The encoder: the LGPL FFmpeg build's H.264 encoder, named so no other (e.g. a GPU one) is picked. */
  static final String ENCODER = "libopenh264";
  /** OpenH264 refuses larger frames (4096x2304 is the largest 16:9). */
  static final int MAX_PIXELS = 9_437_184;
  /** Bits per pixel per frame: generous, because zooms move every pixel every frame. */
  private static final double BITS_PER_PIXEL = 0.2;

  static {
    // FFmpeg's per-stream chatter (encoder settings) would interleave with the progress bar; errors still show.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final org.bytedeco.javacv.Frame buffer;
  private final int channels;
  private long encodeNanos;
  private long writeNanos;
  private boolean closed;

  Mp4Movie(Path file, int width, int height, int channels, double fps) {
    requireEncodable(width, height);
    this.file = file;
    this.channels = channels;
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    recorder.setVideoCodecName(ENCODER);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, (double) width * height * fps * BITS_PER_PIXEL));
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      release();
      throw new IllegalStateException("cannot start the H.264 encoder for " + width + "x" + height + " at " + fps
          + " fps into " + file + ": " + e.getMessage(), e);
    }
    buffer = new org.bytedeco.javacv.Frame(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, channels);
  }

  /** Checks the size against what the encoder takes, naming the problem and the way out. */
  static void requireEncodable(int width, int height) {
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "MP4 (H.264, yuv420p) needs an even width and height, was " + width + "x" + height);
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("MP4 through OpenH264 holds at most " + MAX_PIXELS
          + " pixels a frame (such as 4096x2304); " + width + "x" + height + " is larger: record a PNG folder");
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
    try {
      recorder.record(buffer, channels == 3 ? avutil.AV_PIX_FMT_RGB24 : avutil.AV_PIX_FMT_GRAY8);
    } catch (FrameRecorder.Exception e) {
      OutputWriteException storage = OutputWriteException.ofStorage(file, e);
      throw storage != null ? storage
          : new IllegalStateException("cannot encode frame " + index + " into " + file + ": " + e.getMessage(), e);
    }
    encodeNanos += System.nanoTime() - t0;
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
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    try {
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      OutputWriteException storage = OutputWriteException.ofStorage(file, e);
      throw storage != null ? storage : new IllegalStateException("cannot finish " + file + ": " + e.getMessage(), e);
    } finally {
      release();
      if (buffer != null) {
        buffer.close();
      }
      writeNanos += System.nanoTime() - t0;
    }
  }

  private void release() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot release the encoder of " + file + ": " + e.getMessage(), e);
    }
  }
}
