package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.json.Required;

/**
 * One frequency band the audio input measures: its energy (followed and normalised to 0 … 1) and its onsets.
 *
 * <p>JSON: {@code {"name": "bass", "lowHz": 60, "highHz": 250}}.
 *
 * @param name lower-case letters, digits and '-', starting with a letter; what bindings call it
 * @param lowHz the lowest frequency in the band, 0 or more
 * @param highHz the highest, above {@code lowHz} and at most {@link #MAX_HZ}; parts above the input's Nyquist
 *     frequency measure nothing
 */
public record AudioBand(String name, double lowHz, double highHz) {
  /** The highest frequency a band may reach. */
  public static final double MAX_HZ = 96_000;

  /** @throws IllegalArgumentException naming the band and the problem */
  public AudioBand {
    if (name == null || !name.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException(
          "band name must be 1-32 lower-case letters, digits or '-', starting with a letter, was '" + name + "'");
    }
    if (!(lowHz >= 0 && lowHz < highHz && highHz <= MAX_HZ)) {
      throw new IllegalArgumentException("band " + name + ": needs 0 <= lowHz < highHz <= " + (long) MAX_HZ
          + ", was " + lowHz + " … " + highHz);
    }
  }

  @JsonCreator
  static AudioBand fromJson(@Required @JsonProperty("name") String name,
      @Required @JsonProperty("lowHz") double lowHz,
      @Required @JsonProperty("highHz") double highHz) {
    return new AudioBand(name, lowHz, highHz);
  }
}
