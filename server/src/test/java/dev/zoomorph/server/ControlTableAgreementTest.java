package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.render.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/control.md's table, OSCQuery ({@code /osc}) and {@code /api/state} all say what the control table says. */
class ControlTableAgreementTest {
  private static final Pattern ROW = Pattern.compile("^\\| `(/zoomorph/[^`]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void theDocsOscQueryAndTheStateApiAgreeWithTheControlTable() throws Exception {
    // A playlist of a preset with every kind of address plays: keyframes, a latent direction (a named family), a
    // denoiser, audio.latent (push), the playlist's own (only with one), and with features to read, the audio values.
    Path direction = Path.of("..", "presets", "directions", "fashion-vae-dcgan-boot.json").toAbsolutePath();
    Files.writeString(dir.resolve("everything.json"), """
        {"name": "everything", "model": {"kind": "model", "name": "fashion-vae-dcgan"},
         "trajectory": {"kind": "morph", "seed": 11, "keyframes": 3, "secondsPerSegment": 3, "slerp": true},
         "post": {"denoise": "fashion-denoiser"}, "directions": {"boot": "%s"},
         "audio": {"latent": {"directions": "seeded", "seed": 3, "amount": 0.25}}}
        """.formatted(direction.toString().replace("\\", "\\\\")));
    Path playlist = dir.resolve("list.json");
    Files.writeString(playlist, "{\"entries\": [{\"preset\": \"everything.json\", \"seconds\": 60}]}");
    try (RunningShow show = Zoomorph.playlist(playlist).backend(Backend.CPU).size(32, 32).serve(0).osc(0)
        .start()) {
      show.server().show().controls().measureAudioWith(() -> AudioFeatures.silence(5));
      List<ControlParameter> table = show.controls().parameters();
      Map<String, String> types = new TreeMap<>();
      table.forEach(p -> types.put(p.address(), p.typeTags()));

      ApiClient api = new ApiClient(show.httpPort().getAsInt());
      Map<String, String> oscQuery = new TreeMap<>();
      leaves(api.get("/osc").json(), oscQuery);
      Map<String, String> expectedOsc = new TreeMap<>();
      types.forEach((address, tags) -> expectedOsc.put(address, tags.isEmpty() ? "I" : tags));
      assertThat(oscQuery).as("OSCQuery's controls and types").isEqualTo(expectedOsc);
      // The names a string takes are OSCQuery's VALS: every palette, and the bundled presets' names.
      JsonNode zoomorph = api.get("/osc/zoomorph").json();
      assertThat(zoomorph.at("/CONTENTS/post/CONTENTS/palette/RANGE/0/VALS").toString())
          .isEqualTo("[\"none\",\"fire\",\"ice\",\"viridis\"]");
      List<String> presets = new ArrayList<>();
      zoomorph.at("/CONTENTS/preset/RANGE/0/VALS").forEach(name -> presets.add(name.asText()));
      assertThat(presets).contains("default", "deep-zoom", "fashion-dcgan").isSorted();
      // The impulses, which docs/control.md lists as write-only, are OSCQuery's write-only (2).
      for (String impulse : List.of("tap", "restart", "keyframe/next")) {
        assertThat(api.get("/osc/zoomorph/" + impulse).json().get("ACCESS").asInt()).as(impulse).isEqualTo(2);
      }

      List<String> state = new ArrayList<>();
      api.get("/api/state").json().get("parameters").fieldNames().forEachRemaining(state::add);
      assertThat(state).as("/api/state's parameters").containsExactlyElementsOf(types.keySet());

      // Every address is one row of the docs table (latent/{i} stands for each component, direction/{name} for each
      // direction), and every row is there.
      String docs = Files.readString(Path.of("..", "docs", "control.md"), StandardCharsets.UTF_8);
      Map<String, String> rows = new TreeMap<>();
      Matcher row = ROW.matcher(docs);
      while (row.find()) {
        rows.put(row.group(1), row.group(2).trim());
      }
      assertThat(rows).isNotEmpty();
      for (ControlParameter parameter : table) {
        String documented = parameter.address().matches("/zoomorph/latent/\\d+") ? "/zoomorph/latent/{i}"
            : parameter.address().startsWith("/zoomorph/direction/") ? "/zoomorph/direction/{name}"
            : parameter.address();
        assertThat(rows).as("docs row for " + parameter.address()).containsKey(documented);
        String docTypes = rows.get(documented);
        if (docTypes.equals("`f…`")) { // one f per latent component or band, however many there are
          assertThat(parameter.typeTags()).as("types of " + parameter.address()).matches("f+");
        } else {
          assertThat(docTypes).as("docs types of " + parameter.address())
              .isEqualTo(parameter.typeTags().isEmpty() ? "—" : "`" + parameter.typeTags() + "`");
        }
      }
      assertThat(rows.keySet()).allSatisfy(address -> assertThat(types.keySet())
          .anySatisfy(present -> assertThat(present.equals(address)
              || (address.endsWith("/{i}") && present.matches(Pattern.quote(address.replace("{i}", "")) + "\\d+"))
              || (address.endsWith("/{name}") && present.startsWith(address.replace("{name}", ""))))
              .isTrue()));
    }
  }

  /** Each OSCQuery node with a TYPE, by its FULL_PATH. */
  private static void leaves(JsonNode node, Map<String, String> out) {
    if (node.has("TYPE")) {
      out.put(node.get("FULL_PATH").asText(), node.get("TYPE").asText());
    }
    JsonNode contents = node.get("CONTENTS");
    if (contents != null) {
      for (Iterator<JsonNode> children = contents.elements(); children.hasNext(); ) {
        leaves(children.next(), out);
      }
    }
  }
}
