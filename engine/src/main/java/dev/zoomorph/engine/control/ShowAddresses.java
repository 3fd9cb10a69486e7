package dev.zoomorph.engine.control;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The show's control addresses that code names, written once: the inputs that send to them (the MIDI clock, a MIDI
 * note's keyframe, the audio input, the HTTP API, playlists, recordings, the Kotlin knobs) and the audio features'
 * OSC output. What each address takes and does is the show's control table's ({@code ShowControls}), which builds
 * its entries from these names; its test checks that every name here is one of its addresses. This class sits below
 * the show, beside the control messages, so that the inputs can name addresses without depending on the show.
 */
public final class ShowAddresses {
  /** Every address of the show starts with this. */
  public static final String PREFIX = "/zoomorph/";
  public static final String LATENT = PREFIX + "latent";
  public static final String KEYFRAME = PREFIX + "keyframe";
  public static final String PRESET = PREFIX + "preset";
  public static final String BPM = PREFIX + "bpm";
  public static final String PHASE = PREFIX + "phase";
  public static final String PLAYING = PREFIX + "playing";
  public static final String RESTART = PREFIX + "restart";
  public static final String PUSH = PREFIX + "push";
  public static final String POST_PALETTE = PREFIX + "post/palette";
  public static final String AUDIO_LEVEL = PREFIX + "audio/level";
  public static final String AUDIO_BANDS = PREFIX + "audio/bands";
  public static final String AUDIO_ONSETS = PREFIX + "audio/onsets";
  public static final String AUDIO_BPM = PREFIX + "audio/bpm";
  public static final String AUDIO_BEAT = PREFIX + "audio/beat";

  private static final Pattern WELL_FORMED = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_/.-]+");

  private ShowAddresses() {}

  /**
   * Whether {@code address} has the shape of a show address: what a MIDI or audio binding's target is checked for
   * when it is read; whether the show has that address is checked against the table when its preset plays.
   */
  public static boolean isWellFormed(@Nullable String address) {
    return address != null && WELL_FORMED.matcher(address).matches();
  }
}
