package dev.zoomorph.audio;

import dev.zoomorph.engine.preset.AudioBand;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.util.List;
import java.util.function.Consumer;
import org.jtransforms.fft.FloatFFT_1D;
import reactor.core.publisher.Mono;

/**
 * Turns PCM blocks into {@link AudioFeatures}, one per analysis frame (a hop of about 11 ms), as a preset's
 * {@link AudioSpec} says: each band's energy and the RMS level, read against a reference (live a running automatic
 * gain, from a whole track the track's own: {@link #ofTrack}) and smoothed by an envelope follower; onsets
 * (spectral flux with an adaptive threshold) over the whole spectrum and per band; tempo and beat phase
 * ({@link BeatTracker}).
 *
 * <p>Each frame takes the newest {@link #fftSize()} samples (about 43 ms, a power of two), Hann-windowed, through a
 * real FFT (JTransforms). A frame's features describe the sound at the middle of its window, so
 * {@link AudioFeatures#nanos()} is the sound's own time and features lag the sound by {@link #delayNanos()}. Any
 * sample rate, mono or more channels (mixed to mono). Everything is computed from the samples alone: the same sound
 * gives the same features. Not thread-safe: one thread feeds it (a capture thread, or a track's decoder).
 */
public final class AudioAnalyzer {
  /** How far below the loudest band's reference a band's reference may fall: quieter bands do not read leakage. */
  static final double BAND_SPREAD_DB = 20;
  /** Log compression of magnitudes for onsets, relative to the spectrum's reference: log(1 + γ·|X|/reference). */
  private static final double COMPRESSION = 100;

  private final AudioSpec spec;
  private final int sampleRate;
  private final int fftSize;
  private final int hop;
  private final double frameSeconds;
  private final FloatFFT_1D fft;
  private final float[] window;
  private final float[] ring;
  private final float[] buffer;
  private final double[] magnitude;
  /** Magnitudes of the previous frame, and how much each rose since (log-compressed). */
  private final double[] previous;
  private final double[] rise;
  private final int[][] bins;
  /** Octaves from 30 Hz up to the Nyquist frequency, for onsets over the whole spectrum. */
  private final int[][] octaves;
  private final Gain spectrumGain;
  private final Gain levelGain;
  private final Gain[] bandGains;
  private final Envelope levelEnvelope;
  private final Envelope[] bandEnvelopes;
  private final OnsetDetector onsets;
  private final OnsetDetector[] bandOnsetDetectors;
  private final BeatTracker beats;
  private final double[] bandValues;
  private final boolean[] bandOnsets;
  private long samples;
  private int sinceHop;
  private int ringNext;
  private double hopSquares;
  private long onsetCount;

  /** An analyzer for live {@code sampleRate} sound, measuring as {@code spec} says, with running automatic gain. */
  public AudioAnalyzer(AudioSpec spec, int sampleRate) {
    this(spec, sampleRate, Gains.running(spec.gainSeconds()));
  }

