package dev.zoomorph.audio;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Test signals made in the tests: clicks at known times, tones, noise; and their features. */
final class Signals {
  static final int RATE = 48_000;

  private Signals() {}

  /** {@code seconds} of silence. */
  static float[] silence(double seconds) {
    return new float[(int) Math.round(seconds * RATE)];
  }

  /** Click times of a steady beat: every 60/bpm seconds from {@code first}, until {@code seconds}. */
  static List<Double> beatTimes(double bpm, double first, double seconds) {
    List<Double> times = new ArrayList<>();
    for (double t = first; t < seconds; t += 60 / bpm) {
      times.add(t);
    }
    return times;
  }

  /**
   * A click at each time: a 25 ms burst of noise and a decaying 1 kHz + 80 Hz thump, peak {@code amplitude}, over a
   * noise floor 50 dB below it.
   */
  static float[] clicks(List<Double> times, double seconds, double amplitude, long seed) {
    float[] out = noise(seconds, amplitude * Math.pow(10, -50 / 20.0), seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (double time : times) {
      int start = (int) Math.round(time * RATE);
      for (int i = 0; i < RATE * 0.06 && start + i < out.length; i++) {
        double t = (double) i / RATE;
        double decay = Math.exp(-t * 60);
        double thump = Math.sin(2 * Math.PI * 80 * t) * 0.6 + Math.sin(2 * Math.PI * 1000 * t) * 0.3;
        double hiss = t < 0.025 ? (random.nextDouble() * 2 - 1) * 0.4 * Math.exp(-t * 150) : 0;
        out[start + i] += (float) (amplitude * decay * (thump + hiss));
      }
    }
    return out;
  }

  /** White noise of peak {@code amplitude}. */
  static float[] noise(double seconds, double amplitude, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = silence(seconds);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((random.nextDouble() * 2 - 1) * amplitude);
    }
    return out;
  }

  /** A sine at {@code hz} of peak {@code amplitude}. */
  static float[] tone(double hz, double seconds, double amplitude) {
    float[] out = silence(seconds);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return out;
  }

  static float[] concat(float[]... parts) {
    int length = 0;
    for (float[] part : parts) {
      length += part.length;
    }
    float[] out = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  static float[] scaled(float[] signal, double db) {
    float[] out = signal.clone();
    float gain = (float) Math.pow(10, db / 20);
    for (int i = 0; i < out.length; i++) {
      out[i] *= gain;
    }
    return out;
  }

  /** Signed 16-bit little-endian PCM of a mono signal. */
  static byte[] pcm16(float[] mono) {
    byte[] out = new byte[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      int v = (int) Math.max(-32768, Math.min(32767, Math.round(mono[i] * 32767.0)));
      out[2 * i] = (byte) v;
      out[2 * i + 1] = (byte) (v >> 8);
    }
    return out;
  }

  /** Writes a mono signal as a 16-bit WAV file. */
  static Path writeWav(Path file, float[] mono) throws IOException {
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    byte[] pcm = pcm16(mono);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, mono.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }

  /** The features of a mono signal, fed in blocks of 1000 samples (not a multiple of the hop). */
  static List<AudioFeatures> analyse(float[] mono, AudioSpec spec) {
    AudioAnalyzer analyzer = new AudioAnalyzer(spec, RATE);
    List<AudioFeatures> out = new ArrayList<>();
    for (int at = 0; at < mono.length; at += 1000) {
      float[] block = java.util.Arrays.copyOfRange(mono, at, Math.min(mono.length, at + 1000));
      analyzer.accept(new PcmBlock(RATE, 1, block), out::add);
    }
    return out;
  }
}
