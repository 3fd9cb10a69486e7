package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.midi.ClockEvent;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiSource;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.web.JsonBodies;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The HTTP control API over real sockets on 127.0.0.1, driving a real (small) control surface. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ControlApiTest {

  private static final String TOKEN = "test-token-7f3a";

  private final TestSurface surface = new TestSurface(4);
  private final List<String> saves = new CopyOnWriteArrayList<>();
  private LiveServer live;
  private ApiClient api;

  @BeforeEach
  void start() {
    PresetSaver saver = (name, bindings) -> {
      saves.add(name + " " + bindings);
      return "/tmp/presets/" + (name == null ? "dunes" : name) + ".json";
    };
    live = LiveServer.start(TestShows.noise(32, 32, 20), surface, "127.0.0.1", 0,
        new ControlOptions(new ApiToken(TOKEN), OptionalInt.empty(), null, saver, null, null, null));
    api = new ApiClient(live.port());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  void withoutTheRightTokenEveryControlEndpointIs401AndChangesNothing() {
    String zoom = "{\"address\": \"/zoomorph/zoom\", \"args\": [2.0]}";
    List<Map<String, String>> wrong = List.of(Map.of(), ApiClient.bearer("wrong"), ApiClient.bearer(TOKEN + "x"),
        Map.of("Authorization", TOKEN), Map.of(ApiToken.HEADER, "test-token-7f3b"));
    for (Map<String, String> headers : wrong) {
      for (String[] call : new String[][] {{"/api/control", zoom}, {"/api/preset", "{\"name\": \"drift\"}"},
          {"/api/midi/learn", "{\"target\": \"/zoomorph/zoom\"}"}, {"/api/preset/save", ""}}) {
        ApiClient.Response response = api.post(call[0], call[1], headers);
        assertThat(response.status()).as("%s with %s", call[0], headers).isEqualTo(401);
        assertThat(response.json().get("error").asText()).contains("Authorization: Bearer");
        assertThat(response.headers().get("WWW-Authenticate")).startsWith("Bearer");
      }
    }
    assertThat(surface.applied.get()).as("changes applied").isZero();
    assertThat(saves).isEmpty();
    assertThat(api.get("/api/state").json().at("/inputs/http/unauthorized").asLong()).isEqualTo(20);

    ApiClient.Response viaHeader = api.post("/api/control", zoom, Map.of(ApiToken.HEADER, TOKEN));
    assertThat(viaHeader.status()).isEqualTo(200);
    assertThat(surface.value("/zoomorph/zoom")).containsExactly(2.0);
  }

  @Test
  void controlAppliesTheMessageAndAnswersTheValueAsTheShowHasIt() {
    ApiClient.Response set = post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [2.5]}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("address").asText()).isEqualTo("/zoomorph/zoom");
    assertThat(set.json().get("value").get(0).asDouble()).isEqualTo(2.5);

    ApiClient.Response clamped = post("/api/control", "{\"address\": \"/zoomorph/latent/2\", \"args\": [99]}");
    assertThat(clamped.json().get("value").get(0).asDouble()).isEqualTo(3.0);

    assertThat(post("/api/control", "{\"address\": \"/zoomorph/tap\"}").status()).isEqualTo(200);
    assertThat(post("/api/control", "{\"address\": \"/zoomorph/hold\", \"args\": [true]}").status()).isEqualTo(200);
    assertThat(surface.taps.get()).isEqualTo(1);
    assertThat(surface.value("/zoomorph/hold")).containsExactly(true);
    assertThat(api.get("/api/state").json().at("/inputs/http/applied").asLong()).isEqualTo(4);
  }

  @Test
  void badRequestsAre400NamingTheProblemAndChangeNothing() throws Exception {
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [2.0"), 400))
        .isEqualTo("not valid JSON: the list started at line 1, column 39 is not closed: the text ends"
            + " (field args, line 1, column 43)");
    assertThat(error(post("/api/control", "{\"address\":\"/zoomorph/zoom\",\"args\":[NaN]}"), 400))
        .isEqualTo("not valid JSON: NaN is not a number JSON allows (field args, line 1, column 40)");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"value\": 2}"), 400))
        .startsWith("unknown field 'value'; known: address, args (line 1, column ");
    assertThat(error(post("/api/control", "{\"args\": [1]}"), 400))
        .startsWith("must be a string, was missing (field address, line 1, column ");
    assertThat(error(post("/api/control", ""), 400)).contains("needs a JSON body");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": {\"a\": 1}}"), 400))
        .startsWith("must be a list, was an object (field args, line 1, column ");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [null]}"), 400))
        .isEqualTo("null is not allowed (field args[0], line 1, column 40)");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/nope\", \"args\": [1]}"), 400))
        .isEqualTo("/zoomorph/nope: no such control address");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [\"big\"]}"), 400))
        .contains("/zoomorph/zoom: argument 0 must be a number, was 'big'");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/fps\", \"args\": [1]}"), 400))
        .contains("read-only");
    assertThat(error(post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [1]} {}"), 400))
        .startsWith("not valid JSON: more follows the end of the document (line 1, column ");
    String huge = "{\"address\": \"/zoomorph/zoom\", \"args\": [" + "1,".repeat(20_000) + "1]}";
    assertThat(error(post("/api/control", huge), 413)).contains("larger than " + JsonBodies.MAX_BODY);
    // A body said to be compressed is not read as if it were not (it was: "not valid JSON" at best).
    Map<String, String> gzipped = new HashMap<>(ApiClient.bearer(TOKEN));
    gzipped.put("Content-Encoding", "gzip");
    assertThat(error(api.post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [2]}", gzipped), 415))
        .isEqualTo("the request body must be sent uncompressed: its Content-Encoding 'gzip' is not read here");
    // Nor when gzip comes after identity, in a second header (the first alone was looked at) or in a list.
    String body = "{\"address\": \"/zoomorph/zoom\", \"args\": [2]}";
    try (Socket socket = new Socket("127.0.0.1", live.port())) {
      socket.getOutputStream().write(("POST /api/control HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/json\r\nContent-Encoding: identity\r\nContent-Encoding: gzip\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(30_000);
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("HTTP/1.1 415 ").contains("its Content-Encoding 'gzip' is not read here");
    }
    gzipped.put("Content-Encoding", "identity, gzip");
    assertThat(error(api.post("/api/control", body, gzipped), 415))
        .isEqualTo("the request body must be sent uncompressed: its Content-Encoding 'gzip' is not read here");
    // A transfer coding other than chunked: 501 naming it (it was read as JSON: "not valid JSON: Illegal character").
    try (Socket socket = new Socket("127.0.0.1", live.port())) {
      socket.getOutputStream().write(("POST /api/control HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n"
          + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(30_000);
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("HTTP/1.1 501 ").contains("its Transfer-Encoding 'gzip' is not read here");
    }
    assertThat(error(post("/api/preset", "{\"name\": \"nowhere\"}"), 400))
        .startsWith("/zoomorph/preset: no preset named 'nowhere': none of the bundled ones (").endsWith(")");
    // Explicit nulls where a value is required, and a body that is JSON's null, name the problem (were 500s).
    assertThat(error(post("/api/control", "{\"address\": null, \"args\": [1]}"), 400))
        .isEqualTo("must be a string, was null (field address, line 1, column 13)");
    assertThat(error(post("/api/preset", "{\"name\": null}"), 400))
        .startsWith("must be a string, was null (field name, ");
    assertThat(error(post("/api/midi", "{\"device\": null, \"messages\": []}"), 400))
        .startsWith("must be a string, was null (field device, ");
    assertThat(error(post("/api/preset", "null"), 400)).isEqualTo("the request body must be a JSON object, was null");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [null]}"), 400))
        .startsWith("null is not allowed (field messages[0], ");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[176, null, 1]]}"), 400))
        .startsWith("null is not allowed (field messages[0][1], ");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[176, 74, 100.5]]}"), 400))
        .isEqualTo("must be a whole number, was 100.5 (field messages[0][2], line 1, column 42)");

    assertThat(surface.applied.get()).isZero();
    assertThat(surface.value("/zoomorph/zoom")).containsExactly(1.0);
    assertThat(live.controls().webMidi().hasDevice()).as("a refused request applies nothing").isFalse();
    assertThat(api.get("/api/state").json().at("/inputs/http/rejected").asLong()).isEqualTo(24);
  }

  @Test
  void presetSwitchesThroughTheShowsPresetAddress() {
    ApiClient.Response switched = post("/api/preset", "{\"name\": \"drift\"}");
    assertThat(switched.status()).isEqualTo(200);
    assertThat(switched.json().get("value").get(0).asText()).isEqualTo("drift");
    assertThat(api.get("/api/state").json().get("preset").asText()).isEqualTo("drift");
  }

  @Test
  void stateDescribesTheShowAndItsInputs() throws Exception {
    FrameClients.receive(live, 3, java.time.Duration.ofSeconds(30));
    post("/api/control", "{\"address\": \"/zoomorph/bpm\", \"args\": [128]}");

    ApiClient.Response response = api.get("/api/state");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    JsonNode state = response.json();
    assertThat(state.get("preset").asText()).isEqualTo("dunes");
    assertThat(state.get("bpm").asDouble()).isEqualTo(128.0);
    assertThat(state.get("fps").asDouble()).isPositive();
    assertThat(state.get("frames").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(state.get("latent").isArray()).isTrue();
    assertThat(state.get("latent")).hasSize(4); // TestShows.noise walks 4-dimensional latents
    assertThat(state.get("viewers").asInt()).isGreaterThanOrEqualTo(0);
    assertThat(state.at("/inputs/osc").isNull()).as("OSC is off here").isTrue();
    assertThat(state.at("/inputs/midi").isNull()).isTrue();
    assertThat(state.at("/inputs/http/applied").asLong()).isEqualTo(1);
    assertThat(state.at("/parameters/~1zoomorph~1zoom/0").asDouble()).isEqualTo(1.0);
    assertThat(state.at("/parameters/~1zoomorph~1latent~13").isArray()).isTrue();
  }

  @Test
  void midiLearnNeedsADeviceThenBindsTheNextControlMovedAndSaveKeepsTheBinding() throws Exception {
    String learn = "{\"target\": \"/zoomorph/latent/3\", \"min\": -3, \"max\": 3, \"curve\": \"linear\","
        + " \"mode\": \"absolute\"}";
    assertThat(error(post("/api/midi/learn", learn), 409)).contains("--midi");

    Sinks.Many<ShortMessage> device = Sinks.many().multicast().directBestEffort();
    Sinks.Many<ClockEvent> clock = Sinks.many().multicast().directBestEffort();
    ControlInputs inputs = live.controls();
    inputs.attachMidi("Test Keys", Flux.defer(() -> device.asFlux().concatMapIterable(inputs.midiLearn()::map)),
        device.asFlux(), clock.asFlux());

    assertThat(error(post("/api/midi/learn", "{\"target\": \"/zoomorph/fps\"}"), 400)).contains("not a writable");
    // A MIDI control sends one number: what takes two, or a name, could never be driven by it.
    assertThat(error(post("/api/midi/learn", "{\"target\": \"/zoomorph/center\"}"), 400))
        .isEqualTo("target /zoomorph/center takes 2 values (ff), and a MIDI control sends one number: learn a control"
            + " that takes one number, a switch or a button");
    assertThat(error(post("/api/midi/learn", "{\"target\": \"/zoomorph/preset\"}"), 400))
        .startsWith("target /zoomorph/preset takes a name, ");
    assertThat(error(post("/api/midi/learn", "{\"target\": \"/zoomorph/nope\"}"), 400))
        .isEqualTo("target /zoomorph/nope is not a control address");
    assertThat(api.get("/api/state").json().at("/inputs/midi/learning").asBoolean()).as("none armed").isFalse();
    assertThat(error(post("/api/midi/learn", "{\"target\": \"/zoomorph/zoom\", \"curve\": \"cubic\"}"), 400))
        .contains("cubic");
    ApiClient.Response armed = post("/api/midi/learn", learn);
    assertThat(armed.status()).isEqualTo(202);
    assertThat(armed.json().get("armed").asText()).isEqualTo("/zoomorph/latent/3");
    assertThat(api.get("/api/state").json().at("/inputs/midi/learning").asBoolean()).isTrue();

    device.tryEmitNext(new ShortMessage(ShortMessage.CONTROL_CHANGE, 1, 74, 127)); // CC 74 on channel 2, full up
    assertThat(surface.value("/zoomorph/latent/3")).containsExactly(3.0);
    device.tryEmitNext(new ShortMessage(ShortMessage.CONTROL_CHANGE, 1, 74, 0));
    assertThat(surface.value("/zoomorph/latent/3")).containsExactly(-3.0);
    clock.tryEmitNext(new ClockEvent(ClockEvent.Kind.TEMPO, 133.5, true));
    assertThat(surface.value("/zoomorph/bpm")).containsExactly(133.5);

    JsonNode midi = api.get("/api/state").json().at("/inputs/midi");
    assertThat(midi.get("device").asText()).isEqualTo("Test Keys");
    assertThat(midi.get("events").asLong()).isEqualTo(2);
    assertThat(midi.get("learning").asBoolean()).isFalse();

    ApiClient.Response saved = post("/api/preset/save", "{\"name\": \"mine\"}");
    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.json().get("saved").asText()).isEqualTo("/tmp/presets/mine.json");
    assertThat(saves).containsExactly("mine " + List.of(MidiBinding.of(MidiSource.cc(2, 74), "/zoomorph/latent/3",
        -3, 3)));
    assertThat(post("/api/preset/save", "").status()).as("no body saves over the preset playing").isEqualTo(200);
  }

  @Test
  void browserMidiIsCheckedWholeThenAppliedThroughTheBindingsAndCanBeLearnedFrom() {
    String learn = "{\"target\": \"/zoomorph/zoom\", \"min\": 0.5, \"max\": 64, \"curve\": \"exponential\"}";
    assertThat(error(post("/api/midi/learn", learn), 409)).contains("browser");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[176, 74, 1], [176, 74, 200]]}"),
        400)).contains("MIDI message 1").contains("data bytes");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[248]]}"), 400))
        .contains("channel message");
    assertThat(error(post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[144, 60]]}"), 400))
        .contains("takes 2 data byte(s)");
    assertThat(error(post("/api/midi", "{\"device\": \"\", \"messages\": []}"), 400)).contains("device name");
    assertThat(live.controls().webMidi().hasDevice()).as("a refused request applies nothing").isFalse();

    assertThat(post("/api/midi", "{\"device\": \"Pad\", \"messages\": []}").status()).isEqualTo(200);
    assertThat(post("/api/midi/learn", learn).status()).isEqualTo(202);
    assertThat(api.get("/api/state").json().at("/inputs/webmidi/learning").asBoolean()).isTrue();
    ApiClient.Response moved = post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[177, 74, 127]]}");
    assertThat(moved.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(surface.value("/zoomorph/zoom")).as("bound and applied before the reply").containsExactly(64.0);
    post("/api/midi", "{\"device\": \"Pad\", \"messages\": [[177, 74, 0], [192, 3]]}");
    assertThat(surface.value("/zoomorph/zoom")).containsExactly(0.5);
    JsonNode webmidi = api.get("/api/state").json().at("/inputs/webmidi");
    assertThat(webmidi.get("devices").toString()).isEqualTo("[\"Pad\"]");
    assertThat(webmidi.get("events").asLong()).isEqualTo(3);
    assertThat(webmidi.get("learning").asBoolean()).isFalse();
    assertThat(live.controls().midiBindings()).containsExactly(new MidiBinding(MidiSource.cc(2, 74),
        MidiBinding.Mode.ABSOLUTE, "/zoomorph/zoom", 0.5, 64, MidiBinding.Curve.EXPONENTIAL));
  }

  @Test
  void aPresetThatCannotBeSavedThereIs409WithTheReason() {
    live.close();
    live = LiveServer.start(TestShows.noise(16, 16, 10), surface, "127.0.0.1", 0,
        new ControlOptions(new ApiToken(TOKEN), OptionalInt.empty(), null, (name, bindings) -> {
          throw new PresetException("preset dunes names a.png, which is not in /tmp/presets");
        }, null, null, null));
    api = new ApiClient(live.port());
    assertThat(error(post("/api/preset/save", ""), 409)).isEqualTo("preset dunes names a.png, which is not in"
        + " /tmp/presets");
  }

  @Test
  void savingIs501WhereTheShowCannotSave() {
    live.close();
    live = LiveServer.start(TestShows.noise(16, 16, 10), surface, "127.0.0.1", 0,
        new ControlOptions(new ApiToken(TOKEN), OptionalInt.empty(), null, null, null, null, null));
    api = new ApiClient(live.port());
    assertThat(error(post("/api/preset/save", ""), 501)).contains("cannot save presets");
  }

  private ApiClient.Response post(String path, String body) {
    return api.post(path, body, ApiClient.bearer(TOKEN));
  }

  private static String error(ApiClient.Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    return response.json().get("error").asText();
  }
}
