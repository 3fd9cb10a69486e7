package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiSource;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preset's MIDI bindings follow preset switches, whoever switches: a VJ with one preset per song gets each song's
 * knob mapping, and a save after a switch writes the bindings in force. Played as a browser forwards MIDI
 * ({@code POST /api/midi}) over real sockets, on a show whose preset folder holds the songs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MidiPresetSwitchTest {
  private static final String TOKEN = "switch-token-5c1e";
  private static final String CONTRAST = "/zoomorph/post/contrast";
  private static final String ZOOM = "/zoomorph/zoom";
  /** set1's: CC 40 on channel 1 drives the contrast. */
  private static final MidiBinding CC40_CONTRAST = MidiBinding.of(MidiSource.cc(1, 40), CONTRAST, 0, 4);
  /** set2's: CC 41 on channel 1 drives the zoom. */
  private static final MidiBinding CC41_ZOOM = MidiBinding.of(MidiSource.cc(1, 41), ZOOM, 1, 2);

  @TempDir
  Path presets;
  private Show show;
  private LiveServer live;
  private ApiClient api;

  @BeforeEach
  void start() {
    Presets.saveTo(song("set1", List.of(CC40_CONTRAST)), presets.resolve("set1.json"));
    Presets.saveTo(song("plain", List.of()), presets.resolve("plain.json"));
    Presets.saveTo(song("set2", List.of(CC41_ZOOM)), presets.resolve("set2.json"));
    // As `serve --preset set1.json --preset-dir ...` plays it.
    show = TestShows.noise(Presets.load(presets.resolve("set1.json").toString()), 16, 16, 10);
    live = LiveServer.start(show, show.controls(), "127.0.0.1", 0, new ControlOptions(new ApiToken(TOKEN),
        OptionalInt.empty(), null, ShowBuilder.saver(show, presets), presets, null, null));
    api = new ApiClient(live.port());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  void eachPresetSwitchedToBringsItsOwnBindingsWhoeverSwitches() {
    knob(40, 127);
    assertThat(value(CONTRAST)).as("set1 binds CC 40").isEqualTo(4.0);

    switchTo("plain");
    double contrast = value(CONTRAST);
    knob(40, 0);
    assertThat(value(CONTRAST)).as("plain binds nothing: CC 40 does nothing").isEqualTo(contrast);
    assertThat(live.controls().midiBindings()).isEmpty();

    switchTo("set2");
    knob(41, 127);
    assertThat(value(ZOOM)).as("set2 binds CC 41").isEqualTo(2.0);
    knob(40, 0);
    assertThat(value(CONTRAST)).as("nor does set2 bind CC 40").isEqualTo(contrast);

    // A playlist switches through the bus as an input of its own; set1's knob comes back with it.
    live.controls().bus().submit(ControlInputs.PLAYLIST,
        ControlMessage.of(ShowAddresses.PRESET, presets.resolve("set1.json").toString()));
    knob(40, 0);
    assertThat(value(CONTRAST)).isEqualTo(0.0);
    double zoom = value(ZOOM);
    knob(41, 0);
    assertThat(value(ZOOM)).as("set2's knob went with it").isEqualTo(zoom);
  }

  @Test
  void aSaveAfterASwitchWritesTheNewPresetsBindings() {
    switchTo("set2");
    ApiClient.Response saved = post("/api/preset/save", "{\"name\": \"encore\"}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    assertThat(saved.json().get("midiBindings").asInt()).isEqualTo(1);
    assertThat(savedBindings("encore")).containsExactly(CC41_ZOOM);
  }

  @Test
  void aBindingLearnedWhileArmedAcrossASwitchIsTheNewPresetsSavedWithItAndDroppedBySwitchingAwayUnsaved() {
    assertThat(post("/api/midi", "{\"device\": \"Pad\", \"messages\": []}").status()).isEqualTo(200);
    String learn = "{\"target\": \"" + CONTRAST + "\", \"min\": 0, \"max\": 2}";
    assertThat(post("/api/midi/learn", learn).status()).isEqualTo(202);
    switchTo("set2");
    assertThat(api.get("/api/state").json().at("/inputs/webmidi/learning").asBoolean())
        .as("a switch leaves learning armed: the VJ may be reaching for the knob").isTrue();
    knob(42, 127);
    assertThat(value(CONTRAST)).isEqualTo(2.0);
    MidiBinding learned = MidiBinding.of(MidiSource.cc(1, 42), CONTRAST, 0, 2);
    assertThat(live.controls().midiBindings()).containsExactly(CC41_ZOOM, learned);

    switchTo("plain");
    double contrast = value(CONTRAST);
    knob(42, 0);
    assertThat(value(CONTRAST)).as("learned in set2, not saved: gone with it").isEqualTo(contrast);

    switchTo("set2");
    contrast = value(CONTRAST);
    knob(42, 127);
    assertThat(value(CONTRAST)).as("set2's file never had it").isEqualTo(contrast);
    assertThat(post("/api/midi/learn", learn).status()).isEqualTo(202);
    knob(42, 127);
    assertThat(post("/api/preset/save", "").status()).as("saves over set2").isEqualTo(200);
    assertThat(savedBindings("set2")).containsExactly(CC41_ZOOM, learned);
    switchTo("plain");
    switchTo("set2");
    knob(42, 0);
    assertThat(value(CONTRAST)).as("saved with the preset it was learned in").isEqualTo(0.0);
  }

  private static Preset song(String name, List<MidiBinding> midi) {
    return TestShows.preset(name, TestShows.NOISE, new TrajectorySpec.RandomWalk(11, 1)).withMidi(midi);
  }

  private void switchTo(String preset) {
    ApiClient.Response switched = post("/api/preset", "{\"name\": \"" + preset + "\"}");
    assertThat(switched.status()).as(switched.body()).isEqualTo(200);
  }

  /** Moves CC {@code controller} on channel 1 of a controller plugged into a browser's machine. */
  private void knob(int controller, int value) {
    ApiClient.Response moved = post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[176, " + controller + ", "
        + value + "]]}");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
  }

  private List<MidiBinding> savedBindings(String name) {
    return Presets.load(presets.resolve(name + ".json").toString()).midi();
  }

  private double value(String address) {
    return show.controls().parameters().stream().filter(parameter -> parameter.address().equals(address))
        .findFirst().map(parameter -> ((Number) parameter.value().get(0)).doubleValue()).orElseThrow();
  }

  private ApiClient.Response post(String path, String body) {
    return api.post(path, body, ApiClient.bearer(TOKEN));
  }
}
