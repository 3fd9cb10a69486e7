package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.render.Backend;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zoomorph serve} end to end: the real show a bundled preset describes ({@link Show#of} on the
 * TensorFlow backend, 64x64), with its own {@link dev.zoomorph.engine.show.LiveShow} as the control surface, wired
 * by {@link ServeCommand#startLive} exactly as {@code call()} wires it; driven by a real {@code oscsend} and the
 * HTTP API, and watched through {@code /api/state}, OSCQuery and the frames a WebSocket viewer receives.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeEndToEndTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String TOKEN = "e2e-secret";

  @TempDir
  Path presetDir;

  /** A running {@code serve} and the clients that talk to it. */
  private record Served(LiveServer live, Show show, ApiClient api, int oscPort) implements AutoCloseable {

    JsonNode state() {
      return api.get("/api/state").json();
    }

    /** The newest frame a fresh viewer receives (the third, so that it is rendered after the call). */
    BufferedImage frame() {
      List<byte[]> jpegs = FrameClients.receive(live, 3, TIMEOUT);
      assertThat(jpegs).hasSize(3);
      return decode(jpegs.get(2));
    }

    /** Waits until the render loop has rendered {@code count} more frames. */
    void awaitFrames(int count) {
      long target = live.renderLoop().frameCount() + count;
      Polling.await(() -> live.renderLoop().frameCount() >= target, TIMEOUT, () -> "frames: " + state().get("frames"));
    }

    @Override
    public void close() {
      live.close();
    }
  }

  /**
   * Runs {@code serve} as {@code call()} does, minus waiting for Ctrl-C: picocli parses the options into the
   * command, the show is built from the parsed --preset, --size, --fps and --backend, and started with its controls.
   */
  private Served serve(String preset) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServeCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.parseArgs("--port", "0", "--osc-port", "0", "--token", TOKEN, "--backend", "cpu",
        "--size", "64x64", "--fps", "30", "--preset", preset, "--preset-dir", presetDir.toString());
    CommandSpec spec = commandLine.getCommandSpec();
    Show show = Show.of(spec.findOption("--preset").getValue(), spec.findOption("--size").getValue(),
        spec.findOption("--fps").<Double>getValue(), spec.findOption("--backend").<Backend>getValue());
    ServeCommand command = commandLine.getCommand();
    LiveServer live = command.startLive(show, show.controls());
    Served served = new Served(live, show, new ApiClient(live.port()), live.controls().oscAddress().getPort());
    assertThat(out.toString()).contains("Playing '" + preset + "' at 64x64");
    served.awaitFrames(2);
    return served;
  }

  @Test
  void oscZoomChangesTheStateOscQueryAndTheFramesViewersGet() throws Exception {
    try (Served serve = serve("default")) {
      // Held, the picture is still, so a change in the frames is the zoom's doing.
      OscSend.send(serve.oscPort(), "/zoomorph/hold", "T");
      Polling.await(() -> serve.state().at("/parameters/~1zoomorph~1hold/0").asBoolean(), TIMEOUT,
          () -> serve.api().get("/api/state").body());
      serve.awaitFrames(2);
      BufferedImage held = serve.frame();
      BufferedImage stillHeld = serve.frame();
      assertThat(PixelStats.meanAbsoluteDifference(held, stillHeld)).as("held frames are still").isLessThan(0.5);
      assertThat(serve.state().at("/parameters/~1zoomorph~1zoom/0").asDouble()).isEqualTo(1.0);

      OscSend.send(serve.oscPort(), "/zoomorph/zoom", "f", "4");
      // Smoothed: it glides there over a few frames.
      Polling.await(() -> Math.abs(serve.state().at("/parameters/~1zoomorph~1zoom/0").asDouble() - 4) < 1e-6,
          TIMEOUT, () -> serve.api().get("/api/state").body());
      assertThat(serve.api().get("/osc/zoomorph/zoom").json().at("/VALUE/0").asDouble()).isCloseTo(4, within(1e-6));
      assertThat(serve.state().at("/inputs/osc/accepted").asLong()).isEqualTo(2);

      BufferedImage zoomed = serve.frame();
      assertThat(zoomed.getWidth()).isEqualTo(64);
      assertThat(PixelStats.meanAbsoluteDifference(held, zoomed)).as("the zoomed frame differs from the held one")
          .isGreaterThan(5);
    }
  }

  @Test
  void oscLatentWhileHeldSetsTheRenderedLatentAndHoldsIt() throws Exception {
    try (Served serve = serve("default")) {
      OscSend.send(serve.oscPort(), "/zoomorph/hold", "T");
      Polling.await(() -> serve.state().at("/parameters/~1zoomorph~1hold/0").asBoolean(), TIMEOUT,
          () -> serve.api().get("/api/state").body());
      serve.awaitFrames(2);
      float[] frozen = latent(serve.state());
      assertThat(frozen).hasSize(32);

      OscSend.send(serve.oscPort(), "/zoomorph/latent/0", "f", "2.5");
      Polling.await(() -> latent(serve.state())[0] == 2.5f, TIMEOUT, () -> serve.api().get("/api/state").body());
      float[] set = latent(serve.state());
      serve.awaitFrames(3);
      float[] later = latent(serve.state());

      assertThat(later).as("held: the rendered latent stays still").containsExactly(set);
      float[] expected = frozen.clone();
      expected[0] = 2.5f;
      assertThat(set).as("only component 0 moved from where hold froze it").containsExactly(expected);
      assertThat(serve.state().at("/parameters/~1zoomorph~1latent~10/0").asDouble()).isEqualTo(2.5);
    }
  }

  @Test
  void presetSwitchOverHttpNeedsTheTokenRefusesABrokenFileAndCrossfades() throws Exception {
    try (Served serve = serve("default")) {
      String digits = "{\"name\": \"digits\"}";
      ApiClient.Response wrongToken = serve.api().post("/api/preset", digits, ApiClient.bearer("not-" + TOKEN));
      assertThat(wrongToken.status()).isEqualTo(401);

      Path broken = presetDir.resolve("broken.json");
      Files.writeString(broken, """
          {"name": "broken", "model": {"kind": "random-cppn", "seed": 1, "latentSize": 8, "width": 8, "depth": 2,
           "channels": 3, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2},
           "renderScale": 7}
          """);
      ApiClient.Response refused = serve.api().post("/api/preset",
          "{\"name\": " + quoted(broken.toString()) + "}", ApiClient.bearer(TOKEN));
      assertThat(refused.status()).isEqualTo(400);
      String loaderMessage = catchThrowableOfType(PresetException.class, () -> Presets.load(broken.toString()))
          .getMessage();
      assertThat(loaderMessage).contains(broken.toString()).contains("renderScale must be in (0, 1], was 7");
      assertThat(refused.json().get("error").asText()).isEqualTo("/zoomorph/preset: " + loaderMessage);

      // The show plays on: the same preset, frames still coming.
      serve.awaitFrames(5);
      JsonNode afterRefusals = serve.state();
      assertThat(afterRefusals.get("preset").asText()).isEqualTo("default");
      assertThat(afterRefusals.get("fps").asDouble()).isPositive();
      assertThat(afterRefusals.at("/inputs/http/unauthorized").asLong()).isEqualTo(1);
      assertThat(afterRefusals.at("/inputs/http/rejected").asLong()).isEqualTo(1);
      assertThat(serve.api().get("/health").status()).isEqualTo(200);
      assertThat(colourfulness(serve.frame())).as("the default preset is in colour").isGreaterThan(20);

      ApiClient.Response switched = serve.api().post("/api/preset", digits, ApiClient.bearer(TOKEN));
      assertThat(switched.status()).as(switched.body()).isEqualTo(200);
      assertThat(switched.json().at("/value/0").asText()).isEqualTo("digits");
      // The digits model is grey (its post-processing is a threshold, no palette): once the crossfade from the colour
      // preset is over, so are the frames.
      Polling.await(() -> colourfulness(serve.frame()) < 2, TIMEOUT,
          () -> "colourfulness " + colourfulness(serve.frame()));
      JsonNode state = serve.state();
      assertThat(state.get("preset").asText()).isEqualTo("digits");
      assertThat(state.get("fps").asDouble()).isPositive();
      assertThat(serve.show().controls().preset()).isEqualTo(Presets.load("digits"));
      assertThat(serve.api().get("/health").status()).isEqualTo(200);
    }
  }

  /**
   * A save writes only inside the preset folder, by real path: a subfolder there that is a link elsewhere, which the
   * copy of the preset's direction would go through, is 403 naming the link, and nothing is written, through the link
   * or in the folder.
   */
  @Test
  void presetSaveRefusesToWriteThroughALinkInThePresetDir(@TempDir Path outside) throws Exception {
    Path link = Files.createSymbolicLink(presetDir.resolve("directions"), outside);
    try (Served serve = serve("fashion-vae-dcgan")) {
      ApiClient.Response refused = serve.api().post("/api/preset/save", "{\"name\": \"mine\"}",
          ApiClient.bearer(TOKEN));
      assertThat(refused.status()).as(refused.body()).isEqualTo(403);
      assertThat(refused.json().get("error").asText()).isEqualTo("preset mine names "
          + "directions/fashion-vae-dcgan-boot.json, which would be written through the symbolic link " + link
          + ": a save writes only inside the preset folder " + presetDir + ", never through a link");
      assertThat(outside).isEmptyDirectory();
      try (Stream<Path> files = Files.list(presetDir)) {
        assertThat(files).as("nothing written").containsExactly(link);
      }
    }
  }

  @Test
  void presetSaveWritesThePlayingPresetToThePresetDir() throws Exception {
    try (Served serve = serve("default")) {
      assertThat(serve.api().post("/api/preset", "{\"name\": \"drift\"}", ApiClient.bearer(TOKEN)).status())
          .isEqualTo(200);
      ApiClient.Response unauthorized = serve.api().post("/api/preset/save", "{\"name\": \"mine\"}",
          ApiClient.bearer("wrong"));
      assertThat(unauthorized.status()).isEqualTo(401);
      ApiClient.Response escaping = serve.api().post("/api/preset/save", "{\"name\": \"../escaped\"}",
          ApiClient.bearer(TOKEN));
      assertThat(escaping.status()).isEqualTo(400);
      assertThat(escaping.json().get("error").asText()).contains("name must be").contains("'../escaped'");
      assertThat(presetDir.resolveSibling("escaped.json")).doesNotExist();
      Path mine = presetDir.resolve("mine.json");
      assertThat(mine).doesNotExist();
      // A saved preset never takes a bundled one's name: it would never play by it (and in a checkout whose preset
      // folder is the bundled presets' source, it would overwrite one).
      ApiClient.Response overBundled = serve.api().post("/api/preset/save", "", ApiClient.bearer(TOKEN));
      assertThat(overBundled.status()).as(overBundled.body()).isEqualTo(409);
      assertThat(overBundled.json().get("error").asText())
          .isEqualTo("the preset playing, 'drift', is bundled: give the save a name of its own");
      ApiClient.Response asBundled = serve.api().post("/api/preset/save", "{\"name\": \"default.json\"}",
          ApiClient.bearer(TOKEN));
      assertThat(asBundled.status()).isEqualTo(409);
      assertThat(asBundled.json().get("error").asText()).isEqualTo("'default' is a bundled preset's name: save under"
          + " another");
      try (Stream<Path> files = Files.list(presetDir)) {
        assertThat(files).as("nothing written").isEmpty();
      }

      // What a VJ changed since the switch is saved with the preset.
      for (String change : List.of("{\"address\": \"/zoomorph/zoom\", \"args\": [2.5]}",
          "{\"address\": \"/zoomorph/center\", \"args\": [0.25, -0.5]}",
          "{\"address\": \"/zoomorph/post/contrast\", \"args\": [1.5]}",
          "{\"address\": \"/zoomorph/bpm\", \"args\": [96]}")) {
        assertThat(serve.api().post("/api/control", change, ApiClient.bearer(TOKEN)).status()).isEqualTo(200);
      }
      Preset drift = Presets.load("drift");
      Preset changed = drift.withControls(new ViewSpec(0.25, -0.5, 2.5, 0), new PostSpec(1.5, 1, null, 0, null), 96,
          drift.smoothingSeconds(), drift.crossfadeSeconds());
      Polling.await(() -> serve.show().controls().presetAsPlayed().equals(changed), Duration.ofSeconds(30),
          () -> "the show plays " + serve.show().controls().presetAsPlayed());

      ApiClient.Response saved = serve.api().post("/api/preset/save", "{\"name\": \"mine\"}", ApiClient.bearer(TOKEN));
      assertThat(saved.status()).as(saved.body()).isEqualTo(200);
      assertThat(saved.json().get("saved").asText()).isEqualTo(mine.toString());
      assertThat(saved.json().get("midiBindings").asInt()).isZero();

      Preset readBack = Presets.load(mine.toString());
      assertThat(readBack.name()).isEqualTo("mine");
      assertThat(readBack.withName("drift")).as("the playing preset, not the one serve started with, as played")
          .isEqualTo(changed);

      // Played again by its name, and saved over with no name; a name with a YAML ending is saved as YAML.
      assertThat(serve.api().post("/api/preset", "{\"name\": \"mine\"}", ApiClient.bearer(TOKEN)).status())
          .isEqualTo(200);
      serve.api().post("/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [4]}", ApiClient.bearer(TOKEN));
      ApiClient.Response over = serve.api().post("/api/preset/save", "", ApiClient.bearer(TOKEN));
      assertThat(over.status()).as(over.body()).isEqualTo(200);
      assertThat(over.json().get("saved").asText()).isEqualTo(mine.toString());
      assertThat(Presets.load(mine.toString()).view().zoom()).isEqualTo(4.0);
      ApiClient.Response yaml = serve.api().post("/api/preset/save", "{\"name\": \"set.yaml\"}",
          ApiClient.bearer(TOKEN));
      assertThat(yaml.json().get("saved").asText()).isEqualTo(presetDir.resolve("set.yaml").toString());
      assertThat(Files.readString(presetDir.resolve("set.yaml"))).startsWith("---").contains("name: \"set\"");
      assertThat(Presets.load(presetDir.resolve("set.yaml").toString()).withName("mine"))
          .isEqualTo(Presets.load(mine.toString()));
      try (Stream<Path> files = Files.list(presetDir)) {
        assertThat(files.map(path -> path.getFileName().toString()).sorted().toList())
            .as("no temporary file left").containsExactly("mine.json", "set.yaml");
      }
    }
  }

  @Test
  void controlRepliesGiveTheValueAsSetWhileTheShowGlidesThere() throws Exception {
    try (Served serve = serve("default")) {
      post(serve, "/zoomorph/smoothing", 30);
      post(serve, "/zoomorph/zoom", 2);
      ApiClient.Response reply = post(serve, "/zoomorph/zoom", 8);
      assertThat(reply.json().get("value").toString()).isEqualTo("[8.0]");
      assertThat(serve.state().at("/parameters/~1zoomorph~1zoom/0").asDouble())
          .as("a 30 s glide has hardly started").isLessThan(7.0);
      assertThat(post(serve, "/zoomorph/speed", -10).json().get("value").toString()).as("clamped").isEqualTo("[-4.0]");
    }
  }

  private static ApiClient.Response post(Served serve, String address, double value) {
    ApiClient.Response response = serve.api().post("/api/control", "{\"address\": \"" + address + "\", \"args\": ["
        + value + "]}", ApiClient.bearer(TOKEN));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static float[] latent(JsonNode state) {
    JsonNode values = state.get("latent");
    float[] latent = new float[values.size()];
    for (int i = 0; i < latent.length; i++) {
      latent[i] = values.get(i).floatValue();
    }
    return latent;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static BufferedImage decode(byte[] jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(image).as("a frame decodes as a JPEG").isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean over pixels of the spread between the largest and smallest of R, G, B: about 0 for a grey image. */
  private static double colourfulness(BufferedImage image) {
    long sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int r = (p >> 16) & 0xff;
        int g = (p >> 8) & 0xff;
        int b = p & 0xff;
        sum += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
      }
    }
    return (double) sum / (image.getWidth() * image.getHeight());
  }
}
