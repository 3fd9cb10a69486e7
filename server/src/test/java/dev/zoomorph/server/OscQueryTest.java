package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.osc.OscBundle;
import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.engine.control.osc.OscPacket;
import dev.zoomorph.engine.control.osc.OscTimeTag;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OSCQuery at /osc, and OSC datagrams reaching the show, over real sockets on 127.0.0.1. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OscQueryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestSurface surface = new TestSurface(4);
  private LiveServer live;
  private ApiClient api;

  @BeforeEach
  void start() {
    live = LiveServer.start(TestShows.noise(16, 16, 10), surface, "127.0.0.1", 0,
        new ControlOptions(new ApiToken("t0ken"), OptionalInt.of(0), null, null, null, null, null));
    api = new ApiClient(live.port());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  void theAddressSpaceIsNestedNodesWithTypesRangesValuesAndAccess() {
    ApiClient.Response response = api.get("/osc");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    JsonNode root = response.json();
    assertThat(root.get("FULL_PATH").asText()).isEqualTo("/");
    JsonNode zoomorph = root.at("/CONTENTS/zoomorph");
    assertThat(zoomorph.get("FULL_PATH").asText()).isEqualTo("/zoomorph");
    assertThat(zoomorph.has("TYPE")).as("a container has no type").isFalse();

    JsonNode zoom = zoomorph.at("/CONTENTS/zoom");
    assertThat(zoom.get("FULL_PATH").asText()).isEqualTo("/zoomorph/zoom");
    assertThat(zoom.get("TYPE").asText()).isEqualTo("f");
    assertThat(zoom.get("ACCESS").asInt()).isEqualTo(3);
    assertThat(zoom.at("/RANGE/0/MIN").asDouble()).isEqualTo(0.5);
    assertThat(zoom.at("/RANGE/0/MAX").asDouble()).isEqualTo(64.0);
    assertThat(zoom.at("/VALUE/0").asDouble()).isEqualTo(1.0);
    assertThat(zoom.get("DESCRIPTION").asText()).isEqualTo("test /zoomorph/zoom");

    JsonNode latent = zoomorph.at("/CONTENTS/latent");
    assertThat(latent.get("CONTENTS").fieldNames()).toIterable().containsExactly("0", "1", "2", "3");
    assertThat(latent.at("/CONTENTS/3/FULL_PATH").asText()).isEqualTo("/zoomorph/latent/3");
    assertThat(zoomorph.at("/CONTENTS/center/TYPE").asText()).isEqualTo("ff");
    assertThat(zoomorph.at("/CONTENTS/center/RANGE")).hasSize(2);

    JsonNode fps = zoomorph.at("/CONTENTS/fps");
    assertThat(fps.get("ACCESS").asInt()).as("read-only").isEqualTo(1);
    assertThat(fps.at("/RANGE/0/MIN").asDouble()).isZero();
    assertThat(fps.at("/RANGE/0").has("MAX")).as("JSON has no infinity: an open end is left out").isFalse();
    JsonNode hold = zoomorph.at("/CONTENTS/hold");
    assertThat(hold.get("TYPE").asText()).isEqualTo("T");
    assertThat(hold.at("/VALUE/0").isBoolean()).isTrue();
    assertThat(hold.has("RANGE")).isFalse();
    JsonNode tap = zoomorph.at("/CONTENTS/tap");
    assertThat(tap.get("TYPE").asText()).isEqualTo("I");
    assertThat(tap.has("VALUE")).isFalse();
    // Impulses have no value to read: write-only, as docs/control.md lists them.
    assertThat(tap.get("ACCESS").asInt()).isEqualTo(2);
  }

  @Test
  void hostInfoSingleNodesAndAttributes() {
    JsonNode info = api.get("/osc?HOST_INFO").json();
    assertThat(info.get("NAME").asText()).isEqualTo("zoomorph");
    assertThat(info.get("OSC_PORT").asInt()).isEqualTo(live.controls().oscAddress().getPort());
    assertThat(info.get("OSC_IP").asText()).isEqualTo("127.0.0.1");
    assertThat(info.get("OSC_TRANSPORT").asText()).isEqualTo("UDP");
    assertThat(info.at("/EXTENSIONS/VALUE").asBoolean()).isTrue();
    assertThat(info.at("/EXTENSIONS/LISTEN").asBoolean()).isFalse();

    JsonNode zoom = api.get("/osc/zoomorph/zoom").json();
    assertThat(zoom.get("FULL_PATH").asText()).isEqualTo("/zoomorph/zoom");
    assertThat(zoom.get("TYPE").asText()).isEqualTo("f");
    JsonNode value = api.get("/osc/zoomorph/zoom?VALUE").json();
    assertThat(value.fieldNames()).toIterable().containsExactly("VALUE");
    assertThat(value.at("/VALUE/0").asDouble()).isEqualTo(1.0);
    assertThat(api.get("/osc/zoomorph/latent/").json().get("FULL_PATH").asText()).isEqualTo("/zoomorph/latent");

    assertThat(api.get("/osc/zoomorph/tap?VALUE").status()).as("impulse has no value").isEqualTo(204);
    assertThat(api.get("/osc/zoomorph/nope").status()).isEqualTo(404);
    assertThat(api.get("/osc/zoomorph/zoom?COLOUR").json().get("error").asText()).contains("COLOUR");
    assertThat(api.get("/oscar").status()).as("only /osc and below").isEqualTo(404);
  }

  @Test
  void aValueSentOverOscShowsUpInOscQueryAndTheState() throws IOException {
    InetSocketAddress osc = live.controls().oscAddress();
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.connect(osc);
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/zoom", 7.5f))));
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/latent/*", 2))));
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/nowhere", 1f))));
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/zoom", "far"))));
      sender.write(ByteBuffer.wrap(new byte[] {'/', 'x', 0, 0, 1, 2, 3}));
      Polling.await(() -> api.get("/api/state").json().at("/inputs/osc/dropped").asLong() == 1
              && api.get("/api/state").json().at("/inputs/osc/rejected").asLong() == 1,
          TIMEOUT, () -> api.get("/api/state").body());
    }
    assertThat(api.get("/osc/zoomorph/zoom?VALUE").json().at("/VALUE/0").asDouble()).isEqualTo(7.5);
    assertThat(api.get("/osc/zoomorph/latent/3").json().at("/VALUE/0").asDouble()).isEqualTo(2.0);
    JsonNode state = api.get("/api/state").json();
    assertThat(state.at("/parameters/~1zoomorph~1zoom/0").asDouble()).isEqualTo(7.5);
    assertThat(state.at("/parameters/~1zoomorph~1latent~10/0").asDouble()).isEqualTo(2.0);
    JsonNode counters = state.at("/inputs/osc");
    assertThat(counters.get("port").asInt()).isEqualTo(osc.getPort());
    assertThat(counters.get("accepted").asLong()).isEqualTo(4);
    assertThat(counters.get("malformed").asLong()).isEqualTo(1);
    assertThat(counters.get("unknownAddress").asLong()).isEqualTo(1);
    assertThat(counters.get("rejected").asLong()).as("a string for a float").isEqualTo(1);
    assertThat(surface.applied.get()).isEqualTo(5); // zoom, and latent/0..3 through the pattern
  }

  @Test
  void afterAPresetSwitchOscReachesTheNewPresetsAddresses() throws IOException {
    InetSocketAddress osc = live.controls().oscAddress();
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.connect(osc);
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/latent/5", 1f))));
      Polling.await(() -> live.controls().oscStats().unknownAddress() == 1, TIMEOUT,
          () -> String.valueOf(live.controls().oscStats()));

      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/preset", "drift"))));
      sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/latent/5", 1.5f))));
      Polling.await(() -> surface.applied.get() == 2, TIMEOUT, () -> String.valueOf(live.controls().oscStats()));
    }
    assertThat(surface.value("/zoomorph/latent/5")).containsExactly(1.5);
    assertThat(api.get("/osc/zoomorph/latent/5").json().get("ACCESS").asInt()).isEqualTo(3);
  }

  @Test
  void aBundleTaggedAheadIsAppliedWhenItsTimeComesNotOnArrival() throws IOException {
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.connect(live.controls().oscAddress());
      send(sender, OscMessage.of("/zoomorph/latent/0", 1f)); // the path warmed up, so what follows takes ms
      awaitValue("/zoomorph/latent/0", 1.0);

      Instant due = Instant.now().plusMillis(500);
      send(sender, OscBundle.of(OscTimeTag.of(due), OscMessage.of("/zoomorph/zoom", 7.5f)));
      send(sender, OscMessage.of("/zoomorph/latent/1", 2f)); // sent after: once applied, the bundle has arrived
      awaitValue("/zoomorph/latent/1", 2.0);
      List<Object> zoomOnArrival = surface.value("/zoomorph/zoom");
      assertThat(Instant.now()).as("checked before the bundle's time").isBefore(due);
      assertThat(zoomOnArrival).as("not applied on arrival").containsExactly(1.0);

      awaitValue("/zoomorph/zoom", 7.5);
      assertThat(Instant.now()).as("applied at its time").isAfterOrEqualTo(due);
    }
    assertThat(live.controls().oscStats().rejected()).isZero();
  }

  @Test
  void aBundleTaggedTooFarAheadIsRefusedAnsweredAndCounted() throws IOException {
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.bind(new InetSocketAddress("127.0.0.1", 0));
      sender.connect(live.controls().oscAddress());
      Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
      send(sender, OscBundle.of(OscTimeTag.of(inAnHour), OscMessage.of("/zoomorph/zoom", 7.5f)));

      OscMessage answer = OscAnswers.next(sender, TIMEOUT);
      assertThat(answer.address()).isEqualTo("/zoomorph/error");
      assertThat(answer.arguments()).hasSize(2);
      assertThat(answer.arguments().get(0)).isEqualTo("/zoomorph/zoom");
      assertThat((String) answer.arguments().get(1))
          .startsWith("/zoomorph/zoom: time tag " + inAnHour + " is ")
          .endsWith(" s ahead, more than the 60 s allowed (do the sender's and this machine's clocks agree?)");
    }
    Polling.await(() -> api.get("/api/state").json().at("/inputs/osc/rejected").asLong() == 1, TIMEOUT,
        () -> api.get("/api/state").body());
    assertThat(surface.value("/zoomorph/zoom")).containsExactly(1.0);
  }

  @Test
  void messagesThatStandForNoControlAreAnsweredInWords() throws IOException {
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.bind(new InetSocketAddress("127.0.0.1", 0));
      sender.connect(live.controls().oscAddress());
      send(sender, OscMessage.of("/zoomorph/zoom", new byte[] {1, 2, 3}));
      send(sender, OscMessage.of("/nothing/*/here"));
      send(sender, OscMessage.of("/zoomorph/latent/[0"));
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        OscMessage answer = OscAnswers.next(sender, TIMEOUT);
        assertThat(answer.address()).isEqualTo("/zoomorph/error");
        problems.add(answer.arguments().get(0) + " | " + answer.arguments().get(1));
      }
      assertThat(problems).containsExactly(
          "/zoomorph/zoom | /zoomorph/zoom: argument 0 cannot control the show (type tags ,b; numbers, strings and "
              + "T/F can)",
          "/nothing/*/here | address pattern /nothing/*/here matches no address the show has now",
          "/zoomorph/latent/[0 | malformed OSC address pattern \"/zoomorph/latent/[0\" at index 17: '[' is not "
              + "closed in the same part");
    }
    assertThat(surface.value("/zoomorph/zoom")).containsExactly(1.0);
  }

  /**
   * The answer to a refused message is at most a few hundred bytes, however long its address: it echoed the address
   * twice, so a forged sender got back twice what was sent (a reflection amplifier on a show bound to a network).
   */
  @Test
  void theAnswerToALongAddressIsShortened() throws IOException {
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.bind(new InetSocketAddress("127.0.0.1", 0));
      sender.connect(live.controls().oscAddress());
      String pattern = "/nothing" + "/*".repeat(2000);
      send(sender, OscMessage.of(pattern));
      OscMessage answer = OscAnswers.next(sender, TIMEOUT);
      assertThat(answer.address()).isEqualTo("/zoomorph/error");
      assertThat((String) answer.arguments().get(0)).hasSize(ControlInputs.ANSWERED_LENGTH)
          .startsWith("/nothing/*/*").endsWith("…");
      assertThat((String) answer.arguments().get(1)).hasSize(ControlInputs.ANSWERED_LENGTH)
          .startsWith("address pattern /nothing/*/*").endsWith("…");
      assertThat(OscCodec.encode(answer).length).isLessThan(3 * ControlInputs.ANSWERED_LENGTH);
    }
  }

  private void awaitValue(String address, double value) {
    Polling.await(() -> surface.value(address).equals(List.of(value)), TIMEOUT,
        () -> String.valueOf(surface.parameters()));
  }

  private static void send(DatagramChannel sender, OscPacket packet) throws IOException {
    sender.write(ByteBuffer.wrap(OscCodec.encode(packet)));
  }
}
