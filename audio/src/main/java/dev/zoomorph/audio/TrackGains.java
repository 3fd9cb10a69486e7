package dev.zoomorph.audio;

import dev.zoomorph.engine.preset.AudioSpec;
import java.util.Arrays;
import reactor.core.publisher.Mono;

/**
 * The gains of a whole track, for a recording: each feature is read against one reference for the whole track, a
 * high percentile of that feature over the track's analysis frames, so the picture follows the song's dynamics (a
 * quiet intro reads quiet against the drop, the same sound reads the same wherever it is) and every frame's features
 * are the track's alone, whichever frame a render starts at. A first pass over the track finds the references;
 * a band's is kept within {@link AudioAnalyzer#BAND_SPREAD_DB} of the loudest band's as live, by the analyzer.
 */
final class TrackGains implements Gains {
  /**
   * The percentile of a feature's frames that is its reference. Not the maximum: a click or two, under 0.5 % of the
   * frames (about 1 s of a 3-minute song), do not set it and dim everything else; they read as 1. The loud part of a
   * track is far more than that, so it still reads near 1. Every frame counts, silence too, so the reference's rank
   * depends on the track's length alone: the same track mastered quieter reads the same.
   */
  static final double PERCENTILE = 99.5;

  private final double[] referenceDb;

  private TrackGains(double[] referenceDb) {
    this.referenceDb = referenceDb;
  }

  /**
   * The references of {@code track} analysed as {@code spec} says: the track decoded and analysed once, on the
   * subscribing thread, when the result is subscribed to.
   */
  static Mono<TrackGains> measure(AudioTrack track, AudioSpec spec) {
    return Mono.defer(() -> {
      Survey survey = new Survey(FIRST_BAND + spec.bands().size());
      AudioAnalyzer analyzer = new AudioAnalyzer(spec, track.sampleRate(), survey);
      return track.blocks().doOnNext(block -> analyzer.accept(block, features -> {}))
          .then(Mono.fromSupplier(survey::gains));
    });
  }

  @Override
  public Gain gain(int slot, double stepSeconds) {
    return new Fixed(referenceDb[slot]);
  }

  /** A reference that does not move, raised to the minimum when it is given a higher one. */
  private record Fixed(double referenceDb) implements Gain {
    @Override
    public double apply(double db, double minimumDb) {
      return Gain.relative(db, Math.max(referenceDb, minimumDb));
    }
  }

  /** The first pass: gains that note every frame's dB, slot by slot, and read nothing. */
  private static final class Survey implements Gains {
    private final double[][] values;
    private final int[] counts;

    Survey(int slots) {
      this.values = new double[slots][1024];
      this.counts = new int[slots];
    }

    @Override
    public Gain gain(int slot, double stepSeconds) {
      return new Gain() {
        @Override
        public double apply(double db, double minimumDb) {
          if (counts[slot] == values[slot].length) {
            values[slot] = Arrays.copyOf(values[slot], 2 * counts[slot]);
          }
          values[slot][counts[slot]++] = db;
          return 0;
        }

        @Override
        public double referenceDb() {
          return FLOOR_DB;
        }
      };
    }

    /** Each slot's percentile (the nearest rank), at least the floor. */
    TrackGains gains() {
      double[] references = new double[values.length];
      for (int slot = 0; slot < values.length; slot++) {
        double[] sorted = Arrays.copyOf(values[slot], counts[slot]);
        Arrays.sort(sorted);
        references[slot] = sorted.length == 0 ? Gain.FLOOR_DB
            : Math.max(Gain.FLOOR_DB, sorted[Math.max(0, (int) Math.ceil(PERCENTILE / 100 * sorted.length) - 1)]);
      }
      return new TrackGains(references);
    }
  }
}
