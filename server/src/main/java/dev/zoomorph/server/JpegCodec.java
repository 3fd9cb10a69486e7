package dev.zoomorph.server;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import dev.zoomorph.audio.FfmpegLog;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.output.FrameSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.jspecify.annotations.Nullable;

/**
 * Encodes frames as JPEG in memory with FFmpeg's MJPEG encoder, from the LGPL FFmpeg build that recording already
 * ships: 1.7–2.5× faster than the JDK's ImageIO at the same size and quality (BENCHMARKS.md, "JPEG encoding"). One
 * swscale pass turns RGB or grey samples into full-range YCbCr 4:2:0 (what JFIF decoders expect) and upscales,
 * bilinearly, frames rendered smaller than the output. Native state is made for one frame size and output size and
 * made again when either changes. Use from one thread.
 */
final class JpegCodec implements AutoCloseable {

  /**
   * FFmpeg's quantiser scale (1 best … 31): 2 gives about the bytes and PSNR of ImageIO's quality 0.85, which the
   * show used before (512² CPPN frame: 19.1 against 19.0 KiB, 43.9 against 43.6 dB).
   */
  static final int QUANTISER = 2;

  static {
    FfmpegLog.install();
  }

  private @Nullable Encoder encoder;

  /** The frame as JPEG at {@code output} size: upscaled (bilinear) when it was rendered smaller. */
  byte[] encode(Frame frame, FrameSize output) {
    if (encoder == null || !encoder.encodes(frame, output)) {
      close();
      encoder = new Encoder(frame.width(), frame.height(), frame.channels(), output);
    }
    return encoder.encode(frame);
  }

  @Override
  public void close() {
    if (encoder != null) {
      encoder.close();
      encoder = null;
    }
  }

  /** The native encoder, scaler and buffers for one source size and channel count and one output size. */
  private static final class Encoder {
    private final int width;
    private final int height;
    private final int channels;
    private final FrameSize output;
    private final AVCodecContext context;
    private final AVFrame picture;
    private final AVPacket packet;
    private final SwsContext scaler;
    private final BytePointer source;
    private final PointerPointer<BytePointer> sourcePlanes;
    private final IntPointer sourceStrides;
    private long pts;

    Encoder(int width, int height, int channels, FrameSize output) {
      this.width = width;
      this.height = height;
      this.channels = channels;
      this.output = output;
      AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
      if (codec == null) {
        throw failure("this FFmpeg build has no MJPEG encoder", 0);
      }
      context = avcodec_alloc_context3(codec);
      picture = av_frame_alloc();
      packet = av_packet_alloc();
      source = new BytePointer((long) width * height * channels);
      sourcePlanes = new PointerPointer<>(source, null, null, null);
      sourceStrides = new IntPointer(width * channels, 0, 0, 0);
      context.width(output.width());
      context.height(output.height());
      context.pix_fmt(AV_PIX_FMT_YUV420P);
      context.color_range(AVCOL_RANGE_JPEG);
      context.time_base(av_make_q(1, 30));
      // A fixed quantiser: every frame the same quality, whatever its content.
      context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
      context.global_quality(FF_QP2LAMBDA * QUANTISER);
      int opened = avcodec_open2(context, codec, (AVDictionary) null);
      if (opened < 0) {
        free();
        throw failure("cannot open FFmpeg's MJPEG encoder for " + output, opened);
      }
      picture.format(AV_PIX_FMT_YUV420P);
      picture.width(output.width());
      picture.height(output.height());
      picture.color_range(AVCOL_RANGE_JPEG);
      int allocated = av_frame_get_buffer(picture, 0);
      SwsContext made = allocated < 0 ? null : sws_getContext(width, height,
          channels == 3 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8, output.width(), output.height(), AV_PIX_FMT_YUV420P,
          SWS_BILINEAR, null, null, (DoublePointer) null);
      if (made == null) {
        free();
        throw failure("cannot set up the conversion of " + width + "x" + height + " frames to " + output, allocated);
      }
      scaler = made;
      // Full range in and out (grey samples too), BT.601: JPEG's YCbCr.
      IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
      sws_setColorspaceDetails(scaler, bt601, 1, bt601, 1, 0, 1 << 16, 1 << 16);
    }

    boolean encodes(Frame frame, FrameSize size) {
      return frame.width() == width && frame.height() == height && frame.channels() == channels
          && size.equals(output);
    }

    byte[] encode(Frame frame) {
      source.position(0).put(frame.pixels());
      sws_scale(scaler, sourcePlanes, sourceStrides, 0, height, picture.data(), picture.linesize());
      picture.pts(pts++);
      int sent = avcodec_send_frame(context, picture);
      if (sent < 0) {
        throw failure("FFmpeg's MJPEG encoder refused a " + width + "x" + height + " frame", sent);
      }
      int received = avcodec_receive_packet(context, packet);
      if (received < 0) {
        throw failure("FFmpeg's MJPEG encoder gave no JPEG for a " + width + "x" + height + " frame", received);
      }
      try {
        byte[] jpeg = new byte[packet.size()];
        packet.data().get(jpeg);
        return jpeg;
      } finally {
        av_packet_unref(packet);
      }
    }

    void close() {
      sws_freeContext(scaler);
      free();
    }

    private void free() {
      avcodec_free_context(context);
      av_frame_free(picture);
      av_packet_free(packet);
      sourceStrides.close();
      sourcePlanes.close();
      source.close();
    }

    private static UncheckedIOException failure(String what, int code) {
      return new UncheckedIOException(new IOException(what + (code < 0 ? " (FFmpeg error " + code + ")" : "")));
    }
  }
}
