package dev.zoomorph.playlist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
   * @param until when that ends: the window's end, or the next window's start
   */
  record Open(Playlist.@Nullable Window window, Instant until) {}

  /** What is open at {@code now}; only for a schedule with windows. */
  Open at(Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    Instant nextStart = null;
    // A window that opened yesterday may still be open (22:00–02:00); the next start is at most a week away.
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(7)); day = day.plusDays(1)) {
      for (Playlist.Window window : windows) {
        if (!window.opensOn(day.getDayOfWeek())) {
          continue;
        }
        Instant start = ZonedDateTime.of(day, window.from(), zone).toInstant();
        Instant end = ZonedDateTime.of(window.crossesMidnight() ? day.plusDays(1) : day, window.to(), zone)
            .toInstant();
        if (!now.isBefore(start) && now.isBefore(end)) {
          return new Open(window, end);
        }
        if (start.isAfter(now) && (nextStart == null || start.isBefore(nextStart))) {
          nextStart = start;
        }
      }
    }
    if (nextStart == null) {
      throw new IllegalStateException("a schedule without windows has no next window");
    }
    return new Open(null, nextStart);
  }
}
