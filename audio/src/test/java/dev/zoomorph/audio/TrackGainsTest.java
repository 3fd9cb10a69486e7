package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** A track's features, as a recording reads them, follow the track's dynamics: each against the whole track's. */
class TrackGainsTest {
  private static final double FPS = 50;
  private static final int BASS = 1;
  private static final int MID = 3;
  /** −30 dB as an amplitude. */
  private static final double MINUS_30_DB = Math.pow(10, -30 / 20.0);

  @TempDir Path dir;
  private final Scheduler analysis = Schedulers.newSingle("test-analysis");

  @AfterEach
  void stop() {
    analysis.dispose();
  }

  @Test
  void aQuietSectionReadsQuietAgainstTheLoudOneAndTheSameNoiseReadsAlikeBeforeAndAfter() throws IOException {
    // Noise 60 dB under the music, the music (a 120 Hz and a 1 kHz tone) 30 dB down, the music, the noise again.
    float[] floor = Signals.noise(2, 0.001, 7);
    float[] music = mix(Signals.tone(120, 2, 0.3), Signals.tone(1000, 2, 0.3));
    Path wav = Signals.writeWav(dir.resolve("intro.wav"),
        Signals.concat(floor, Signals.scaled(music, -30), music, floor));
    List<AudioFeatures> features = features(wav);

    double quiet = mean(features, 2.5, 3.8, AudioFeatures::level);
    double loud = mean(features, 4.5, 5.8, AudioFeatures::level);
    System.out.printf("level: quiet %.4f, loud %.4f, ratio %.4f (-30 dB is %.4f)%n", quiet, loud, quiet / loud,
        MINUS_30_DB);
    assertThat(loud).isGreaterThan(0.9);
    assertThat(quiet / loud).isCloseTo(MINUS_30_DB, within(0.004));
    for (int band : new int[] {BASS, MID}) {
      double quietBand = mean(features, 2.5, 3.8, f -> f.band(band));
      double loudBand = mean(features, 4.5, 5.8, f -> f.band(band));
      assertThat(loudBand).as("band %d", band).isGreaterThan(0.9);
      assertThat(quietBand / loudBand).as("band %d", band).isCloseTo(MINUS_30_DB, within(0.004));
    }
    // The noise before the music and after it (once the envelopes have fallen) reads the same, near rest.
    ToDoubleFunction<AudioFeatures> loudest = f -> {
      double max = f.level();
      for (double value : f.bands()) {
        max = Math.max(max, value);
      }
      return max;
    };
    double before = mean(features, 0.3, 1.9, loudest);
    double after = mean(features, 7.3, 7.95, loudest);
    System.out.printf("noise: before %.4f, after %.4f%n", before, after);
    assertThat(before).isLessThan(0.05).isCloseTo(after, within(0.003));
  }

  @Test
  void anEmptyBandReadsAgainstTheLoudestBandNotItself() throws IOException {
    // A 1 kHz tone faded in and out (no splatter into other bands) over noise 70 dB under it: the other bands hold
    // only the noise, which would read near 1 against their own percentile.
    float[] sound = Signals.tone(1000, 4, 0.5);
    int fade = Signals.RATE / 5;
    for (int i = 0; i < fade; i++) {
      float gain = (float) i / fade;
      sound[i] *= gain;
      sound[sound.length - 1 - i] *= gain;
    }
    sound = mix(sound, Signals.noise(4, 0.5 * Math.pow(10, -70 / 20.0), 3));
    List<AudioFeatures> features = features(Signals.writeWav(dir.resolve("tone.wav"), sound));
    assertThat(mean(features, 1, 3, f -> f.band(MID))).isGreaterThan(0.9);
    for (int band : new int[] {0, 1, 2, 4}) {
      assertThat(mean(features, 1, 3, f -> f.band(band))).as("band %d", band).isLessThan(0.05);
    }
  }

