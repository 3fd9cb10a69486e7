package dev.zoomorph.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** A click track made by the tests: decaying thumps at a steady tempo over a faint noise floor, 48 kHz mono. */
final class ClickTrack {
  static final int RATE = 48_000;

  private ClickTrack() {}

  /** Click times every 60/bpm seconds from {@code first} until {@code seconds}. */
  static List<Double> times(double bpm, double first, double seconds) {
    List<Double> times = new ArrayList<>();
    for (double t = first; t < seconds; t += 60 / bpm) {
      times.add(t);
    }
    return times;
  }

  /** Signed 16-bit little-endian PCM of clicks at {@code times}; all zeros when there are none. */
  static byte[] pcm(List<Double> times, double seconds, boolean noiseFloor) {
    double[] signal = new double[(int) Math.round(seconds * RATE)];
    SplittableRandom random = new SplittableRandom(3);
    if (noiseFloor) {
      for (int i = 0; i < signal.length; i++) {
        signal[i] = (random.nextDouble() * 2 - 1) * 0.002;
      }
    }
    for (double time : times) {
      int start = (int) Math.round(time * RATE);
      for (int i = 0; i < RATE * 0.08 && start + i < signal.length; i++) {
        double t = (double) i / RATE;
        signal[start + i] += 0.6 * Math.exp(-t * 40) * (Math.sin(2 * Math.PI * 70 * t) + 0.3 * Math.sin(
            2 * Math.PI * 1500 * t) * Math.exp(-t * 100));
      }
    }
    byte[] out = new byte[signal.length * 2];
    for (int i = 0; i < signal.length; i++) {
      int v = (int) Math.max(-32768, Math.min(32767, Math.round(signal[i] * 32767)));
      out[2 * i] = (byte) v;
      out[2 * i + 1] = (byte) (v >> 8);
    }
    return out;
  }

  /** Writes {@code pcm} as a WAV file. */
  static Path wav(Path file, byte[] pcm) throws IOException {
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }

  /** Encodes {@code pcm} as an MP3 at 128 kb/s, its header giving its length as encoders write it. */
  static Path mp3(Path file, byte[] pcm) throws IOException {
    float[] samples = new float[pcm.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)) / 32768f;
    }
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
      recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
      recorder.setSampleFormat(avutil.AV_SAMPLE_FMT_S16P);
      recorder.setSampleRate(RATE);
      recorder.setAudioBitrate(128_000);
      recorder.start();
      recorder.recordSamples(RATE, 1, FloatBuffer.wrap(samples));
      recorder.stop();
    }
    return file;
  }
}
