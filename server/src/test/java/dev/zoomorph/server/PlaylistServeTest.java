package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.render.Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served show playing a playlist ({@link Zoomorph#playlist}, what {@code serve --playlist} starts): it switches
 * through the control bus on its own timer, OSC and HTTP steer it through the {@code /zoomorph/playlist/}
 * addresses, {@code /api/state} shows where it is, and an entry whose file turns into garbage on disk is skipped and
 * counted while the show keeps delivering frames; when no entry loads the built-in preset plays and the state says
 * why.
 */
@Timeout(180)
class PlaylistServeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken";

  @TempDir Path dir;

  private static final String DIGITS_LIKE = """
      {"name": "%s", "model": {"kind": "random-cppn", "seed": %d, "latentSize": 8, "width": 8, "depth": 2,
       "channels": 1, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2},
       "crossfadeSeconds": 0}
      """;

  private RunningShow start(String playlist) throws IOException {
    Path file = dir.resolve("list.json");
    Files.writeString(file, playlist);
    return Zoomorph.playlist(file).backend(Backend.CPU).size(32, 32).fps(20).serve(0).osc(0).token(TOKEN)
        .presetDir(dir).start();
  }

  private static JsonNode state(ApiClient api) {
    return api.get("/api/state").json();
  }

  @Test
  void thePlaylistSwitchesOnItsTimerAndOscAndHttpSteerIt() throws Exception {
    Files.writeString(dir.resolve("one.json"), DIGITS_LIKE.formatted("one", 1));
    Files.writeString(dir.resolve("two.json"), DIGITS_LIKE.formatted("two", 2));
    try (RunningShow show = start("""
        {"entries": [{"preset": "one.json", "seconds": 3}, {"preset": "two.json", "seconds": 600, "crossfade": 0.5},
         {"preset": "one.json", "seconds": 600}]}""")) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      JsonNode first = state(api);
      assertThat(first.get("preset").asText()).isEqualTo("one");
      assertThat(first.at("/playlist/list").asText()).isEqualTo("main");
      assertThat(first.at("/playlist/entry").asInt()).isZero();
      assertThat(first.at("/playlist/entries").asInt()).isEqualTo(3);
      assertThat(first.at("/playlist/secondsLeft").asDouble()).isBetween(0.0, 3.0);
      assertThat(first.at("/parameters/~1zoomorph~1playlist~1remaining/0").asDouble()).isBetween(0.0, 3.0);

      // Its own timer: after 3 s the second entry, with its crossfade, through the bus as input "playlist".
      Polling.await(() -> state(api).get("preset").asText().equals("two"), TIMEOUT, () -> state(api).toString());
      JsonNode second = state(api);
      assertThat(second.at("/playlist/entry").asInt()).isEqualTo(1);
      assertThat(second.at("/playlist/secondsLeft").asDouble()).isBetween(500.0, 600.0);
      assertThat(second.at("/parameters/~1zoomorph~1preset/1").asDouble()).isEqualTo(0.5);
      assertThat(show.controls().counts(ControlInputs.PLAYLIST).accepted()).isEqualTo(1);

      // OSC takes over: the next entry now.
      InetSocketAddress osc = show.oscAddress();
      try (DatagramChannel sender = DatagramChannel.open()) {
        sender.connect(osc);
        sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/playlist/next"))));
      }
      Polling.await(() -> state(api).at("/playlist/entry").asInt() == 2, TIMEOUT, () -> state(api).toString());
      assertThat(state(api).get("preset").asText()).isEqualTo("one");

      // HTTP pauses it: the time left stands still.
      ApiClient.Response paused = api.post("/api/control",
          "{\"address\": \"/zoomorph/playlist/pause\", \"args\": [true]}", ApiClient.bearer(TOKEN));
      assertThat(paused.status()).as(paused.body()).isEqualTo(200);
      Polling.await(() -> state(api).at("/playlist/paused").asBoolean(), TIMEOUT, () -> state(api).toString());
      double left = state(api).at("/playlist/secondsLeft").asDouble();
      long frames = show.frameCount();
      Polling.await(() -> show.frameCount() > frames + 10, TIMEOUT, () -> "frames " + show.frameCount());
      assertThat(state(api).at("/playlist/secondsLeft").asDouble()).isEqualTo(left);
      assertThat(state(api).at("/parameters/~1zoomorph~1playlist~1pause/0").asBoolean()).isTrue();
    }
  }

  @Test
  void anEntryPastEitherEndOfTheListIsClampedToThatEnd() throws Exception {
    for (String name : new String[] {"a", "b", "c", "d"}) {
      Files.writeString(dir.resolve(name + ".json"), DIGITS_LIKE.formatted(name, (int) name.charAt(0)));
    }
    try (RunningShow show = start("""
        {"entries": [{"preset": "a.json", "seconds": 600}, {"preset": "b.json", "seconds": 600},
         {"preset": "c.json", "seconds": 600}, {"preset": "d.json", "seconds": 600}]}""")) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      ApiClient.Response last = api.post("/api/control",
          "{\"address\": \"/zoomorph/playlist/entry\", \"args\": [99]}", ApiClient.bearer(TOKEN));
      assertThat(last.status()).as(last.body()).isEqualTo(200);
      assertThat(last.json().at("/value/0").asInt()).as(last.body()).isEqualTo(3);
      Polling.await(() -> state(api).get("preset").asText().equals("d"), TIMEOUT, () -> state(api).toString());
      assertThat(state(api).at("/playlist/entry").asInt()).isEqualTo(3);

      ApiClient.Response first = api.post("/api/control",
          "{\"address\": \"/zoomorph/playlist/entry\", \"args\": [-1]}", ApiClient.bearer(TOKEN));
      assertThat(first.json().at("/value/0").asInt()).as(first.body()).isZero();
      Polling.await(() -> state(api).get("preset").asText().equals("a"), TIMEOUT, () -> state(api).toString());
      assertThat(state(api).at("/playlist/entry").asInt()).isZero();
    }
  }

  @Test
  void anEntryChangedOnDiskIntoGarbageIsSkippedAndCountedAndTheShowPlaysOn() throws Exception {
    Files.writeString(dir.resolve("one.json"), DIGITS_LIKE.formatted("one", 1));
    Path two = dir.resolve("two.json");
    Files.writeString(two, DIGITS_LIKE.formatted("two", 2));
    Files.writeString(dir.resolve("three.json"), DIGITS_LIKE.formatted("three", 3));
    try (RunningShow show = start("""
        {"entries": [{"preset": "one.json", "seconds": 600}, {"preset": "two.json", "seconds": 600},
         {"preset": "three.json", "seconds": 600}]}""")) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      assertThat(state(api).get("preset").asText()).isEqualTo("one");
      Files.writeString(two, "{\"name\": \"two\", \"model\": [garbage");

      long frames = show.frameCount();
      api.post("/api/control", "{\"address\": \"/zoomorph/playlist/next\"}", ApiClient.bearer(TOKEN));
      Polling.await(() -> state(api).get("preset").asText().equals("three"), TIMEOUT, () -> state(api).toString());
      JsonNode state = state(api);
      assertThat(state.at("/playlist/skipped").asLong()).isEqualTo(1);
      assertThat(state.at("/playlist/entry").asInt()).isEqualTo(2);
      assertThat(state.at("/playlist/fallback").isNull()).isTrue();
      assertThat(show.controls().counts(ControlInputs.PLAYLIST).rejected()).isEqualTo(1);
      Polling.await(() -> show.frameCount() > frames + 20, TIMEOUT, () -> "frames " + show.frameCount());
      assertThat(api.get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void whenNoEntryLoadsTheBuiltInPresetPlaysAndTheStateSaysWhy() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "not a preset");
    try (RunningShow show = start("""
        {"entries": [{"preset": "bad.json", "seconds": 5}, {"preset": "missing.json", "seconds": 5}]}""")) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      JsonNode state = state(api);
      assertThat(state.get("preset").asText()).isEqualTo("default");
      assertThat(state.at("/playlist/preset").asText()).as("what plays").isEqualTo("default");
      assertThat(state.at("/playlist/skipped").asLong()).isEqualTo(2);
      assertThat(state.at("/playlist/fallback").asText())
          .startsWith("no entry of list 'main' loaded (the last: preset file " + dir.resolve("missing.json")
              + " does not exist); playing the built-in 'default'");
      long frames = show.frameCount();
      Polling.await(() -> show.frameCount() > frames + 10, TIMEOUT, () -> "frames " + show.frameCount());
    }
  }
}
