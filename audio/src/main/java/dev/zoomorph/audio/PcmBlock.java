package dev.zoomorph.audio;

/**
 * A block of sound: interleaved samples in −1 … 1, {@code channels} per frame, at {@code sampleRate} frames a
 * second. What capture devices and decoded tracks give the {@link AudioAnalyzer}. The samples array is not copied:
 * whoever makes a block hands it over.
 *
 * @param sampleRate frames per second, {@link #MIN_RATE} … {@link #MAX_RATE}
 * @param channels samples per frame, 1 … 8 (mono, stereo, …)
 * @param samples {@code frames × channels} samples, frame by frame
 */
public record PcmBlock(int sampleRate, int channels, float[] samples) {
  /** The lowest sample rate analysed. */
  public static final int MIN_RATE = 4_000;
  /** The highest sample rate analysed. */
  public static final int MAX_RATE = 384_000;

  /** @throws IllegalArgumentException naming the value out of range */
  public PcmBlock {
    if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
      throw new IllegalArgumentException("sample rate must be " + MIN_RATE + " … " + MAX_RATE + " Hz, was "
          + sampleRate);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be 1 … 8, was " + channels);
    }
    if (samples.length % channels != 0) {
      throw new IllegalArgumentException(samples.length + " samples are not whole frames of " + channels
          + " channels");
    }
  }

  /** Frames in the block: samples per channel. */
  public int frames() {
    return samples.length / channels;
  }

  /** The first {@code length} bytes of signed 16-bit PCM, little-endian unless {@code bigEndian}, as a block. */
  public static PcmBlock ofPcm16(byte[] data, int length, int sampleRate, int channels, boolean bigEndian) {
    int count = length / 2 / channels * channels;
    float[] samples = new float[count];
    for (int i = 0; i < count; i++) {
      int lo = data[2 * i + (bigEndian ? 1 : 0)] & 0xff;
      int hi = data[2 * i + (bigEndian ? 0 : 1)];
      samples[i] = (short) (hi << 8 | lo) / 32768f;
    }
    return new PcmBlock(sampleRate, channels, samples);
  }
}
