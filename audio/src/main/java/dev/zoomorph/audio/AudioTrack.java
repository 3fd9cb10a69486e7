package dev.zoomorph.audio;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A sound file (WAV, FLAC, MP3, OGG, or anything else FFmpeg reads with an audio stream), decoded through JavaCV's
 * LGPL FFmpeg build into {@link PcmBlock}s: a music video's track.
 */
public final class AudioTrack {
  static {
    FfmpegLog.install();
  }

  private final Path file;
  private final int sampleRate;
  private final int channels;
  private final long micros;
  private final long statedMicros;

  private AudioTrack(Path file, int sampleRate, int channels, long micros, long statedMicros) {
    this.file = file;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.micros = micros;
    this.statedMicros = statedMicros;
  }

  /**
   * Opens {@code file} and reads its audio stream's format, and its length by decoding it all: the header's figure
   * may promise more than the file holds (an MP3 cut short keeps the length of the whole song in its header), and a
   * music video as long as the header says would be silent after the sound ends. Decoding is fast (a four-minute MP3
   * in about 0.2 s here).
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable, or has no audio, in one line
   *     with what FFmpeg said of it
   */
  public static AudioTrack open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("audio track " + file + " does not exist or is not a file");
    }
    // What FFmpeg says while a file fails to open ("Failed to find two consecutive MPEG audio frames") goes into the
    // error, not above it.
    try (FfmpegLog.Lines ffmpeg = FfmpegLog.collect()) {
      try (FFmpegFrameGrabber grabber = grabber(file)) {
        if (grabber.getAudioChannels() < 1 || grabber.getSampleRate() < 1) {
          // Random bytes named .mp3 open as an MP3 stream with no frames FFmpeg decodes ("Header missing").
          throw new IllegalArgumentException("audio track " + file + " cannot be read as audio: it has no audio stream"
              + " FFmpeg decodes" + ffmpeg.asClause());
        }
        int rate = grabber.getSampleRate();
        if (rate < PcmBlock.MIN_RATE || rate > PcmBlock.MAX_RATE) {
          throw new IllegalArgumentException("audio track " + file + " has a sample rate of " + rate + " Hz; "
              + PcmBlock.MIN_RATE + " … " + PcmBlock.MAX_RATE + " are read" + ffmpeg.asClause());
        }
        long stated = Math.max(Math.max(0, grabber.getLengthInTime()), headerMicros(file));
        int channels = grabber.getAudioChannels();
        long micros = Math.round(countFrames(grabber) * 1e6 / rate);
        if (micros <= 0) {
          throw new IllegalArgumentException("audio track " + file + " holds no sound" + ffmpeg.asClause());
        }
        return new AudioTrack(file, rate, channels, micros, stated);
      } catch (FrameGrabber.Exception e) {
        // Opening it again makes FFmpeg say the same again: each line is kept once.
        String why = whyUnreadable(file, e) + ffmpeg.asClause();
        throw new IllegalArgumentException("audio track " + file + " cannot be read as audio: " + why, e);
      }
    }
  }

  /**
   * The length a WAV, AIFF or AU file's header states, in microseconds, as Java Sound reads it; 0 for other files or
   * none stated. FFmpeg measures such a file by its size, so one cut short would pass for whole.
   */
  private static long headerMicros(Path file) {
    try {
      AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
      long frames = format.getFrameLength();
      float rate = format.getFormat().getFrameRate();
      return frames > 0 && rate > 0 ? Math.round(frames * 1e6 / rate) : 0;
    } catch (UnsupportedAudioFileException | IOException e) {
      return 0; // not a file Java Sound reads (MP3, FLAC, Ogg): FFmpeg's figure stands
    }
  }

  /**
   * FFmpeg's own words for why {@code file} does not open ("Invalid data found when processing input"), asked
   * again here: JavaCV's exception keeps only its message, with the error as a number and hints meant for programmers
   * ("Has setFormat() been called?").
   */
  private static String whyUnreadable(Path file, FrameGrabber.Exception e) {
    AVFormatContext context = new AVFormatContext(null);
    int error = avformat.avformat_open_input(context, file.toString(), null, null);
    if (error < 0) {
      return ffmpegError(error);
    }
    try {
      error = avformat.avformat_find_stream_info(context, (PointerPointer<?>) null);
      return error < 0 ? ffmpegError(error) : String.valueOf(e.getMessage());
    } finally {
      avformat.avformat_close_input(context);
    }
  }

  private static String ffmpegError(int error) {
    byte[] text = new byte[avutil.AV_ERROR_MAX_STRING_SIZE];
    avutil.av_strerror(error, text, text.length);
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return new String(text, 0, end, StandardCharsets.UTF_8);
  }

  public Path file() {
    return file;
  }

  public int sampleRate() {
    return sampleRate;
  }

  public int channels() {
    return channels;
  }

  /** The track's length in seconds: the sound it holds, as it decodes. */
  public double seconds() {
    return micros / 1e6;
  }

  /**
   * The length the file's header states, in seconds (0 when it states none): more than {@link #seconds()} when the
   * file is cut short or damaged, and a little different where the header only estimates it.
   */
  public double statedSeconds() {
    return statedMicros / 1e6;
  }

  /**
   * The track's sound from the start, block by block as FFmpeg decodes it; each subscription decodes the file
   * again, on the subscribing thread.
   *
   * @throws IllegalStateException (as the error signal) if the file cannot be decoded any more
   */
  public Flux<PcmBlock> blocks() {
    return Flux.using(() -> grabber(file), grabber -> Flux.<PcmBlock>generate(sink -> {
      try {
        PcmBlock block = next(grabber);
        if (block == null) {
          sink.complete();
        } else {
          sink.next(block);
        }
      } catch (FrameGrabber.Exception e) {
        sink.error(new IllegalStateException("audio track " + file + " failed while decoding: " + e.getMessage(),
            e));
      }
    }), AudioTrack::closeQuietly);
  }

  private @Nullable PcmBlock next(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    while (true) {
      Frame frame = grabber.grabSamples();
      if (frame == null) {
        return null;
      }
      if (frame.samples == null || frame.samples.length == 0) {
        continue;
      }
      Buffer buffer = frame.samples[0];
      if (!(buffer instanceof FloatBuffer floats)) {
        throw new FrameGrabber.Exception("expected float samples, got " + buffer.getClass().getSimpleName());
      }
      float[] samples = new float[floats.remaining() / channels * channels];
      floats.duplicate().get(samples);
      return new PcmBlock(sampleRate, channels, samples);
    }
  }

  /** A started grabber that gives interleaved float samples. */
  private static FFmpegFrameGrabber grabber(Path file) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(grabber);
      throw e;
    }
    return grabber;
  }

  private static long countFrames(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    long frames = 0;
    for (Frame frame = grabber.grabSamples(); frame != null; frame = grabber.grabSamples()) {
      if (frame.samples != null && frame.samples.length > 0) {
        frames += frame.samples[0].remaining() / Math.max(1, grabber.getAudioChannels());
      }
    }
    return frames;
  }

  private static void closeQuietly(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception e) {
      // Closing a decoder that failed: nothing more to tell.
    }
  }

  @Override
  public String toString() {
    return file + " (" + sampleRate + " Hz, " + channels + " channel" + (channels == 1 ? "" : "s") + ", "
        + String.format("%.2f s)", seconds());
  }
}
