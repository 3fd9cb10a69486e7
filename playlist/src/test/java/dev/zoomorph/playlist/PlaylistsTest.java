package dev.zoomorph.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.testing.LogLines;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Playlist files: the minimal form, YAML, schedules, and errors that name the file, the entry and the field. */
class PlaylistsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theMinimalFormPlaysItsEntriesInTurnForever() throws IOException {
    Playlist playlist = Playlists.load(write("min.json",
        "{\"entries\": [{\"preset\": \"default\", \"seconds\": 60}, {\"preset\": \"drift\", \"seconds\": 60}]}"));
    assertThat(playlist.lists()).containsOnlyKeys(Playlist.MAIN);
    assertThat(playlist.lists().get(Playlist.MAIN)).isEqualTo(new Playlist.Sequence(List.of(
        new Playlist.Entry("default", 60, null), new Playlist.Entry("drift", 60, null)), false, true));
    assertThat(playlist.schedule()).isEmpty();
  }

  @Test
  void yamlListsAScheduleAndPresetFilesBesideThePlaylist() throws IOException {
    Playlist playlist = Playlists.load(write("gallery.yaml", """
        entries:
          - {preset: default, seconds: 60, crossfade: 5}
          - {preset: mine.json, seconds: 30}
        shuffle: true
        lists:
          evening:
            entries: [{preset: drift, seconds: 120}]
            loop: false
        schedule:
          - {from: "09:00", to: "18:00"}
          - {from: "18:00", to: "23:30", list: evening}
        outside: dim
        """));
    assertThat(playlist.lists().get(Playlist.MAIN)).isEqualTo(new Playlist.Sequence(List.of(
        new Playlist.Entry("default", 60, 5.0), new Playlist.Entry(dir.resolve("mine.json").toString(), 30, null)),
        true, true));
    assertThat(playlist.lists().get("evening").loop()).isFalse();
    assertThat(playlist.schedule()).containsExactly(
        new Playlist.Window(LocalTime.of(9, 0), LocalTime.of(18, 0), Playlist.MAIN),
        new Playlist.Window(LocalTime.of(18, 0), LocalTime.of(23, 30), "evening"));
    assertThat(playlist.outside()).isEqualTo("dim");
  }

  @Test
  @Timeout(30) // a FIFO opened for reading waits for a writer: the refusal must come before any open
  void onlyARegularFileOfAtMostOneMibIsReadAsAPlaylist() throws Exception {
    Path fifo = dir.resolve("fifo.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
    Path zero = dir.resolve("zero.json");
    Files.createSymbolicLink(zero, Path.of("/dev/zero"));
    Path huge = dir.resolve("huge.json");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(Playlists.MAX_BYTES + 1L);
    }
    Path folder = Files.createDirectory(dir.resolve("folder.json"));
    assertThatThrownBy(() -> Playlists.load(fifo)).isInstanceOf(PlaylistException.class)
        .hasMessage("playlist " + fifo + " is not a regular file (a FIFO or a device?)");
    assertThatThrownBy(() -> Playlists.load(zero))
        .hasMessage("playlist " + zero + " is not a regular file (a FIFO or a device?)");
    assertThatThrownBy(() -> Playlists.load(huge))
        .hasMessage("playlist " + huge + " holds 1048577 bytes; a playlist is at most 1048576 (1 MiB)");
    assertThatThrownBy(() -> Playlists.load(folder)).hasMessage("playlist " + folder + " is a folder, not a file");
    assertThatThrownBy(() -> Playlists.load(dir.resolve("absent.json")))
        .hasMessage("playlist " + dir.resolve("absent.json") + " does not exist");
  }

  @Test
  void withoutOutsideTheScreenIsBlackBetweenWindows() throws IOException {
    Playlist playlist = Playlists.load(write("p.json", """
        {"entries": [{"preset": "default", "seconds": 60}], "schedule": [{"from": "22:00", "to": "24:00"}]}"""));
    assertThat(playlist.outside()).isEqualTo(Playlist.BLACK);
    assertThat(playlist.schedule().get(0).to()).isEqualTo(LocalTime.MIDNIGHT);
  }

  @Test
  void windowsOpenOnTheDaysTheyName() throws IOException {
    Playlist playlist = Playlists.load(write("museum.yaml", """
        entries: [{preset: default, seconds: 60}]
        lists:
          late: {entries: [{preset: drift, seconds: 60}]}
        schedule:
          - {from: "10:00", to: "18:00", days: [tue-fri, Sunday]}
          - {from: "10:00", to: "22:00", days: [SAT], list: late}
          - {from: "22:00", to: "02:00", days: [fri-mon], list: late}
        """));
    assertThat(playlist.schedule()).extracting(Playlist.Window::days).containsExactly(
        EnumSet.of(TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SUNDAY), EnumSet.of(SATURDAY),
        EnumSet.of(FRIDAY, SATURDAY, SUNDAY, MONDAY));
    assertThat(Playlists.load(write("daily.json", """
        {"entries": [{"preset": "default", "seconds": 60}], "schedule": [{"from": "09:00", "to": "18:00"}]}"""))
        .schedule().get(0).days()).isEqualTo(Playlist.Window.EVERY_DAY);
  }

  /** 00:00–24:00 (or 24:00:00) is a whole day, which may share no moment with another window on that day. */
  @Test
  void aWholeDayIsAWindow() throws IOException {
    String entries = "{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [";
    Playlist playlist = Playlists.load(write("sat.json", entries
        + "{\"from\": \"00:00\", \"to\": \"24:00:00\", \"days\": [\"sat\"]}]}"));
    assertThat(playlist.schedule().get(0).to()).isEqualTo(LocalTime.MIDNIGHT);
    assertError(entries + "{\"from\": \"00:00\", \"to\": \"24:00\", \"days\": [\"sat\"]},"
        + " {\"from\": \"23:00\", \"to\": \"01:00\", \"days\": [\"fri\"]}]}",
        ": schedule[1]: 23:00–01:00 on Fri overlaps schedule[0] 00:00–24:00 on Sat");
    assertError("", ": empty; a playlist needs at least one entry");
  }

  /**
   * 24:00 ends a window only: as a start it read as 00:00 of the day named, so Monday's 24:00–02:00 opened as Monday
   * began, a week early for one edited in on a Monday evening, rather than as Monday ended.
   */
  @Test
  void twentyFourHundredEndsAWindowButStartsNone() throws IOException {
    String entries = "{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [";
    assertError(entries + "{\"from\": \"24:00\", \"to\": \"02:00\", \"days\": [\"mon\"]}]}",
        ": schedule[0].from: 24:00 is the end of a day; a window starts at 00:00 … 23:59");
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\"}, {\"from\": \"24:00:00\", \"to\": \"24:00\"}]}",
        ": schedule[1].from: 24:00:00 is the end of a day; a window starts at 00:00 … 23:59");
    Playlist playlist = Playlists.load(write("tue.json", entries
        + "{\"from\": \"00:00\", \"to\": \"02:00\", \"days\": [\"tue\"]}]}"));
    assertThat(playlist.schedule().get(0).from()).isEqualTo(LocalTime.MIDNIGHT);
  }

  @Test
  void daysThatAreNotDaysAndWindowsThatShareADayAreRefusedNamingTheField() throws IOException {
    String entries = "{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [";
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": [\"mon\", \"thurs\"]}]}",
        ": schedule[0].days[1]: 'thurs' is not a day of the week; use mon, tue, wed, thu, fri, sat, sun (or monday …"
            + " sunday), or a range such as mon-fri");
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": [\"mon-fri-sun\"]}]}",
        ": schedule[0].days[0]: 'mon-fri-sun' is not a day or a range of days such as mon-fri");
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": []}]}",
        ": schedule[0].days: a window needs at least one day (leave days out for every day)");
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": \"mon\"}]}",
        ": schedule[0].days: must be a list");
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": [null]}]}",
        ": schedule[0].days[0]: null is not allowed");
    // Different days do not overlap; the same day does, and so does Sunday night running into Monday morning.
    Playlists.load(write("ok.json", entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": [\"mon-fri\"]},"
        + " {\"from\": \"10:00\", \"to\": \"22:00\", \"days\": [\"sat-sun\"]}]}"));
    assertError(entries + "{\"from\": \"09:00\", \"to\": \"18:00\", \"days\": [\"mon-fri\"]},"
        + " {\"from\": \"17:00\", \"to\": \"20:00\", \"days\": [\"fri\", \"sat\"]}]}",
        ": schedule[1]: 17:00–20:00 on Fri, Sat overlaps schedule[0] 09:00–18:00 on Mon, Tue, Wed, Thu, Fri");
    assertError(entries + "{\"from\": \"08:00\", \"to\": \"12:00\", \"days\": [\"mon\"]},"
        + " {\"from\": \"22:00\", \"to\": \"09:00\", \"days\": [\"sun\"]}]}",
        ": schedule[1]: 22:00–09:00 on Sun overlaps schedule[0] 08:00–12:00 on Mon");
  }

  @Test
  void errorsNameTheFileTheEntryAndTheField() throws IOException {
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60}, {\"preset\": \"drift\", \"seconds\": 0}]}",
        ": entries[1].seconds: must be more than 0 (and at most 10000000), was 0.0");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60, \"crossfade\": 90}]}",
        ": entries[0].crossfade: must be 0 … 60 seconds, was 90.0");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60, \"crosfade\": 2}]}",
        ": entries[0]: unknown field 'crosfade'; known: crossfade, preset, seconds");
    assertError("{\"entries\": [{\"seconds\": 60}]}", ": entries[0].preset: must be a string, was missing");
    assertError("{\"entries\": [{\"preset\": null, \"seconds\": 60}]}",
        ": entries[0].preset: must be a string, was null");
    assertError("{\"entries\": [null]}", ": entries[0]: null is not allowed");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": \"long\"}]}",
        ": entries[0].seconds: must be a number, was \"long\"");
    assertError("{\"entries\": {\"preset\": \"default\", \"seconds\": 4}}", ": entries: must be a list, was an object");
    assertError("[1, 2]", ": must be an object, was a list");
    assertError("{\"entries\": []}", ": entries: needs at least one entry");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [{\"from\": \"9am\", \"to\": \"18:00\"}]}",
        ": schedule[0].from: must be a time of day HH:MM (or HH:MM:SS), was '9am'");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [{\"from\": \"09:00\", \"to\": \"18:00\"},"
        + " {\"from\": \"17:00\", \"to\": \"02:00\"}]}", ": schedule[1]: 17:00–02:00 overlaps schedule[0] 09:00–18:00");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"schedule\": [{\"from\": \"09:00\", \"to\": \"18:00\","
        + " \"list\": \"night\"}]}", ": schedule[0].list: no list named 'night'; lists: [main]");
    assertError("{\"lists\": {\"day\": {\"entries\": [{\"preset\": \"default\", \"seconds\": 1}]}}}",
        ": entries: required unless a schedule chooses among lists");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}], \"outside\": \"dim\"}",
        ": outside: only means something with a schedule");
    assertError("{\"entries\": [", ": not valid JSON: ");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 1}],\n \"loop\": true, \"loop\": false}",
        ": not valid JSON: Duplicate field 'loop' at line 2, column");
  }

  @Test
  void aBareNameNoBundledPresetHasIsRefusedAtLoadNamingTheField() throws IOException {
    String bundled = "; bundled: " + String.join(", ", Presets.bundled());
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60}, {\"preset\": \"dim\", \"seconds\": 60},"
        + " {\"preset\": \"drfit\", \"seconds\": 60}]}", ": entries[2].preset: no bundled preset is called 'drfit'"
        + " (a file must be named with its .json/.yaml ending)" + bundled);
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60}], \"lists\": {\"evening\": {\"entries\":"
        + " [{\"preset\": \"pluse\", \"seconds\": 60}]}}}",
        ": lists.evening.entries[0].preset: no bundled preset is called 'pluse'");
    assertError("{\"entries\": [{\"preset\": \"default\", \"seconds\": 60}], \"schedule\": [{\"from\": \"09:00\","
        + " \"to\": \"18:00\"}], \"outside\": \"dimm\"}", ": outside: no bundled preset is called 'dimm'");
    assertError("{\"entries\": [{\"preset\": \" \", \"seconds\": 60}]}",
        ": entries[0].preset: must name a bundled preset or a file");
    assertThat(Presets.bundled()).contains("drift", "dim", "black");
  }

  @Test
  void presetFilesMissingAtLoadAreAllowedAndWarnedAboutNamingTheField() throws IOException {
    write("here.json", "{}");
    Path file = write("gallery.json", """
        {"entries": [{"preset": "here.json", "seconds": 60}, {"preset": "mine.json", "seconds": 60}],
         "lists": {"evening": {"entries": [{"preset": "drift", "seconds": 60}, {"preset": "sub/late.yaml", "seconds": 60}]}},
         "schedule": [{"from": "09:00", "to": "18:00"}, {"from": "18:00", "to": "20:00", "list": "evening"}],
         "outside": "gone.json"}""");
    try (LogLines log = new LogLines(Playlists.class)) {
      Playlist playlist = Playlists.load(file);
      assertThat(playlist.outside()).isEqualTo(dir.resolve("gone.json").toString());
      assertThat(log.lines()).containsExactly(
          "WARN playlist " + file + ": entries[1].preset: preset file " + dir.resolve("mine.json")
              + " does not exist; it is skipped until it does",
          "WARN playlist " + file + ": lists.evening.entries[1].preset: preset file " + dir.resolve("sub/late.yaml")
              + " does not exist; it is skipped until it does",
          "WARN playlist " + file + ": outside: preset file " + dir.resolve("gone.json")
              + " does not exist; it is skipped until it does");
    }
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> Playlists.load(dir.resolve("none.json"))).isInstanceOf(PlaylistException.class)
        .hasMessage("playlist " + dir.resolve("none.json") + " does not exist");
  }

  private void assertError(String json, String expected) throws IOException {
    Path file = write("bad.json", json);
    assertThatThrownBy(() -> Playlists.load(file)).isInstanceOf(PlaylistException.class)
        .hasMessageStartingWith("playlist " + file + expected);
  }
}
