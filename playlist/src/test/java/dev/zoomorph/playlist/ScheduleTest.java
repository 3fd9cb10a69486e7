package dev.zoomorph.playlist;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows on some days of the week, in Europe/Berlin: what is open at a moment and until when, across a closed
 * Monday, a window past midnight that belongs to the day it opened, and a week's end.
 */
class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  // Tuesday to Friday and Sunday 10–18; Saturday 10–22 (late); Friday and Saturday nights 22–02 (late).
  private static final Playlist.Window DAYS = new Playlist.Window(LocalTime.of(10, 0), LocalTime.of(18, 0),
      Playlist.MAIN, EnumSet.of(TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SUNDAY));
  private static final Playlist.Window SATURDAY_LATE = new Playlist.Window(LocalTime.of(10, 0),
      LocalTime.of(22, 0), "late", EnumSet.of(SATURDAY));
  private static final Playlist.Window NIGHTS = new Playlist.Window(LocalTime.of(22, 0), LocalTime.of(2, 0),
      "late", EnumSet.of(FRIDAY, SATURDAY));
  private static final Schedule SCHEDULE = new Schedule(List.of(DAYS, SATURDAY_LATE, NIGHTS), BERLIN);

  @Test
  void aClosedMondayWaitsForTuesday() {
    // Monday 2026-12-07, 12:00: closed all day; Sunday's window ended at 18:00 yesterday.
    Schedule.Open open = SCHEDULE.at(at(2026, 12, 7, 12, 0));
    assertThat(open.window()).isNull();
    assertThat(open.until()).isEqualTo(at(2026, 12, 8, 10, 0));
  }

  @Test
  void eachDayHasItsOwnWindow() {
    assertThat(SCHEDULE.at(at(2026, 12, 8, 10, 0))).isEqualTo(new Schedule.Open(DAYS, at(2026, 12, 8, 18, 0)));
    assertThat(SCHEDULE.at(at(2026, 12, 11, 12, 0))).isEqualTo(new Schedule.Open(DAYS, at(2026, 12, 11, 18, 0)));
    // Thursday evening: the next window is Friday morning's, not a night window (those open Friday and Saturday).
    assertThat(SCHEDULE.at(at(2026, 12, 10, 22, 30))).isEqualTo(new Schedule.Open(null, at(2026, 12, 11, 10, 0)));
  }

  @Test
  void aWindowPastMidnightBelongsToTheDayItOpened() {
    // Saturday 01:00 is Friday night's window; Sunday 01:00 Saturday night's; Monday 01:00 is closed.
    assertThat(SCHEDULE.at(at(2026, 12, 12, 1, 0))).isEqualTo(new Schedule.Open(NIGHTS, at(2026, 12, 12, 2, 0)));
    assertThat(SCHEDULE.at(at(2026, 12, 13, 1, 0))).isEqualTo(new Schedule.Open(NIGHTS, at(2026, 12, 13, 2, 0)));
    assertThat(SCHEDULE.at(at(2026, 12, 14, 1, 0))).isEqualTo(new Schedule.Open(null, at(2026, 12, 15, 10, 0)));
  }

  @Test
  void aWindowOnOneDayOfTheWeekIsAWeekAway() {
    Playlist.Window mondays = new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(10, 0), Playlist.MAIN,
        EnumSet.of(MONDAY));
    // Monday 2026-12-07 at 10:00, as it closes: next Monday.
    assertThat(new Schedule(List.of(mondays), BERLIN).at(at(2026, 12, 7, 10, 0)))
        .isEqualTo(new Schedule.Open(null, at(2026, 12, 14, 9, 0)));
  }

  /** 00:00–24:00 is the whole day; on Saturday only, it is open from Saturday's midnight to Sunday's. */
  @Test
  void aWholeDayIsMidnightToMidnight() {
    Playlist.Window saturday = new Playlist.Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "late",
        EnumSet.of(SATURDAY));
    Schedule weekend = new Schedule(List.of(saturday), BERLIN);
    assertThat(weekend.at(at(2026, 12, 12, 0, 0))).isEqualTo(new Schedule.Open(saturday, at(2026, 12, 13, 0, 0)));
    assertThat(weekend.at(at(2026, 12, 12, 23, 59))).isEqualTo(new Schedule.Open(saturday, at(2026, 12, 13, 0, 0)));
    assertThat(weekend.at(at(2026, 12, 13, 0, 0))).isEqualTo(new Schedule.Open(null, at(2026, 12, 19, 0, 0)));
  }

  /**
   * Windows of one list that follow one another without a gap play as one: what is open lasts until the last of them
   * ends, so the player does not start the list again between them; one of another list still ends what plays.
   */
  @Test
  void windowsOfOneListWithoutAGapBetweenThemLastUntilTheLastEnds() {
    // Saturday 10–22 and Saturday night 22–02 are both the late list: from Saturday 19:00, until Sunday 02:00.
    assertThat(SCHEDULE.at(at(2026, 12, 12, 19, 0)))
        .isEqualTo(new Schedule.Open(SATURDAY_LATE, at(2026, 12, 13, 2, 0)));
    // Friday night's 22–02 (late) is followed by a gap before Saturday's 10–22 (late): it ends at 02:00.
    assertThat(SCHEDULE.at(at(2026, 12, 12, 1, 0))).isEqualTo(new Schedule.Open(NIGHTS, at(2026, 12, 12, 2, 0)));
    Playlist.Window wholeDays = new Playlist.Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, Playlist.MAIN,
        EnumSet.of(TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY));
    Playlist.Window mondays = new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), "late", EnumSet.of(MONDAY));
    Schedule closedMondays = new Schedule(List.of(wholeDays, mondays), BERLIN);
    // Tuesday 2026-12-08: until Monday's 00:00, not Wednesday's.
    assertThat(closedMondays.at(at(2026, 12, 8, 12, 0)))
        .isEqualTo(new Schedule.Open(wholeDays, at(2026, 12, 14, 0, 0)));
    // A whole day every day (from = to at any hour) never ends.
    Playlist.Window always = new Playlist.Window(LocalTime.of(18, 11), LocalTime.of(18, 11), Playlist.MAIN);
    assertThat(new Schedule(List.of(always), BERLIN).at(at(2026, 12, 8, 18, 11)))
        .isEqualTo(new Schedule.Open(always, Instant.MAX));
  }

  private static Instant at(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(BERLIN).toInstant();
  }
}
