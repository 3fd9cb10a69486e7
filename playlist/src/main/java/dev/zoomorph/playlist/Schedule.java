package dev.zoomorph.playlist;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A playlist's windows on the calendar of a time zone: which one is open at an instant, and until when. Each window
 * happens once on each local day it opens on, from its start to its end as {@link ZonedDateTime#of} places them: a
 * local time skipped when the clocks go forward moves on by the gap (02:30 becomes 03:30 summer time), a local time
 * repeated when they go back is taken the first time. So a 09:00–18:00 window opens at 09:00 on the clock, and on
 * the days the clocks change it lasts an hour less or more only if it spans the change.
 */
final class Schedule {
  private final List<Playlist.Window> windows;
  private final ZoneId zone;

  Schedule(List<Playlist.Window> windows, ZoneId zone) {
    this.windows = List.copyOf(windows);
    this.zone = zone;
  }

  boolean isEmpty() {
    return windows.isEmpty();
  }

  /**
   * What is open at {@code now}.
   *
   * @param window the open window, or null between windows
   * @param until when what plays changes: the window's end (the end of the windows of its list that follow it
   *     without a gap, which play on as one; {@link Instant#MAX} when they go on all week), or the next window's start
   */
  record Open(Playlist.@Nullable Window window, Instant until) {}

  /** A window on one day: from its start to its end on the time line. */
  private record Occurrence(Playlist.Window window, Instant start, Instant end) {}

  /** What is open at {@code now}; only for a schedule with windows. */
  Open at(Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    Instant nextStart = null;
    // A window that opened yesterday may still be open (22:00–02:00); the next start is at most a week away.
    for (Occurrence occurrence : occurrences(today.minusDays(1), today.plusDays(7))) {
      if (!now.isBefore(occurrence.start()) && now.isBefore(occurrence.end())) {
        return new Open(occurrence.window(), playsUntil(occurrence, now));
      }
      if (occurrence.start().isAfter(now) && (nextStart == null || occurrence.start().isBefore(nextStart))) {
        nextStart = occurrence.start();
      }
    }
    if (nextStart == null) {
      throw new IllegalStateException("a schedule without windows has no next window");
    }
    return new Open(null, nextStart);
  }

  /**
   * When the list of {@code open} (open at {@code now}) stops playing: its end, or the end of the windows of the same
   * list that follow it without a gap (a whole day on consecutive days; 10:00–22:00 then 22:00–02:00), so that the
   * list plays on across them rather than starting again at each. A run of them over a week long covers every day of
   * the week: it never ends.
   */
  private Instant playsUntil(Occurrence open, Instant now) {
    Instant end = open.end();
    Instant allWeek = now.plus(Duration.ofDays(8));
    while (end.isBefore(allWeek)) {
      Occurrence next = startingAt(end, open.window().list());
      if (next == null) {
        return end;
      }
      end = next.end();
    }
    return Instant.MAX;
  }

  /** The window of {@code list} that starts at {@code start}, if any. */
  private @Nullable Occurrence startingAt(Instant start, String list) {
    LocalDate day = start.atZone(zone).toLocalDate();
    // A start moved on by a clock change may fall on the day after the one it belongs to.
    for (Occurrence occurrence : occurrences(day.minusDays(1), day)) {
      if (occurrence.start().equals(start) && occurrence.window().list().equals(list)) {
        return occurrence;
      }
    }
    return null;
  }

  /** Each window on each day from {@code first} to {@code last} it opens on. */
  private List<Occurrence> occurrences(LocalDate first, LocalDate last) {
    List<Occurrence> occurrences = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      for (Playlist.Window window : windows) {
        if (window.opensOn(day.getDayOfWeek())) {
          Instant start = ZonedDateTime.of(day, window.from(), zone).toInstant();
          Instant end = ZonedDateTime.of(window.crossesMidnight() ? day.plusDays(1) : day, window.to(), zone)
              .toInstant();
          occurrences.add(new Occurrence(window, start, end));
        }
      }
    }
    return occurrences;
  }
}
