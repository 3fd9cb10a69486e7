package dev.zoomorph.playlist;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A playlist: lists of presets, each played for its seconds in turn (shuffled or not, looped or not), and an
 * optional schedule of time-of-day windows, every day or on some days of the week, choosing which list plays;
 * outside every window the {@link #outside} preset plays (by default the bundled {@code black}). Without a schedule
 * the {@link #MAIN} list plays all the time.
 * Made by {@link Playlists#load}; validated when made.
 *
 * @param lists the lists by name; the file's top-level {@code entries} are the list {@link #MAIN}
 * @param schedule the windows, in the order written; empty: {@link #MAIN} plays all the time
 * @param outside the preset played between windows (bundled name or file); meaningful with a schedule only
 */
public record Playlist(Map<String, Sequence> lists, List<Window> schedule, String outside) {

  /** The name of the list written at the top level of a playlist file. */
  public static final String MAIN = "main";
  /** The name {@link Player} reports between scheduled windows. */
  public static final String OUTSIDE = "outside";
  /** What plays between windows unless the playlist says: a black screen. */
  public static final String BLACK = "black";

  public Playlist {
    lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    schedule = List.copyOf(schedule);
    Objects.requireNonNull(outside, "outside");
    if (lists.isEmpty()) {
      throw new FieldException("entries", "a playlist needs at least one entry");
    }
    if (schedule.isEmpty() && !lists.containsKey(MAIN)) {
      throw new FieldException("entries", "required unless a schedule chooses among lists");
    }
    for (int i = 0; i < schedule.size(); i++) {
      Window window = schedule.get(i);
      if (!lists.containsKey(window.list())) {
        throw new FieldException("schedule[" + i + "].list", "no list named '" + window.list() + "'"
            + (window.list().equals(MAIN) ? " (the top-level entries are missing)" : "; lists: " + lists.keySet()));
      }
      for (int j = 0; j < i; j++) {
        if (window.overlaps(schedule.get(j))) {
          throw new FieldException("schedule[" + i + "]", window.describe() + " overlaps schedule[" + j
              + "] " + schedule.get(j).describe());
        }
      }
    }
  }

  /** A list without a schedule: {@code entries} in turn, looped, not shuffled. */
  public static Playlist of(List<Entry> entries) {
    return new Playlist(Map.of(MAIN, new Sequence(entries, false, true)), List.of(), BLACK);
  }

  /**
   * One preset played for a while.
   *
   * @param preset a bundled preset name or a preset file (made absolute against the playlist's folder)
   * @param seconds how long it plays, more than 0
   * @param crossfadeSeconds the crossfade into it, 0 … 60, or null for the preset's own
   */
  public record Entry(String preset, double seconds, @Nullable Double crossfadeSeconds) {
    public Entry {
      Objects.requireNonNull(preset, "preset");
      if (preset.isBlank()) {
        throw new FieldException("preset", "must name a bundled preset or a file");
      }
      if (!(seconds > 0 && seconds <= 1e7)) {
        throw new FieldException("seconds", "must be more than 0 (and at most 10000000), was " + seconds);
      }
      if (crossfadeSeconds != null && !(crossfadeSeconds >= 0 && crossfadeSeconds <= 60)) {
        throw new FieldException("crossfade", "must be 0 … 60 seconds, was " + crossfadeSeconds);
      }
    }
  }

  /**
   * A list of entries.
   *
   * @param shuffle each pass plays the entries in a new random order (never the same entry twice in a row)
   * @param loop after the last entry the list starts again; otherwise the last entry stays
   */
  public record Sequence(List<Entry> entries, boolean shuffle, boolean loop) {
    public Sequence {
      entries = List.copyOf(entries);
      if (entries.isEmpty()) {
        throw new FieldException("entries", "a list needs at least one entry");
      }
    }
  }

  /**
   * A time-of-day window in the machine's local time zone, from {@code from} up to {@code to} (which may be past
   * midnight: 22:00–02:00; {@code to} equal to {@code from} is a whole day, 00:00–24:00), playing {@code list},
   * opening on each of {@code days} (a window past midnight belongs to the day it opens: Friday's 22:00–02:00 ends on
   * Saturday). On a day when the clocks change, a time that does not
   * exist (in the hour skipped in spring) moves on by the length of the gap (02:30 becomes 03:30 summer time), and a
   * time that happens twice (in the hour repeated in autumn) counts the first time only.
   */
  public record Window(LocalTime from, LocalTime to, String list, Set<DayOfWeek> days) {
    /** Every day of the week: a window's days unless it names some. */
    public static final Set<DayOfWeek> EVERY_DAY = Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class));
    private static final int DAY = 86_400;
    private static final int WEEK = 7 * DAY;

    public Window {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(days, "days");
      if (days.isEmpty()) {
        throw new FieldException("days", "a window needs at least one day");
      }
      days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** A window open every day. */
    public Window(LocalTime from, LocalTime to, String list) {
      this(from, to, list, EVERY_DAY);
    }

    /** Whether it ends on the day after it opens: it runs past midnight, or lasts the whole day (from = to). */
    boolean crossesMidnight() {
      return !to.isAfter(from);
    }

    /** Whether it opens on {@code day}. */
    boolean opensOn(DayOfWeek day) {
      return days.contains(day);
    }

    /** Whether the two windows share a moment of the week. */
    boolean overlaps(Window other) {
      for (int[] piece : pieces()) {
        for (int[] theirs : other.pieces()) {
          if (piece[0] < theirs[1] && theirs[0] < piece[1]) {
            return true;
          }
        }
      }
      return false;
    }

    /** The window as second-of-week intervals [from, to) (Monday 00:00 is 0), split at the end of the week. */
    private List<int[]> pieces() {
      List<int[]> pieces = new ArrayList<>();
      for (DayOfWeek day : days) {
        int start = (day.getValue() - 1) * DAY + from.toSecondOfDay();
        int end = start + (crossesMidnight() ? DAY : 0) + to.toSecondOfDay() - from.toSecondOfDay();
        if (end > WEEK) { // Sunday night into Monday morning
          pieces.add(new int[] {start, WEEK});
          pieces.add(new int[] {0, end - WEEK});
        } else {
          pieces.add(new int[] {start, end});
        }
      }
      return pieces;
    }

    String describe() {
      return from + "–" + (to.equals(LocalTime.MIDNIGHT) ? "24:00" : to) + (days.equals(EVERY_DAY) ? "" : " on " + days.stream()
          .map(day -> day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).collect(Collectors.joining(", ")));
    }
  }
}
