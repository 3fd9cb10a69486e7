package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.playlist.Player;
import dev.zoomorph.playlist.Playlists;
import dev.zoomorph.render.Backend;
import dev.zoomorph.testing.LogLines;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served show following its playlist file ({@link Zoomorph#playlist}, what {@code serve --playlist} starts): an
 * edit written in place or renamed over the file takes effect without a restart, a broken edit and a deleted file are
 * refused in the log while the show plays on what it had, and closing the show ends the watching thread. The path is
 * followed, not a file or a folder: through a symlinked file, and across its folder being renamed and replaced.
 */
@Timeout(180)
class PlaylistReloadTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PRESET = """
      {"name": "%s", "model": {"kind": "random-cppn", "seed": %d, "latentSize": 8, "width": 8, "depth": 2,
       "channels": 1, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2},
       "crossfadeSeconds": 0}
      """;

  @TempDir Path dir;

  private static JsonNode state(ApiClient api) {
    return api.get("/api/state").json();
  }

  private static boolean plays(ApiClient api, String list, String preset, int entries) {
    JsonNode state = state(api);
    return state.at("/playlist/list").asText().equals(list) && state.get("preset").asText().equals(preset)
        && state.at("/playlist/entries").asInt() == entries;
  }

  private static List<String> warnings(LogLines log) {
    return log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
  }

  private static long reloads(LogLines log, Path file) {
    return log.lines().stream().filter(line -> line.startsWith("INFO playlist " + file + " reloaded: ")).count();
  }

  /** Presets one, two and three in the test's folder. */
  private void presets() throws Exception {
    for (String name : new String[] {"one", "two", "three"}) {
      Files.writeString(dir.resolve(name + ".json"), PRESET.formatted(name, (int) name.charAt(1)));
    }
  }

  /** A list of {@code entries} long entries of the presets in {@code folder}, one first. */
  private String list(String folder, int entries) {
    StringBuilder list = new StringBuilder("{\"entries\": [");
    for (int i = 0; i < entries; i++) {
      list.append(i == 0 ? "" : ", ").append("{\"preset\": \"").append(folder)
          .append(new String[] {"one", "two", "three"}[i % 3]).append(".json\", \"seconds\": 600}");
    }
    return list.append("]}").toString();
  }

  private static RunningShow show(Path file) {
    return Zoomorph.playlist(file).backend(Backend.CPU).size(32, 32).fps(20).serve(0).start();
  }

  private static boolean entries(ApiClient api, int entries) {
    return state(api).at("/playlist/entries").asInt() == entries;
  }

  @Test
  void editsOfThePlaylistFileTakeEffectAndABrokenOneIsRefusedWhileTheShowPlaysOn() throws Exception {
    for (String name : new String[] {"one", "two", "three"}) {
      Files.writeString(dir.resolve(name + ".json"), PRESET.formatted(name, (int) name.charAt(1)));
    }
    Path file = dir.resolve("gallery.json");
    Files.writeString(file, "{\"entries\": [{\"preset\": \"one.json\", \"seconds\": 2}]}");
    try (LogLines log = new LogLines(Player.class, PlaylistWatcher.class);
        RunningShow show = Zoomorph.playlist(file).backend(Backend.CPU).size(32, 32).fps(20).serve(0).start()) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      assertThat(plays(api, "main", "one", 1)).as(state(api).toString()).isTrue();

      // Written in place: one, not in the new list, plays out its 2 s, then the new list from its start.
      Files.writeString(file, """
          {"entries": [{"preset": "two.json", "seconds": 600}, {"preset": "three.json", "seconds": 600}]}""");
      Polling.await(() -> plays(api, "main", "two", 2), TIMEOUT, () -> state(api).toString());
      assertThat(state(api).at("/playlist/entry").asInt()).isZero();

      // Written beside it and renamed over it, as editors save: a schedule whose window (all day) plays another list,
      // so it switches at once rather than after two's 600 s.
      Path temp = dir.resolve(".gallery.json.swp");
      Files.writeString(temp, """
          {"lists": {"evening": {"entries": [{"preset": "three.json", "seconds": 600}]}},
           "schedule": [{"from": "00:00", "to": "12:00", "list": "evening"},
                        {"from": "12:00", "to": "24:00", "list": "evening"}]}""");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Polling.await(() -> plays(api, "evening", "three", 1), TIMEOUT, () -> state(api).toString());
      assertThat(log.lines()).contains("INFO playlist " + file
          + " reloaded: 1 list(s), 2 window(s); switching at once to list 'evening'");

      // A broken edit: one WARN naming the file and the problem; the show plays on what it had.
      Files.writeString(file, "{\"entries\": [{\"preset\": \"one.json\", \"seconds\": 0}]}");
      String refused = "WARN playlist " + file + ": entries[0].seconds: must be more than 0 (and at most 10000000),"
          + " was 0.0; the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(refused), TIMEOUT, () -> String.join("\n", log.lines()));
      assertThat(plays(api, "evening", "three", 1)).as(state(api).toString()).isTrue();
      assertThat(state(api).at("/playlist/fileProblem").asText()).isEqualTo("playlist " + file
          + ": entries[0].seconds: must be more than 0 (and at most 10000000), was 0.0");

      // Deleted: said once, and the show plays on; put back, it is followed again.
      Files.delete(file);
      String gone = "WARN playlist " + file + " is gone (deleted or moved away); the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(gone), TIMEOUT, () -> String.join("\n", log.lines()));
      assertThat(state(api).at("/playlist/fileProblem").asText())
          .isEqualTo("playlist " + file + " is gone (deleted or moved away)");
      Files.writeString(file, """
          {"lists": {"evening": {"entries": [{"preset": "three.json", "seconds": 600},
                                             {"preset": "one.json", "seconds": 600}]}},
           "schedule": [{"from": "00:00", "to": "12:00", "list": "evening"},
                        {"from": "12:00", "to": "24:00", "list": "evening"}]}""");
      Polling.await(() -> plays(api, "evening", "three", 2), TIMEOUT, () -> state(api).toString());
      assertThat(warnings(log)).as("one line for each").containsExactly(refused, gone);
      assertThat(state(api).at("/playlist/fileProblem").isNull()).as(state(api).toString()).isTrue();
      long frames = show.frameCount();
      Polling.await(() -> show.frameCount() > frames + 10, TIMEOUT, () -> "frames " + show.frameCount());
    }
    assertThat(Thread.getAllStackTraces().keySet()).as("the watching thread ends with the show")
        .noneMatch(thread -> thread.getName().equals(PlaylistWatcher.THREAD));
  }

  @Test
  void aSymlinkedPlaylistFileIsFollowedWhenItsTargetIsWritten() throws Exception {
    presets();
    Files.createDirectories(dir.resolve("data"));
    Path target = dir.resolve("data/real.json");
    Files.writeString(target, list("", 1));
    Path file = Files.createSymbolicLink(dir.resolve("gallery.json"), Path.of("data/real.json"));
    try (LogLines log = new LogLines(Player.class, PlaylistWatcher.class); RunningShow show = show(file)) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      assertThat(entries(api, 1)).as(state(api).toString()).isTrue();

      Files.writeString(target, list("", 2)); // the target itself
      Polling.await(() -> entries(api, 2), TIMEOUT, () -> state(api).toString());
      Files.writeString(file, list("", 3)); // through the link
      Polling.await(() -> entries(api, 3), TIMEOUT, () -> state(api).toString());
      assertThat(reloads(log, file)).isEqualTo(2);
      assertThat(warnings(log)).isEmpty();
    }
  }

  @Test
  void aFolderRenamedAwayAndReplacedIsFollowedAtTheSamePathAndTheOldOneIsNot() throws Exception {
    presets();
    Path folder = Files.createDirectories(dir.resolve("pl1"));
    Path file = folder.resolve("gallery.json");
    Files.writeString(file, list("../", 1));
    try (LogLines log = new LogLines(Player.class, PlaylistWatcher.class); RunningShow show = show(file)) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      assertThat(entries(api, 1)).as(state(api).toString()).isTrue();

      // As a technician swaps in a new set: the old folder kept aside, a new one in its place.
      Path old = Files.move(folder, dir.resolve("pl1.old"));
      Files.createDirectories(folder);
      Files.writeString(file, list("../", 2));
      Polling.await(() -> entries(api, 2), TIMEOUT, () -> state(api).toString());

      // An edit of the old folder's file is not followed: four reads later, nothing was reloaded.
      Files.writeString(old.resolve("gallery.json"), list("../", 3));
      Thread.sleep(4 * PlaylistWatcher.POLL.toMillis());
      assertThat(entries(api, 2)).as(state(api).toString()).isTrue();
      assertThat(reloads(log, file)).isEqualTo(1);

      // The new folder's file is, and deleting the old folder is nothing to the show.
      Files.delete(old.resolve("gallery.json"));
      Files.delete(old);
      Files.writeString(file, list("../", 3));
      Polling.await(() -> entries(api, 3), TIMEOUT, () -> state(api).toString());
      assertThat(warnings(log)).as("only a read between the move and the new file finds it gone")
          .allMatch(line -> line.contains(" is gone "));
    }
  }

  @Test
  void aDeletedFilePutBackWithTheSameBytesIsSaidToBeBack() throws Exception {
    presets();
    Path file = dir.resolve("gallery.json");
    String bytes = list("", 2);
    Files.writeString(file, bytes);
    try (LogLines log = new LogLines(Player.class, PlaylistWatcher.class); RunningShow show = show(file)) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      Files.delete(file);
      String gone = "WARN playlist " + file + " is gone (deleted or moved away); the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(gone), TIMEOUT, () -> String.join("\n", log.lines()));
      Files.writeString(file, bytes);
      String back = "INFO playlist " + file + " is back; its edits are followed again";
      Polling.await(() -> log.lines().contains(back), TIMEOUT, () -> String.join("\n", log.lines()));
      Thread.sleep(2 * PlaylistWatcher.POLL.toMillis()); // a reload, were there one, would be due by now
      assertThat(log.lines()).as("said once, and the same bytes are not reloaded").containsOnlyOnce(back)
          .noneMatch(line -> line.contains(" reloaded: "));
      assertThat(warnings(log)).containsExactly(gone);
      assertThat(entries(api, 2)).as(state(api).toString()).isTrue();
      assertThat(state(api).at("/playlist/fileProblem").isNull()).as(state(api).toString()).isTrue();
    }
  }

  @Test
  void aFileThatCannotBeReadIsSaidOnceAndFollowedAgainOnceItCanBe() throws Exception {
    presets();
    Path file = dir.resolve("gallery.json");
    Files.writeString(file, list("", 2));
    try (LogLines log = new LogLines(Player.class, PlaylistWatcher.class); RunningShow show = show(file)) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      // A folder where the file was: there, but not a playlist to read (permissions cannot make a file unreadable to
      // root, who runs CI).
      Files.delete(file);
      Files.createDirectory(file);
      String folder = "WARN playlist " + file + " is a folder, not a file; the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(folder), TIMEOUT, () -> String.join("\n", log.lines()));
      // Then a file far too large for a playlist: refused unread, not read into memory (a link to /dev/zero was).
      Files.delete(file);
      try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
        huge.setLength(3L << 30); // sparse: 3 GiB that take no disk
      }
      String tooLarge = "WARN playlist " + file + " holds " + (3L << 30) + " bytes; a playlist is at most "
          + Playlists.MAX_BYTES + " (1 MiB); the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(tooLarge), TIMEOUT, () -> String.join("\n", log.lines()));
      Thread.sleep(2 * PlaylistWatcher.POLL.toMillis());
      assertThat(entries(api, 2)).as(state(api).toString()).isTrue();

      Files.delete(file);
      Files.writeString(file, list("", 3));
      Polling.await(() -> entries(api, 3), TIMEOUT, () -> state(api).toString());
      assertThat(log.lines()).containsOnlyOnce("INFO playlist " + file + " can be read; its edits are followed again");
      assertThat(warnings(log)).as("each said once, though read twice a second")
          .filteredOn(line -> !line.contains(" is gone ")).containsExactly(folder, tooLarge);
    }
  }
}