  @Test
  void aClickDoesNotSetTheReference() throws IOException {
    // 12 s of a tone with a click over 20 dB louder (5 ms of noise: in a few of the track's 1125 analysis frames).
    float[] sound = Signals.tone(1000, 12, 0.05);
    float[] click = Signals.noise(0.005, 0.9, 9);
    for (int i = 0; i < click.length; i++) {
      sound[6 * Signals.RATE + i] += click[i];
    }
    List<AudioFeatures> features = features(Signals.writeWav(dir.resolve("click.wav"), sound));
    assertThat(mean(features, 1, 5.5, AudioFeatures::level)).isGreaterThan(0.95);
    assertThat(mean(features, 1, 5.5, f -> f.band(MID))).isGreaterThan(0.95);
    assertThat(mean(features, 7, 11, AudioFeatures::level)).isGreaterThan(0.95);
  }

  @Test
  void clicks30DbDownAreStillOnsets() throws IOException {
    // The onsets' log compression is against the whole track's spectrum too: quiet clicks still stand out.
    List<Double> times = Signals.beatTimes(120, 0.25, 3);
    float[] clicks = Signals.clicks(times, 3, 0.5, 3);
    List<AudioFeatures> features = features(Signals.writeWav(dir.resolve("clicks.wav"),
        Signals.concat(Signals.scaled(clicks, -30), clicks)));
    assertThat(features.stream().filter(f -> f.nanos() < 3e9 && f.onset())).hasSize(times.size());
    assertThat(features.stream().filter(f -> f.nanos() >= 3e9 && f.onset())).hasSize(times.size());
  }

  @Test
  void theSameTrackGivesTheSameBytesAndAQuieterMasterTheSameFeatures() throws IOException {
    float[] sound = Signals.concat(Signals.scaled(Signals.clicks(Signals.beatTimes(128, 0.2, 2), 2, 0.5, 5), -20),
        Signals.clicks(Signals.beatTimes(128, 0.1, 2), 2, 0.8, 6));
    Path wav = Signals.writeWav(dir.resolve("song.wav"), sound);
    Path first = dir.resolve("first.json");
    Path second = dir.resolve("second.json");
    AudioTrack track = AudioTrack.open(wav);
    FrameFeatures.writeJson(first, track, AudioSpec.NONE, FPS, 250, analysis);
    FrameFeatures.writeJson(second, track, AudioSpec.NONE, FPS, 250, analysis);
    assertThat(Files.mismatch(first, second)).isEqualTo(-1);

    // Every feature is relative to the track's own: the same master 20 dB down reads the same (but for rounding).
    List<AudioFeatures> loud = features(wav);
    List<AudioFeatures> quiet = features(Signals.writeWav(dir.resolve("quiet.wav"), Signals.scaled(sound, -20)));
    for (int k = 0; k < loud.size(); k++) {
      assertThat(quiet.get(k).level()).as("frame %d", k).isCloseTo(loud.get(k).level(), within(0.01));
      assertThat(quiet.get(k).onset()).as("frame %d", k).isEqualTo(loud.get(k).onset());
      for (int b = 0; b < loud.get(k).bandCount(); b++) {
        assertThat(quiet.get(k).band(b)).as("frame %d, band %d", k, b).isCloseTo(loud.get(k).band(b), within(0.01));
      }
    }
  }

  /** The features of the track's video frames at {@link #FPS}, as a recording takes them. */
  private List<AudioFeatures> features(Path wav) {
    AudioTrack track = AudioTrack.open(wav);
    return FrameFeatures.of(track, AudioSpec.NONE, FPS, analysis).take((long) Math.ceil(track.seconds() * FPS))
        .collectList().block();
  }

  /** The mean of {@code value} over the frames from {@code from} to {@code to} seconds. */
  private static double mean(List<AudioFeatures> features, double from, double to,
      ToDoubleFunction<AudioFeatures> value) {
    return features.stream().filter(f -> f.nanos() >= from * 1e9 && f.nanos() < to * 1e9).mapToDouble(value)
        .average().orElseThrow();
  }

  private static float[] mix(float[] a, float[] b) {
    float[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b[i];
    }
    return out;
  }
}
