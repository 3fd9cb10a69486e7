package dev.zoomorph.engine.show;

import org.jspecify.annotations.Nullable;

/**
 * A playlist driving a {@link LiveShow} (the {@code playlist} module's player): what the {@code /zoomorph/playlist/}
 * entries of the show's one control table read and write, once {@link LiveShow#attach attached}. The playlist
 * switches presets through the control bus like any input; these calls only ask it to, and return at once (they
 * run under the show's lock).
 */
public interface ShowPlaylist {

  /**
   * Where the playlist is.
   *
   * @param list the list playing (its name; {@code outside} between scheduled windows)
   * @param entry the entry playing, 0-based in the list's play order
   * @param entries entries in the list
   * @param preset the preset the playlist switched to: the entry's as written in the playlist, or, while
   *     {@code fallback} says why, the one playing instead
   * @param secondsLeft seconds to the next switch (entry end or schedule boundary), frozen while paused
   * @param paused whether the playlist holds its entry
   * @param skipped entries skipped since the start because their preset or model did not load
   * @param fallback why a built-in preset plays instead of the list (every entry failed) or of the outside preset
   *     (it failed), or null
   * @param fileProblem why what the playlist's file holds now is not what plays (its newest edit did not load, or
   *     the file is gone or cannot be read; the playlist loaded before plays on), or null
   */
  record Position(String list, int entry, int entries, String preset, double secondsLeft, boolean paused,
      long skipped, @Nullable String fallback, @Nullable String fileProblem) {}

  /** Where the playlist is now; never blocks. */
  Position position();

  /** Asks for the next entry now. */
  void next();

  /** Asks for the entry before the one playing. */
  void previous();

  /** Asks for entry {@code index} of the list playing (clamped to the list). */
  void jumpTo(int index);

  /** Holds the entry playing (its time left kept) or lets the playlist go on. */
  void pause(boolean paused);
}
