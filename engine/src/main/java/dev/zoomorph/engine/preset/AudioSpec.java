package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a preset listens: the bands the audio input measures, how its features follow the sound, and what they move
 * (bindings to control addresses, and optionally the latent along fixed directions). Used with {@code serve --audio}
 * and {@code record --audio}; see docs/audio.md.
 *
 * <p>JSON, every field optional: {@code {"bands": [{"name": "bass", "lowHz": 60, "highHz": 250}, …],
 * "attackSeconds": 0.005, "releaseSeconds": 0.25, "gainSeconds": 10, "bindings": [...], "latent": {...}}}.
 *
 * @param bands the bands measured, 1 … {@link #MAX_BANDS}, names unique; default {@link #DEFAULT_BANDS}
 * @param attackSeconds how fast a band's (and the level's) envelope rises, 0 … 10
 * @param releaseSeconds how fast it falls back, 0 … 10
 * @param gainSeconds automatic gain: how long its reference level takes to come down 20 dB when the room gets quieter
 *     (it rises at once when it gets louder), 0.1 … 600; live input only: a recording reads its track against the
 *     whole track's
 * @param bindings features bound to control addresses
 * @param latent spectrum to latent: band energies move the latent along fixed directions; null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AudioSpec(List<AudioBand> bands, double attackSeconds, double releaseSeconds, double gainSeconds,
    List<AudioBinding> bindings, @Nullable LatentPush latent) {

  /** The most bands a preset may measure. */
  public static final int MAX_BANDS = 16;
  /** Sub, bass, low-mid, mid and high. */
  public static final List<AudioBand> DEFAULT_BANDS = List.of(new AudioBand("sub", 20, 60),
      new AudioBand("bass", 60, 250), new AudioBand("low-mid", 250, 500), new AudioBand("mid", 500, 2000),
      new AudioBand("high", 2000, 16000));
  /** Loudness (RMS) after automatic gain, 0 … 1. */
  public static final String LEVEL = "level";
  /** An onset anywhere in the spectrum (a trigger). */
  public static final String ONSET = "onset";
  /** A beat of the tracked tempo (a trigger). */
  public static final String BEAT = "beat";
  /** The first beat of a bar of the tracked tempo, in the preset's beatsPerBar (a trigger). */
  public static final String BAR = "bar";
  /** What follows a band's name to name its onsets: {@code bass/onset}. */
  public static final String BAND_ONSET = "/onset";

  /** The default bands and follower, no bindings: the features are measured but move nothing. */
  public static final AudioSpec NONE = new AudioSpec(DEFAULT_BANDS, 0.005, 0.25, 10, List.of(), null);

  /**
   * Spectrum to latent: band i's energy (0 … 1) times {@code amount} moves the latent along direction i.
   *
   * <p>JSON: {@code {"directions": "seeded", "seed": 3, "amount": 0.6}}.
   *
   * @param directions where the directions point
   * @param seed the seed of {@link Directions#SEEDED} directions
   * @param amount how far a band at full energy moves the latent, in units of a typical latent's length, 0 … 4
   */
  public record LatentPush(Directions directions, long seed, double amount) {
    /** Where spectrum-to-latent directions point. */
    public enum Directions {
      /** Random directions from the seed, one per band, each as long as a typical latent. */
      @JsonProperty("seeded") SEEDED,
      /** From the centre of a morph's keyframes toward keyframe i (mod their count), one per band. */
      @JsonProperty("keyframes") KEYFRAMES
    }

    public LatentPush {
      if (directions == null) {
        throw new IllegalArgumentException("latent.directions must be \"seeded\" or \"keyframes\"");
      }
      if (!(amount >= 0 && amount <= 4)) {
        throw new IllegalArgumentException("latent.amount must be in 0..4, was " + amount);
      }
    }

    @JsonCreator
    static LatentPush fromJson(@JsonProperty("directions") @Nullable Directions directions,
        @JsonProperty("seed") @Nullable Long seed, @JsonProperty("amount") @Nullable Double amount) {
      return new LatentPush(directions == null ? Directions.SEEDED : directions, seed == null ? 1 : seed,
          amount == null ? 0.5 : amount);
    }
  }

  /** @throws IllegalArgumentException naming the field and the problem */
  public AudioSpec {
    if (bands == null || bands.isEmpty() || bands.size() > MAX_BANDS) {
      throw new IllegalArgumentException("bands: 1 to " + MAX_BANDS + " bands, was "
          + (bands == null ? "none" : bands.size()));
    }
    bands = List.copyOf(bands);
    Set<String> names = new HashSet<>();
    for (AudioBand band : bands) {
      if (List.of(LEVEL, ONSET, BEAT, BAR).contains(band.name()) || !names.add(band.name())) {
        throw new IllegalArgumentException("bands: the name '" + band.name() + "' is "
            + (names.contains(band.name()) ? "taken twice" : "a feature's") + "; band names must differ from each"
            + " other and from level, onset, beat and bar");
      }
    }
    checkSeconds("attackSeconds", attackSeconds, 0, 10);
    checkSeconds("releaseSeconds", releaseSeconds, 0, 10);
    checkSeconds("gainSeconds", gainSeconds, 0.1, 600);
    bindings = List.copyOf(bindings == null ? List.of() : bindings);
    List<String> features = features(bands);
    for (int i = 0; i < bindings.size(); i++) {
      String feature = bindings.get(i).feature();
      if (!features.contains(feature)) {
        throw new IllegalArgumentException("bindings[" + i + "].feature: unknown feature '" + feature
            + "'; features: " + String.join(", ", features));
      }
    }
  }

  /** The features these bands give, which bindings can name. */
  public List<String> features() {
    return features(bands);
  }

  /** The band names, in order: the order of {@code /zoomorph/audio/bands} and {@code /zoomorph/push}. */
  public List<String> bandNames() {
    return bands.stream().map(AudioBand::name).toList();
  }

  /** Whether the sound moves anything: a binding or spectrum to latent (a preset without an audio section has neither). */
  public boolean movesAnything() {
    return !bindings.isEmpty() || latent != null;
  }

  /** Whether {@code feature} fires (onsets, beats, bars) rather than moves continuously. */
  public static boolean isTrigger(String feature) {
    return feature.equals(ONSET) || feature.equals(BEAT) || feature.equals(BAR) || feature.endsWith(BAND_ONSET);
  }

  /** This listening with other bindings. */
  public AudioSpec withBindings(List<AudioBinding> newBindings) {
    return new AudioSpec(bands, attackSeconds, releaseSeconds, gainSeconds, newBindings, latent);
  }

  /** This listening with spectrum to latent. */
  public AudioSpec withLatent(@Nullable LatentPush push) {
    return new AudioSpec(bands, attackSeconds, releaseSeconds, gainSeconds, bindings, push);
  }

  private static List<String> features(List<AudioBand> bands) {
    List<String> out = new ArrayList<>();
    for (AudioBand band : bands) {
      out.add(band.name());
    }
    out.add(LEVEL);
    out.add(ONSET);
    for (AudioBand band : bands) {
      out.add(band.name() + BAND_ONSET);
    }
    out.add(BEAT);
    out.add(BAR);
    return out;
  }

  private static void checkSeconds(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", was " + value);
    }
  }

  @JsonCreator
  static AudioSpec fromJson(@JsonProperty("bands") @Nullable List<AudioBand> bands,
      @JsonProperty("attackSeconds") @Nullable Double attackSeconds,
      @JsonProperty("releaseSeconds") @Nullable Double releaseSeconds,
      @JsonProperty("gainSeconds") @Nullable Double gainSeconds,
      @JsonProperty("bindings") @Nullable List<AudioBinding> bindings,
      @JsonProperty("latent") @Nullable LatentPush latent) {
    return new AudioSpec(bands == null ? NONE.bands : bands,
        attackSeconds == null ? NONE.attackSeconds : attackSeconds,
        releaseSeconds == null ? NONE.releaseSeconds : releaseSeconds,
        gainSeconds == null ? NONE.gainSeconds : gainSeconds, bindings == null ? List.of() : bindings, latent);
  }
}
