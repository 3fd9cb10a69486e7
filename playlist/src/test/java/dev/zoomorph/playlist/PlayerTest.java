package dev.zoomorph.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.show.ShowPlaylist;
import dev.zoomorph.playlist.Player.Outcome;
import dev.zoomorph.playlist.Player.Step;
import dev.zoomorph.testing.LogLines;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The player on virtual time: entries for their seconds, skips, fallback, commands, shuffle, schedules and DST. */
class PlayerTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Duration VERIFY = Duration.ofSeconds(30);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  /** What the show was switched to, with the wall-clock instant. */
  private final List<String> switches = new CopyOnWriteArrayList<>();
  private final List<Instant> switchedAt = new CopyOnWriteArrayList<>();
  private final Set<String> broken = new HashSet<>();
  private final List<@Nullable Double> crossfades = new CopyOnWriteArrayList<>();

  private Player player(Playlist playlist, Instant origin) {
    SchedulerClock clock = new SchedulerClock(time, origin, BERLIN);
    return new Player(playlist, clock, time, 42);
  }

  /** A switcher that refuses the presets in {@link #broken}, as the show's bus refuses a preset that does not load. */
  private Player.Switcher switcher(SchedulerClock clock) {
    return (preset, crossfade) -> {
      if (broken.contains(preset)) {
        throw new IllegalArgumentException("/zoomorph/preset: " + preset + " is garbage");
      }
      switches.add(preset);
      switchedAt.add(clock.instant());
      crossfades.add(crossfade);
    };
  }

  private static Playlist.Entry entry(String preset, double seconds) {
    return new Playlist.Entry(preset, seconds, null);
  }

  private static Step playing(int entry, String preset) {
    return new Step(Playlist.MAIN, entry, preset, Outcome.PLAYING, null);
  }

  @Test
  void theMinimalFormSwitchesEveryEntrysSecondsAndLoops() {
    Player player = player(Playlist.of(List.of(entry("default", 60), entry("drift", 60))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "default"))
        .then(() -> assertThat(player.position().secondsLeft()).isEqualTo(60))
        .thenAwait(Duration.ofSeconds(59))
        .then(() -> assertThat(player.position().secondsLeft()).isEqualTo(1))
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(playing(1, "drift"))
        .thenAwait(Duration.ofSeconds(60))
        .expectNext(playing(0, "default"))
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).containsExactly("default", "drift", "default");
  }

  @Test
  void anEntryThatDoesNotLoadIsSkippedAtOnceAndCounted() {
    broken.add("broken.json");
    Player player = player(Playlist.of(List.of(entry("default", 30), entry("broken.json", 30), entry("drift", 30))),
        Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "default"))
        .thenAwait(Duration.ofSeconds(30))
        .expectNext(new Step(Playlist.MAIN, 1, "broken.json", Outcome.SKIPPED,
            "/zoomorph/preset: broken.json is garbage"))
        .expectNext(playing(2, "drift"))
        .then(() -> {
          assertThat(player.position().skipped()).isEqualTo(1);
          assertThat(player.position().secondsLeft()).as("drift plays its full 30 s").isEqualTo(30);
        })
        .thenCancel()
        .verify(VERIFY);
    // The show was never asked for anything in between: it played default until drift came.
    assertThat(switches).containsExactly("default", "drift");
  }

  /**
   * A preset file missing while the list plays on is said once, not at each pass (a 10-minute list logged it 144
   * times a day); said again when it fails for another reason, or goes missing again after it played.
   */
  @Test
  void anEntryFailingAtEachPassIsLoggedOnceUntilItPlaysOrFailsOtherwise() {
    Map<String, String> failing = new ConcurrentHashMap<>(Map.of("missing.json",
        "preset file missing.json does not exist"));
    Player.Switcher switcher = (preset, crossfade) -> {
      String reason = failing.get(preset);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
      switches.add(preset);
    };
    Player player = player(Playlist.of(List.of(entry("a", 10), entry("b", 10), entry("missing.json", 10),
        entry("d", 10))), Instant.EPOCH);
    try (LogLines log = new LogLines(Player.class)) {
      Disposable playing = player.play(switcher).subscribe();
      time.advanceTimeBy(Duration.ofMinutes(5)); // ten passes of 30 s, missing.json tried at 20 s into each
      failing.put("missing.json", "missing.json: not valid JSON"); // half copied
      time.advanceTimeBy(Duration.ofSeconds(30));
      failing.remove("missing.json"); // copied
      time.advanceTimeBy(Duration.ofSeconds(30)); // it plays from 350 s
      failing.put("missing.json", "preset file missing.json does not exist"); // deleted again
      time.advanceTimeBy(Duration.ofSeconds(60)); // tried at 380 s and 410 s
      playing.dispose();
      assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).containsExactly(
          "ERROR playlist: skipped an entry of list 'main': preset file missing.json does not exist",
          "ERROR playlist: skipped an entry of list 'main': missing.json: not valid JSON",
          "ERROR playlist: skipped an entry of list 'main': preset file missing.json does not exist");
      assertThat(log.lines()).contains("INFO playlist: list 'main' entry 2 of 4: missing.json (entry ended)");
    }
    assertThat(switches).containsOnlyOnce("missing.json");
    assertThat(player.position().skipped()).isEqualTo(13);
  }

  @Test
  void whenEveryEntryFailsTheBuiltInPresetPlaysAndTheListIsTriedAgain() {
    broken.addAll(List.of("a.json", "b.json"));
    Player player = player(Playlist.of(List.of(entry("a.json", 30), entry("b.json", 30))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED && step.preset().equals("a.json"))
        .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED && step.preset().equals("b.json"))
        .expectNext(new Step(Playlist.MAIN, 0, Player.FALLBACK, Outcome.FALLBACK, null))
        .then(() -> assertThat(player.position().fallback()).startsWith("no entry of list 'main' loaded (the last: "
            + "/zoomorph/preset: b.json is garbage); playing the built-in 'default'"))
        .then(() -> assertThat(player.position().preset()).as("what plays").isEqualTo(Player.FALLBACK))
        .then(() -> broken.remove("b.json")) // fixed on disk
        .thenAwait(Player.RETRY)
        .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED && step.preset().equals("a.json"))
        .expectNext(playing(1, "b.json"))
        .then(() -> assertThat(player.position().fallback()).isNull())
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).containsExactly(Player.FALLBACK, "b.json");
    assertThat(player.position().skipped()).isEqualTo(3);
  }

  @Test
  void nextPauseAndJumpAreObeyedAndPauseKeepsTheTimeLeft() {
    Player player = player(Playlist.of(List.of(entry("a", 60), entry("b", 60), entry("c", 60))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "a"))
        .thenAwait(Duration.ofSeconds(10))
        .then(player::next)
        .expectNext(playing(1, "b"))
        .thenAwait(Duration.ofSeconds(15))
        .then(() -> player.pause(true))
        .thenAwait(Duration.ofHours(3))
        .then(() -> {
          assertThat(player.position().paused()).isTrue();
          assertThat(player.position().secondsLeft()).isEqualTo(45);
        })
        .then(() -> player.pause(false))
        .expectNoEvent(Duration.ofSeconds(44))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(playing(2, "c"))
        .then(() -> player.jumpTo(0))
        .expectNext(playing(0, "a"))
        .then(player::previous)
        .expectNext(playing(2, "c"))
        .thenCancel()
        .verify(VERIFY);
  }

  @Test
  void anEntrysCrossfadeGoesWithItsSwitch() {
    Player player = player(Playlist.of(List.of(entry("a", 10), new Playlist.Entry("b", 10, 7.5))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNextCount(1).thenAwait(Duration.ofSeconds(10)).expectNextCount(1).thenCancel().verify(VERIFY);
    assertThat(crossfades).containsExactly(null, 7.5);
  }

  /** Entries a and b, 10 s each, played once: the list ends on b. */
  private static Playlist aThenBOnce() {
    return new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("a", 10), entry("b", 10)), false,
        false)), List.of(), Playlist.BLACK);
  }

  @Test
  void aListThatDoesNotLoopStaysOnItsLastEntry() {
    Playlist playlist = aThenBOnce();
    Player player = player(playlist, Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "a"))
        .thenAwait(Duration.ofSeconds(10))
        .expectNext(playing(1, "b"))
        .expectNoEvent(Duration.ofHours(1))
        .then(() -> assertThat(player.position().secondsLeft()).as("no switch due").isEqualTo(-1))
        .thenCancel()
        .verify(VERIFY);
  }

  /** A list that ended goes on at once when a reload gives it entries after the one staying, for that reason. */
  @Test
  void aReloadMovesOnAListThatEndedSayingSo() {
    Playlist playlist = aThenBOnce();
    Player player = player(playlist, Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .thenAwait(Duration.ofSeconds(10))
          .expectNext(playing(1, "b"))
          .thenAwait(Duration.ofMinutes(5))
          .then(() -> player.reload(new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("b", 10),
              entry("c", 10)), false, false)), List.of(), Playlist.BLACK), "gallery.json"))
          .expectNext(playing(1, "c"))
          .thenCancel()
          .verify(VERIFY);
      assertThat(log.lines()).last().isEqualTo("INFO playlist: list 'main' entry 1 of 2: c (playlist reloaded)");
    }
  }

  @Test
  void shuffledPassesPlayEveryEntryOnceAndNeverOneTwiceInARow() {
    List<Playlist.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(entry("p" + i, 1));
    }
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(entries, true, true)), List.of(),
        Playlist.BLACK);
    Player player = player(playlist, Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNextCount(1)
        .thenAwait(Duration.ofSeconds(49))
        .expectNextCount(49)
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).hasSize(50);
    for (int pass = 0; pass < 10; pass++) {
      assertThat(new HashSet<>(switches.subList(pass * 5, pass * 5 + 5))).hasSize(5);
    }
    for (int i = 1; i < switches.size(); i++) {
      assertThat(switches.get(i)).isNotEqualTo(switches.get(i - 1));
    }
    assertThat(switches.subList(0, 5)).isNotEqualTo(List.of("p0", "p1", "p2", "p3", "p4"));
  }

  @Test
  void aDayWindowOpensAt9OnTheLocalClockAcrossTheSpringAndAutumnChanges() {
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("day", 86_400)),
        false, true)), List.of(new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), Playlist.MAIN)), "dim");
    // Saturday 28 March 2026, 08:00 in Berlin (CET); the clocks go forward that night.
    assertDayWindow(playlist, LocalDateTime.of(2026, 3, 28, 8, 0), Duration.ofHours(14));
    // Saturday 24 October 2026, 08:00 in Berlin (CEST); the clocks go back that night.
    switches.clear();
    switchedAt.clear();
    assertDayWindow(playlist, LocalDateTime.of(2026, 10, 24, 8, 0), Duration.ofHours(16));
  }

  private void assertDayWindow(Playlist playlist, LocalDateTime start, Duration night) {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Instant origin = start.atZone(BERLIN).toInstant();
    SchedulerClock clock = new SchedulerClock(scheduler, origin, BERLIN);
    Player player = new Player(playlist, clock, scheduler, 1);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> scheduler, Long.MAX_VALUE)
        .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
        .then(() -> assertThat(player.position().secondsLeft()).isEqualTo(3600))
        .thenAwait(Duration.ofHours(1))
        .expectNext(playing(0, "day"))
        .thenAwait(Duration.ofHours(9))
        .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
        .then(() -> assertThat(player.position().secondsLeft()).isEqualTo(night.toSeconds()))
        .expectNoEvent(night.minusSeconds(1))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(playing(0, "day"))
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).containsExactly("dim", "day", "dim", "day");
    List<LocalTime> local = switchedAt.stream().map(i -> i.atZone(BERLIN).toLocalTime()).toList();
    assertThat(local).containsExactly(LocalTime.of(8, 0), LocalTime.of(9, 0), LocalTime.of(18, 0), LocalTime.of(9, 0));
  }

  @Test
  void aWindowStartingInTheSkippedHourOpensAnHourLaterAndOneInTheRepeatedHourOpensOnce() {
    Playlist spring = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("night", 86_400)),
        false, true)), List.of(new Playlist.Window(LocalTime.of(2, 30), LocalTime.of(4, 0), Playlist.MAIN)),
        Playlist.BLACK);
    List<Instant> opened = windowOpenings(spring, LocalDateTime.of(2026, 3, 29, 0, 0), Duration.ofHours(5));
    // 02:30 does not exist on 29 March 2026 in Berlin: the window opens at 03:30 CEST = 01:30 UTC.
    assertThat(opened).containsExactly(LocalDateTime.of(2026, 3, 29, 1, 30).toInstant(ZoneOffset.UTC));

    Playlist autumn = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("night", 86_400)),
        false, true)), List.of(new Playlist.Window(LocalTime.of(2, 30), LocalTime.of(2, 45), Playlist.MAIN)),
        Playlist.BLACK);
    opened = windowOpenings(autumn, LocalDateTime.of(2026, 10, 25, 0, 0), Duration.ofHours(6));
    // 02:30 happens twice on 25 October 2026: the window opens the first time only, 02:30 CEST = 00:30 UTC.
    assertThat(opened).containsExactly(LocalDateTime.of(2026, 10, 25, 0, 30).toInstant(ZoneOffset.UTC));
  }

  /** When the window's list started playing within {@code span} of {@code start} (Berlin). */
  private List<Instant> windowOpenings(Playlist playlist, LocalDateTime start, Duration span) {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    SchedulerClock clock = new SchedulerClock(scheduler, start.atZone(BERLIN).toInstant(), BERLIN);
    Player player = new Player(playlist, clock, scheduler, 1);
    List<Instant> opened = new ArrayList<>();
    Disposable playing = player.play(switcher(clock)).subscribe(step -> {
      if (step.outcome() == Outcome.PLAYING) {
        opened.add(clock.instant());
      }
    });
    scheduler.advanceTimeBy(span);
    playing.dispose();
    return opened;
  }

  @Test
  void aWallClockSetBackIsFollowedWithinAMinute() {
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("day", 86_400)),
        false, true)), List.of(new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), Playlist.MAIN)), "dim");
    SchedulerClock ticking = new SchedulerClock(time, LocalDateTime.of(2026, 6, 1, 10, 0).atZone(BERLIN).toInstant(),
        BERLIN);
    AtomicReference<Duration> setBack = new AtomicReference<>(Duration.ZERO);
    // The machine's clock, which someone (or NTP, after a dead battery) sets three hours back at 10:00.
    Clock wall = new Clock() {
      @Override
      public ZoneId getZone() {
        return BERLIN;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        return ticking.instant().minus(setBack.get());
      }
    };
    Player player = new Player(playlist, wall, time, 1);
    StepVerifier.withVirtualTime(() -> player.play(switcher(ticking)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "day"))
        .then(() -> setBack.set(Duration.ofHours(3)))
        .thenAwait(Player.RECHECK)
        .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
        .then(() -> assertThat(player.position().secondsLeft()).as("until 09:00 on the clock now")
            .isEqualTo(Duration.ofHours(2).minus(Player.RECHECK).toSeconds()))
        .thenCancel()
        .verify(VERIFY);
  }

  /**
   * A whole-day window (from = to) every day is open all the time: at its daily boundary the list plays on. The
   * entry ending then is followed by the next, as at any other moment (it was once followed at once by the list
   * starting again, two switches in a second, the rest of the pass skipped).
   */
  @Test
  void aWholeDayWindowPlaysOnAtItsDailyBoundary() {
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("a", 600),
        entry("b", 600), entry("c", 1200)), false, true)), List.of(new Playlist.Window(LocalTime.of(18, 11),
        LocalTime.of(18, 11), Playlist.MAIN)), "dim");
    Instant evening = LocalDateTime.of(2026, 6, 1, 17, 51).atZone(BERLIN).toInstant();
    Player player = player(playlist, evening);
    SchedulerClock clock = new SchedulerClock(time, evening, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .thenAwait(Duration.ofMinutes(10))
          .expectNext(playing(1, "b"))
          .thenAwait(Duration.ofMinutes(10)) // 18:11: b ends as the window's day does
          .expectNext(playing(2, "c"))
          .expectNoEvent(Duration.ofMinutes(20).minusSeconds(1))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(0, "a"))
          .thenCancel()
          .verify(VERIFY);
      assertThat(log.lines()).containsExactly(
          "INFO playlist: list 'main' entry 0 of 3: a (start)",
          "INFO playlist: list 'main' entry 1 of 3: b (entry ended)",
          "INFO playlist: list 'main' entry 2 of 3: c (entry ended)",
          "INFO playlist: list 'main' entry 0 of 3: a (entry ended)");
    }
  }

  /**
   * 00:00–24:00 on Tuesday to Sunday is one stretch: at each midnight the entry playing plays on, and the position
   * counts to the entry's end, not to midnight; Sunday's end (Monday 00:00) is the boundary that switches.
   */
  @Test
  void wholeDaysInARowPlayOnAtMidnightUntilTheLastOneEnds() {
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("a", 900),
        entry("b", 6 * 86_400)), false, true)), List.of(new Playlist.Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT,
        Playlist.MAIN, EnumSet.range(DayOfWeek.TUESDAY, DayOfWeek.SUNDAY))), "dim");
    Instant tuesday = LocalDateTime.of(2026, 6, 2, 23, 50).atZone(BERLIN).toInstant();
    Player player = player(playlist, tuesday);
    SchedulerClock clock = new SchedulerClock(time, tuesday, BERLIN);
    Duration toMonday = Duration.ofDays(5).minusMinutes(5); // from Wednesday 00:05
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .then(() -> assertThat(player.position().secondsLeft()).as("a's time, past midnight").isEqualTo(900))
          .expectNoEvent(Duration.ofMinutes(15).minusSeconds(1))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(1, "b"))
          .then(() -> assertThat(player.position().secondsLeft()).as("to Monday 00:00")
              .isEqualTo(toMonday.toSeconds()))
          .expectNoEvent(toMonday.minusSeconds(1))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
          .then(() -> assertThat(player.position().secondsLeft()).as("to Tuesday 00:00").isEqualTo(86_400))
          .thenCancel()
          .verify(VERIFY);
      assertThat(log.lines()).containsExactly(
          "INFO playlist: list 'main' entry 0 of 2: a (start)",
          "INFO playlist: list 'main' entry 1 of 2: b (entry ended)",
          "INFO playlist: between the schedule's windows: dim (window 00:00–24:00 on Tue, Wed, Thu, Fri, Sat, Sun"
              + " closed)");
    }
  }

  /** Two windows of one list, the second opening as the first closes, play as one: the list plays on at 22:00. */
  @Test
  void aWindowOfTheSameListOpeningAsOneClosesIsNotEntered() {
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("a", 3600),
        entry("b", 3600)), false, true)), List.of(new Playlist.Window(LocalTime.of(10, 0), LocalTime.of(22, 0),
        Playlist.MAIN), new Playlist.Window(LocalTime.of(22, 0), LocalTime.of(2, 0), Playlist.MAIN)), "dim");
    Instant late = LocalDateTime.of(2026, 6, 1, 21, 30).atZone(BERLIN).toInstant();
    Player player = player(playlist, late);
    SchedulerClock clock = new SchedulerClock(time, late, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .expectNoEvent(Duration.ofMinutes(60).minusSeconds(1)) // across 22:00
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(1, "b"))
          .thenAwait(Duration.ofHours(1))
          .expectNext(playing(0, "a"))
          .thenAwait(Duration.ofHours(1))
          .expectNext(playing(1, "b"))
          .thenAwait(Duration.ofHours(1))
          .expectNext(playing(0, "a")) // 01:30
          .thenAwait(Duration.ofMinutes(30))
          .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
          .thenCancel()
          .verify(VERIFY);
      assertThat(log.lines()).filteredOn(line -> line.contains("window")).containsExactly(
          "INFO playlist: between the schedule's windows: dim (window 22:00–02:00 closed)");
    }
  }

  @Test
  void openingLoadsTheFirstEntryThatLoadsAndPlayDoesNotSwitchAgain() {
    broken.add("nowhere.json");
    Player player = player(Playlist.of(List.of(entry("nowhere.json", 30), entry("drift", 30))), Instant.EPOCH);
    assertThat(player.opening(Presets::load).name()).isEqualTo("drift");
    assertThat(player.position().skipped()).isEqualTo(1);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(1, "drift"))
        .thenAwait(Duration.ofSeconds(30))
        .expectNextMatches(step -> step.preset().equals("nowhere.json") && step.outcome() == Outcome.SKIPPED)
        .expectNext(playing(1, "drift"))
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).as("drift was loaded by opening, then once again after a full pass").containsExactly("drift");
  }

  /** A day window 09:00–18:00 playing "day", and {@code outside} between windows. */
  private static Playlist dayWindow(String outside) {
    return new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("day", 86_400)), false, true)),
        List.of(new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), Playlist.MAIN)), outside);
  }

  /** Paused, the entry's time stands still, but the window still closes: what is left is the time to that. */
  @Test
  void pausedTheTimeLeftIsToTheWindowsEndWhenThatComesFirst() {
    Instant late = LocalDateTime.of(2026, 6, 1, 17, 59).atZone(BERLIN).toInstant();
    Player player = player(dayWindow("dim"), late);
    SchedulerClock clock = new SchedulerClock(time, late, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "day"))
        .then(() -> assertThat(player.position().secondsLeft()).isEqualTo(60))
        .then(() -> player.pause(true))
        .thenAwait(Duration.ofSeconds(20))
        .then(() -> assertThat(player.position().secondsLeft()).as("to 18:00, not the entry's day").isEqualTo(40))
        .thenAwait(Duration.ofSeconds(40))
        .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
        .thenCancel()
        .verify(VERIFY);
  }

  @Test
  void aBrokenOutsidePresetLeavesBlackSaysWhyAndIsTriedAgainEveryMinute() {
    broken.add("gone.json");
    Instant evening = LocalDateTime.of(2026, 6, 1, 17, 0).atZone(BERLIN).toInstant();
    Player player = player(dayWindow("gone.json"), evening);
    SchedulerClock clock = new SchedulerClock(time, evening, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "day"))
          .thenAwait(Duration.ofHours(1))
          .expectNext(new Step(Playlist.OUTSIDE, -1, "gone.json", Outcome.SKIPPED,
              "/zoomorph/preset: gone.json is garbage"))
          .expectNext(new Step(Playlist.OUTSIDE, -1, Playlist.BLACK, Outcome.FALLBACK, null))
          .then(() -> {
            assertThat(player.position().preset()).as("what plays").isEqualTo(Playlist.BLACK);
            assertThat(player.position().fallback()).isEqualTo("the outside preset gone.json did not load"
                + " (/zoomorph/preset: gone.json is garbage); playing the built-in 'black' and trying again every 60 s");
            assertThat(player.position().secondsLeft()).as("the retry is the next switch").isEqualTo(60);
          })
          .thenAwait(Player.RETRY) // still broken: tried, skipped, black plays on without a switch
          .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED && step.preset().equals("gone.json"))
          .then(() -> broken.remove("gone.json")) // a preset copied to gone.json
          .thenAwait(Player.RETRY)
          .expectNext(new Step(Playlist.OUTSIDE, -1, "gone.json", Outcome.OUTSIDE, null))
          .then(() -> {
            assertThat(player.position().preset()).isEqualTo("gone.json");
            assertThat(player.position().fallback()).isNull();
            assertThat(player.position().secondsLeft()).as("until 09:00")
                .isEqualTo(Duration.ofHours(15).minus(Player.RETRY.multipliedBy(2)).toSeconds());
          })
          .expectNoEvent(Duration.ofHours(1))
          .thenCancel()
          .verify(VERIFY);
      assertThat(switches).containsExactly("day", Playlist.BLACK, "gone.json");
      assertThat(player.position().skipped()).isEqualTo(2);
      assertThat(log.lines()).as("a retry's same failure is not logged again: a night would log hundreds")
          .filteredOn(line -> line.startsWith("ERROR")).containsExactly(
              "ERROR playlist: skipped an entry of list 'outside': /zoomorph/preset: gone.json is garbage");
    }
  }

  @Test
  void openingBetweenWindowsWithABrokenOutsidePresetOpensOnBlackAndTriesAgain() {
    Instant night = LocalDateTime.of(2026, 6, 1, 23, 0).atZone(BERLIN).toInstant();
    Player player = player(dayWindow("/nowhere/gone.json"), night);
    assertThat(player.opening(Presets::load).name()).isEqualTo(Playlist.BLACK);
    assertThat(player.position().preset()).isEqualTo(Playlist.BLACK);
    assertThat(player.position().fallback()).startsWith("the outside preset /nowhere/gone.json did not load (preset"
        + " file /nowhere/gone.json does not exist); playing the built-in 'black' and trying again every 60 s");
    broken.add("/nowhere/gone.json");
    SchedulerClock clock = new SchedulerClock(time, night, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(new Step(Playlist.OUTSIDE, -1, Playlist.BLACK, Outcome.FALLBACK, null))
        .thenAwait(Player.RETRY)
        .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED && step.preset().equals("/nowhere/gone.json"))
        .then(() -> broken.remove("/nowhere/gone.json"))
        .thenAwait(Player.RETRY)
        .expectNext(new Step(Playlist.OUTSIDE, -1, "/nowhere/gone.json", Outcome.OUTSIDE, null))
        .thenCancel()
        .verify(VERIFY);
    assertThat(switches).as("black was loaded by opening").containsExactly("/nowhere/gone.json");
  }

  @Test
  void aJumpPastEitherEndOfTheListPlaysTheEntryAtThatEnd() {
    Player player = player(Playlist.of(List.of(entry("a", 60), entry("b", 60), entry("c", 60), entry("d", 60))),
        Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "a"))
        .then(() -> player.jumpTo(99))
        .expectNext(playing(3, "d"))
        .then(() -> player.jumpTo(-1))
        .expectNext(playing(0, "a"))
        .thenCancel()
        .verify(VERIFY);
  }

  @Test
  void eachSwitchIsLoggedInOneLineSayingWhyAndAFallbackWarns() {
    broken.add("c.json");
    Playlist playlist = new Playlist(Map.of(Playlist.MAIN, new Playlist.Sequence(List.of(entry("a", 600),
        entry("b", 600)), false, true), "late", new Playlist.Sequence(List.of(entry("c.json", 600)), false, true)),
        List.of(new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), Playlist.MAIN),
            new Playlist.Window(LocalTime.of(18, 0), LocalTime.of(18, 1), "late")), "dim");
    Instant afternoon = LocalDateTime.of(2026, 6, 1, 17, 30).atZone(BERLIN).toInstant();
    Player player = player(playlist, afternoon);
    SchedulerClock clock = new SchedulerClock(time, afternoon, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNextCount(1)
          .then(player::next)
          .expectNextCount(1)
          .thenAwait(Duration.ofMinutes(10))
          .expectNextCount(1)
          .then(() -> player.jumpTo(1))
          .expectNextCount(1)
          .thenAwait(Duration.ofMinutes(20)) // a at 17:50; at 18:00 the late list's only entry is broken
          .expectNextCount(3)
          .thenAwait(Duration.ofMinutes(1)) // 18:01
          .expectNextCount(1)
          .thenCancel()
          .verify(VERIFY);
      assertThat(log.lines()).containsExactly(
          "INFO playlist: list 'main' entry 0 of 2: a (start)",
          "INFO playlist: list 'main' entry 1 of 2: b (control: next)",
          "INFO playlist: list 'main' entry 0 of 2: a (entry ended)",
          "INFO playlist: list 'main' entry 1 of 2: b (control: entry 1)",
          "INFO playlist: list 'main' entry 0 of 2: a (entry ended)",
          "ERROR playlist: skipped an entry of list 'late': /zoomorph/preset: c.json is garbage",
          "WARN playlist: no entry of list 'late' loaded (the last: /zoomorph/preset: c.json is garbage); playing the"
              + " built-in 'default' and trying again every 60 s (window 18:00–18:01 opened)",
          "INFO playlist: between the schedule's windows: dim (window 18:00–18:01 closed)");
    }
  }

  @Test
  void aReloadKeepsTheEntryPlayingForItsTimeThenTheNewListGoesOn() {
    Player player = player(Playlist.of(List.of(entry("a", 60), entry("b", 60))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .thenAwait(Duration.ofSeconds(10))
          // The new list has a: it plays on as the new list's entry, and the list goes on after it.
          .then(() -> player.reload(Playlist.of(List.of(entry("c", 30), entry("a", 60), entry("d", 30))),
              "gallery.json"))
          .then(() -> {
            ShowPlaylist.Position position = player.position();
            assertThat(position.entry()).isEqualTo(1);
            assertThat(position.entries()).isEqualTo(3);
            assertThat(position.preset()).isEqualTo("a");
            assertThat(position.secondsLeft()).isEqualTo(50);
          })
          .expectNoEvent(Duration.ofSeconds(49))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(2, "d"))
          .thenAwait(Duration.ofSeconds(30))
          .expectNext(playing(0, "c"))
          .thenAwait(Duration.ofSeconds(5))
          // The new list has no c: c plays out its time, then the new list from its first entry.
          .then(() -> player.reload(Playlist.of(List.of(entry("e", 20), entry("f", 20))), "gallery.json"))
          .then(() -> {
            ShowPlaylist.Position position = player.position();
            assertThat(position.entry()).isZero();
            assertThat(position.entries()).isEqualTo(2);
            assertThat(position.preset()).isEqualTo("c");
            assertThat(position.secondsLeft()).isEqualTo(25);
          })
          .expectNoEvent(Duration.ofSeconds(24))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(0, "e"))
          .thenAwait(Duration.ofSeconds(20))
          .expectNext(playing(1, "f"))
          .thenCancel()
          .verify(VERIFY);
      assertThat(switches).as("nothing switched at a reload").containsExactly("a", "d", "c", "e", "f");
      assertThat(log.lines()).filteredOn(line -> line.contains("reloaded")).containsExactly(
          "INFO playlist gallery.json reloaded: 1 list(s), 0 window(s); 'a' plays out its time as entry 1 of 3 of"
              + " list 'main'",
          "INFO playlist gallery.json reloaded: 1 list(s), 0 window(s); 'c' plays out its time, then list 'main'"
              + " starts from its first entry");
    }
  }

  @Test
  void aReloadWhoseSchedulePutsNowInAnotherWindowSwitchesAtOnce() {
    Instant morning = LocalDateTime.of(2026, 6, 1, 10, 0).atZone(BERLIN).toInstant();
    Player player = player(Playlist.of(List.of(entry("a", 600), entry("b", 600))), morning);
    SchedulerClock clock = new SchedulerClock(time, morning, BERLIN);
    Playlist.Sequence morningList = new Playlist.Sequence(List.of(entry("m", 600)), false, true);
    Playlist.Sequence mainList = new Playlist.Sequence(List.of(entry("a", 600)), false, true);
    Playlist.Window evening = new Playlist.Window(LocalTime.of(18, 0), LocalTime.of(23, 0), Playlist.MAIN);
    try (LogLines log = new LogLines(Player.class)) {
      StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
          .expectNext(playing(0, "a"))
          .thenAwait(Duration.ofMinutes(1))
          .then(() -> player.reload(new Playlist(Map.of(Playlist.MAIN, mainList, "morning", morningList),
              List.of(evening, new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(12, 0), "morning")), "dim"),
              "gallery.json"))
          .expectNext(new Step("morning", 0, "m", Outcome.PLAYING, null))
          .then(() -> assertThat(player.position().entries()).isEqualTo(1))
          .thenAwait(Duration.ofMinutes(1))
          // 10:02 is between the new schedule's windows: its outside preset, at once.
          .then(() -> player.reload(new Playlist(Map.of(Playlist.MAIN, mainList), List.of(evening), "dim"),
              "gallery.json"))
          .expectNext(new Step(Playlist.OUTSIDE, -1, "dim", Outcome.OUTSIDE, null))
          .then(() -> assertThat(player.position().secondsLeft()).as("until 18:00")
              .isEqualTo(Duration.ofHours(8).minusMinutes(2).toSeconds()))
          // Still between windows, with the same outside preset: it plays on, until the new window opens.
          .then(() -> player.reload(new Playlist(Map.of(Playlist.MAIN, mainList),
              List.of(new Playlist.Window(LocalTime.of(17, 0), LocalTime.of(23, 0), Playlist.MAIN)), "dim"),
              "gallery.json"))
          .then(() -> assertThat(player.position().secondsLeft()).as("until 17:00")
              .isEqualTo(Duration.ofHours(7).minusMinutes(2).toSeconds()))
          .expectNoEvent(Duration.ofHours(7).minusMinutes(2).minusSeconds(1))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext(playing(0, "a"))
          .thenCancel()
          .verify(VERIFY);
      assertThat(switches).containsExactly("a", "m", "dim", "a");
      assertThat(log.lines()).filteredOn(line -> line.contains("reload")).containsExactly(
          "INFO playlist gallery.json reloaded: 2 list(s), 2 window(s); switching at once to list 'morning'",
          "INFO playlist: list 'morning' entry 0 of 1: m (playlist reloaded)",
          "INFO playlist gallery.json reloaded: 1 list(s), 1 window(s); switching at once to the outside preset",
          "INFO playlist: between the schedule's windows: dim (playlist reloaded)",
          "INFO playlist gallery.json reloaded: 1 list(s), 1 window(s); the outside preset plays on");
    }
  }

  @Test
  void aReloadWhileTheFallbackPlaysTriesTheNewListAtOnce() {
    broken.add("a.json");
    Player player = player(Playlist.of(List.of(entry("a.json", 30))), Instant.EPOCH);
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNextMatches(step -> step.outcome() == Outcome.SKIPPED)
        .expectNext(new Step(Playlist.MAIN, 0, Player.FALLBACK, Outcome.FALLBACK, null))
        .thenAwait(Duration.ofSeconds(5))
        .then(() -> player.reload(Playlist.of(List.of(entry("b", 30))), "gallery.json"))
        .expectNext(playing(0, "b"))
        .then(() -> assertThat(player.position().fallback()).isNull())
        .thenCancel()
        .verify(VERIFY);
  }

  @Test
  void aReloadBeforeThePlayerPlaysIsNotLost() {
    Player player = player(Playlist.of(List.of(entry("a", 60))), Instant.EPOCH);
    player.reload(Playlist.of(List.of(entry("a", 60), entry("b", 60))), "gallery.json");
    SchedulerClock clock = new SchedulerClock(time, Instant.EPOCH, BERLIN);
    StepVerifier.withVirtualTime(() -> player.play(switcher(clock)), () -> time, Long.MAX_VALUE)
        .expectNext(playing(0, "a"))
        .then(() -> assertThat(player.position().entries()).isEqualTo(2))
        .thenAwait(Duration.ofSeconds(60))
        .expectNext(playing(1, "b"))
        .thenCancel()
        .verify(VERIFY);
  }
}