  /** An analyzer for {@code sampleRate} sound, measuring as {@code spec} says, each feature read by its gain. */
  AudioAnalyzer(AudioSpec spec, int sampleRate, Gains gains) {
    new PcmBlock(sampleRate, 1, new float[0]); // checks the rate
    this.spec = spec;
    this.sampleRate = sampleRate;
    this.fftSize = Integer.highestOneBit((int) Math.round(sampleRate * 0.043 * 1.4142));
    this.hop = fftSize / 4;
    this.frameSeconds = (double) hop / sampleRate;
    this.fft = new FloatFFT_1D(fftSize);
    this.window = new float[fftSize];
    for (int i = 0; i < fftSize; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize));
    }
    this.ring = new float[fftSize];
    this.buffer = new float[fftSize];
    this.magnitude = new double[fftSize / 2 + 1];
    this.previous = new double[fftSize / 2 + 1];
    this.rise = new double[fftSize / 2 + 1];
    List<AudioBand> bands = spec.bands();
    this.bins = new int[bands.size()][];
    for (int b = 0; b < bands.size(); b++) {
      bins[b] = binRange(bands.get(b));
    }
    List<int[]> octaveBins = new java.util.ArrayList<>();
    for (double low = 30; low < sampleRate / 2.0; low *= 2) {
      octaveBins.add(binRange(new AudioBand("octave", low, Math.min(2 * low, sampleRate / 2.0))));
    }
    this.octaves = octaveBins.toArray(int[][]::new);
    this.spectrumGain = gains.gain(Gains.SPECTRUM, frameSeconds);
    this.levelGain = gains.gain(Gains.LEVEL, frameSeconds);
    this.levelEnvelope = new Envelope(spec.attackSeconds(), spec.releaseSeconds(), frameSeconds);
    this.bandGains = new Gain[bands.size()];
    this.bandEnvelopes = new Envelope[bands.size()];
    this.bandOnsetDetectors = new OnsetDetector[bands.size()];
    for (int b = 0; b < bands.size(); b++) {
      bandGains[b] = gains.gain(Gains.FIRST_BAND + b, frameSeconds);
      bandEnvelopes[b] = new Envelope(spec.attackSeconds(), spec.releaseSeconds(), frameSeconds);
      bandOnsetDetectors[b] = new OnsetDetector(frameSeconds);
    }
    this.onsets = new OnsetDetector(frameSeconds);
    this.beats = new BeatTracker(1 / frameSeconds);
    this.bandValues = new double[bands.size()];
    this.bandOnsets = new boolean[bands.size()];
  }

  /**
   * An analyzer for all of {@code track}, from its start: each feature read against one reference for the whole
   * track (a high percentile of it over the track), so the features follow the track's dynamics, as a music video
   * should. The references are found by decoding and analysing the track once, on the subscribing thread.
   */
  public static Mono<AudioAnalyzer> ofTrack(AudioTrack track, AudioSpec spec) {
    return TrackGains.measure(track, spec).map(gains -> new AudioAnalyzer(spec, track.sampleRate(), gains));
  }

  /** What the analyzer measures. */
  public AudioSpec spec() {
    return spec;
  }

  /** The sample rate it takes. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Samples in each frame's window. */
  public int fftSize() {
    return fftSize;
  }

  /** Samples between frames. */
  public int hop() {
    return hop;
  }

  /**
   * How long after a sound its features come out: half a window (each frame describes its window's middle) plus one
   * frame (onsets are decided with one frame of look-ahead).
   */
  public long delayNanos() {
    return Math.round((fftSize / 2.0 + hop) * 1e9 / sampleRate);
  }

  /**
   * Analyses {@code block}, handing {@code out} the features of every frame it completes, in order.
   *
   * @throws IllegalArgumentException if the block's sample rate is not this analyzer's
   */
  public void accept(PcmBlock block, Consumer<AudioFeatures> out) {
    if (block.sampleRate() != sampleRate) {
      throw new IllegalArgumentException("the analyzer takes " + sampleRate + " Hz, the block is "
          + block.sampleRate() + " Hz");
    }
    float[] in = block.samples();
    int channels = block.channels();
    for (int frame = 0; frame < block.frames(); frame++) {
      float sample = 0;
      for (int c = 0; c < channels; c++) {
        sample += in[frame * channels + c];
      }
      sample /= channels;
      ring[ringNext] = sample;
      ringNext = (ringNext + 1) % fftSize;
      hopSquares += (double) sample * sample;
      samples++;
      if (++sinceHop == hop) {
        out.accept(frame());
        sinceHop = 0;
        hopSquares = 0;
      }
    }
  }

  private AudioFeatures frame() {
    for (int i = 0; i < fftSize; i++) {
      buffer[i] = ring[(ringNext + i) % fftSize] * window[i];
    }
    fft.realForward(buffer);
    // JTransforms packs the real FFT as re[0], re[n/2], then re[k], im[k] pairs. A full-scale sine peaks near n/4.
    double scale = 4.0 / fftSize;
    magnitude[0] = Math.abs(buffer[0]) * scale;
    magnitude[fftSize / 2] = Math.abs(buffer[1]) * scale;
    double peak = 0;
    for (int k = 1; k < fftSize / 2; k++) {
      magnitude[k] = Math.hypot(buffer[2 * k], buffer[2 * k + 1]) * scale;
      peak = Math.max(peak, magnitude[k]);
    }
    spectrumGain.apply(20 * Math.log10(peak + 1e-15), Gain.FLOOR_DB);
    double reference = Math.pow(10, spectrumGain.referenceDb() / 20);
    // Until the window is full its start is the zeros before the stream, not a silence that was heard: no rises.
    boolean heard = samples >= fftSize + hop;
    for (int k = 1; k < magnitude.length; k++) {
      // Both frames against this frame's reference: a reference that jumps up with a hit does not hide the hit.
      double now = Math.log1p(COMPRESSION * magnitude[k] / reference);
      double before = Math.log1p(COMPRESSION * previous[k] / reference);
      rise[k] = heard ? Math.max(0, now - before) : 0;
      previous[k] = magnitude[k];
    }
    // Over the whole spectrum, each octave counts alike: a kick's few low bins weigh as much as a hi-hat's many.
    double wholeFlux = 0;
    for (int[] octave : octaves) {
      wholeFlux += meanRise(octave);
    }
    wholeFlux /= octaves.length;
    double loudestBandDb = Gain.FLOOR_DB;
    for (Gain gain : bandGains) {
      loudestBandDb = Math.max(loudestBandDb, gain.referenceDb());
    }
    boolean onset = onsets.accept(wholeFlux);
    if (onset) {
      onsetCount++;
    }
    for (int b = 0; b < bins.length; b++) {
      double power = 0;
      for (int k = bins[b][0]; k < bins[b][1]; k++) {
        power += magnitude[k] * magnitude[k];
      }
      double relative = bandGains[b].apply(Gain.decibels(power), loudestBandDb - BAND_SPREAD_DB);
      bandValues[b] = bandEnvelopes[b].follow(relative);
      bandOnsets[b] = bandOnsetDetectors[b].accept(meanRise(bins[b]));
    }
    double level = levelEnvelope.follow(levelGain.apply(Gain.decibels(hopSquares / hop), Gain.FLOOR_DB));
    long nanos = Math.max(0, Math.round((samples - fftSize / 2.0 - hop) * 1e9 / sampleRate));
    beats.accept(onsets.novelty(), onset, nanos);
    return new AudioFeatures(nanos, level, bandValues, onset, bandOnsets, onsetCount, beats.bpm(),
        Math.max(0, beats.beat()), beats.onBeat());
  }

  /** The mean rise of bins {@code range[0]} (inclusive) to {@code range[1]} (exclusive); 0 for none. */
  private double meanRise(int[] range) {
    double sum = 0;
    for (int k = range[0]; k < range[1]; k++) {
      sum += rise[k];
    }
    return range[1] > range[0] ? sum / (range[1] - range[0]) : 0;
  }

  /** The FFT bins of {@code band}: those whose centre frequency lies in it, or the nearest one. */
  private int[] binRange(AudioBand band) {
    double binHz = (double) sampleRate / fftSize;
    int last = fftSize / 2;
    int from = (int) Math.ceil(band.lowHz() / binHz);
    int to = (int) Math.ceil(band.highHz() / binHz); // exclusive
    from = Math.max(1, Math.min(from, last + 1));
    to = Math.max(from, Math.min(to, last + 1));
    if (from == to && band.lowHz() < sampleRate / 2.0) {
      int nearest = (int) Math.max(1, Math.min(last, Math.round((band.lowHz() + band.highHz()) / 2 / binHz)));
      return new int[] {nearest, nearest + 1};
    }
    return new int[] {from, to};
  }
}
