package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AudioAnalyzerTest {

  @Test
  void onsetsOfAClickTrackHaveAnFMeasureOfAtLeast095Within30Ms() {
    // Irregular clicks (90 to 700 ms apart) of varying loudness, over a noise floor.
    SplittableRandom random = new SplittableRandom(5);
    List<Double> truth = new ArrayList<>();
    for (double t = 0.3; t < 20; t += 0.09 + random.nextDouble() * 0.61) {
      truth.add(t);
    }
    float[] signal = Signals.clicks(truth, 20.5, 0.3, 11);
    List<Double> found = new ArrayList<>();
    for (AudioFeatures f : Signals.analyse(signal, AudioSpec.NONE)) {
      if (f.onset()) {
        found.add(f.nanos() / 1e9);
      }
    }
    int hits = 0;
    boolean[] used = new boolean[found.size()];
    double meanError = 0;
    for (double t : truth) {
      for (int i = 0; i < found.size(); i++) {
        if (!used[i] && Math.abs(found.get(i) - t) <= 0.030) {
          used[i] = true;
          hits++;
          meanError += found.get(i) - t;
          break;
        }
      }
    }
    double precision = (double) hits / found.size();
    double recall = (double) hits / truth.size();
    double f = 2 * precision * recall / (precision + recall);
    System.out.printf("onsets: %d true, %d found, %d hits, F %.3f, mean error %.1f ms%n", truth.size(),
        found.size(), hits, f, 1000 * meanError / hits);
    assertThat(f).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void aClickTrackAt128BpmGivesItsTempoWithin1BpmAndItsPhaseWithin30MsWithin8Seconds() {
    double first = 0.37;
    List<Double> clicks = Signals.beatTimes(128, first, 14);
    List<AudioFeatures> features = Signals.analyse(Signals.clicks(clicks, 14, 0.5, 3), AudioSpec.NONE);
    AudioFeatures at8 = features.stream().filter(f -> f.nanos() >= 8e9).findFirst().orElseThrow();
    System.out.println("at 8 s: " + at8);
    assertThat(at8.bpm()).isCloseTo(128, within(1.0));
    List<Double> beats = features.stream().filter(f -> f.nanos() >= 8e9 && f.onBeat()).map(f -> f.nanos() / 1e9)
        .toList();
    assertThat(beats).hasSizeGreaterThanOrEqualTo(10);
    for (double beat : beats) {
      double nearest = clicks.stream().min((a, b) -> Double.compare(Math.abs(a - beat), Math.abs(b - beat)))
          .orElseThrow();
      assertThat(beat - nearest).as("beat at %.3f s", beat).isCloseTo(0, within(0.030));
    }
    features.stream().filter(f -> f.nanos() >= 8e9).forEach(f -> assertThat(f.bpm()).isCloseTo(128, within(1.0)));
  }

  @Test
  void bandEnergiesFollowAToneMovedBetweenBands() {
    // Each tone well inside its band: bins are 23 Hz wide at 48 kHz, so a tone near the sub/bass edge (60 Hz) is
    // heard in both.
    double[] tones = {120, 1000, 5000, 30, 350};
    int[] bands = {1, 3, 4, 0, 2}; // bass, mid, high, sub, low-mid
    float[][] parts = new float[tones.length][];
    for (int i = 0; i < tones.length; i++) {
      parts[i] = Signals.tone(tones[i], 1, 0.5);
    }
    List<AudioFeatures> features = Signals.analyse(Signals.concat(parts), AudioSpec.NONE);
    for (int i = 0; i < tones.length; i++) {
      int segment = i;
      // 0.6 to 0.9 s into each tone: the envelopes have settled after the click of the switch (release 0.25 s).
      List<AudioFeatures> settled = features.stream()
          .filter(f -> f.nanos() >= (segment + 0.6) * 1e9 && f.nanos() < (segment + 0.9) * 1e9).toList();
      assertThat(settled).isNotEmpty();
      for (AudioFeatures f : settled) {
        for (int b = 0; b < f.bandCount(); b++) {
          if (b == bands[segment]) {
            assertThat(f.band(b)).as("%s Hz in band %d at %s", tones[segment], b, f).isGreaterThan(0.8);
          } else {
            assertThat(f.band(b)).as("%s Hz, band %d at %s", tones[segment], b, f).isLessThan(0.2);
          }
        }
      }
    }
  }

  @Test
  void automaticGainGivesTheSameFeaturesAtMinus30DbAsAt0Db() {
    float[] loud = Signals.concat(Signals.clicks(Signals.beatTimes(128, 0.2, 6), 6, 0.9, 4),
        Signals.tone(300, 1, 0.9), Signals.clicks(Signals.beatTimes(100, 0.1, 3), 3, 0.5, 8));
    List<AudioFeatures> atZero = Signals.analyse(loud, AudioSpec.NONE);
    List<AudioFeatures> atMinus30 = Signals.analyse(Signals.scaled(loud, -30), AudioSpec.NONE);
    assertThat(atMinus30).hasSameSizeAs(atZero);
    double worst = 0;
    // From 0.5 s on: the first frames, partly silent, lie under the gain's floor at −30 dB.
    for (int i = 0; i < atZero.size(); i++) {
      if (atZero.get(i).nanos() < 0.5e9) {
        continue;
      }
      AudioFeatures a = atZero.get(i);
      AudioFeatures b = atMinus30.get(i);
      worst = Math.max(worst, Math.abs(a.level() - b.level()));
      for (int band = 0; band < a.bandCount(); band++) {
        worst = Math.max(worst, Math.abs(a.band(band) - b.band(band)));
      }
      assertThat(b.onset()).as("onset at %s", a).isEqualTo(a.onset());
    }
    System.out.printf("largest difference between 0 dB and -30 dB: %.5f%n", worst);
    assertThat(worst).isLessThan(0.02);
    assertThat(atMinus30.get(atMinus30.size() - 1).bpm()).isCloseTo(atZero.get(atZero.size() - 1).bpm(),
        within(0.01));
    // Quieter still is the same again, but silence is rest.
    assertThat(Signals.analyse(Signals.silence(2), AudioSpec.NONE)).allSatisfy(f -> {
      assertThat(f.level()).isZero();
      assertThat(f.bands()).containsOnly(0.0);
      assertThat(f.onset()).isFalse();
      assertThat(f.bpm()).isZero();
    });
  }
}
