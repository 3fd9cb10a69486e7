package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.playlist.Player;
import dev.zoomorph.render.Backend;
import dev.zoomorph.testing.LogLines;
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
 * refused in the log while the show plays on what it had, and closing the show ends the watching thread.
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

      // Deleted: said once, and the show plays on; put back, it is followed again.
      Files.delete(file);
      String gone = "WARN playlist " + file + " is gone (deleted or moved away); the playlist loaded before plays on";
      Polling.await(() -> warnings(log).contains(gone), TIMEOUT, () -> String.join("\n", log.lines()));
      Files.writeString(file, """
          {"lists": {"evening": {"entries": [{"preset": "three.json", "seconds": 600},
                                             {"preset": "one.json", "seconds": 600}]}},
           "schedule": [{"from": "00:00", "to": "12:00", "list": "evening"},
                        {"from": "12:00", "to": "24:00", "list": "evening"}]}""");
      Polling.await(() -> plays(api, "evening", "three", 2), TIMEOUT, () -> state(api).toString());
      assertThat(warnings(log)).as("one line for each").containsExactly(refused, gone);
      long frames = show.frameCount();
      Polling.await(() -> show.frameCount() > frames + 10, TIMEOUT, () -> "frames " + show.frameCount());
    }
    assertThat(Thread.getAllStackTraces().keySet()).as("the watching thread ends with the show")
        .noneMatch(thread -> thread.getName().equals(PlaylistWatcher.THREAD));
  }
}
