package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlException.Problem;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.render.Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presets named over the network (the HTTP API, OSC) may be bundled ones or files inside the preset folder; a path
 * outside it (absolute, {@code ..}, a link whose target is outside) is refused (403, or counted as forbidden for
 * OSC) and never read. "Never read" is watched through the file's access time: the test first shows that a read of
 * a file here does change it (a file whose access time is older than its change time gets a new one when read, on
 * this project's relatime mounts), then that the refused files' did not change. Files named on the command line (a
 * playlist) are not restricted.
 */
@Timeout(180)
class NetworkPresetAccessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken";
  private static final FileTime LONG_AGO = FileTime.fromMillis(0);
  private static final String PRESET = """
      {"name": "%s", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 8, "depth": 2,
       "channels": 1, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2}}
      """;

  @TempDir Path root;

  private static Path preset(Path file, String name) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, PRESET.formatted(name));
    Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(null, LONG_AGO, null);
    return file;
  }

  private static FileTime accessed(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime();
  }

  @Test
  void onlyBundledPresetsAndFilesInThePresetFolderAreReadForTheNetwork() throws Exception {
    Path folder = root.resolve("presets");
    Path inside = preset(folder.resolve("inside.json"), "inside");
    Path secret = preset(root.resolve("elsewhere/secret.json"), "secret");
    Path link = folder.resolve("link.json");
    Files.createSymbolicLink(link, secret);
    Files.createSymbolicLink(folder.resolve("out"), secret.getParent());
    Files.getFileAttributeView(secret, BasicFileAttributeView.class).setTimes(null, LONG_AGO, null);
    Path playlist = root.resolve("list.json");
    Files.writeString(playlist, "{\"entries\": [{\"preset\": \"default\", \"seconds\": 600}, {\"preset\": \""
        + secret + "\", \"seconds\": 600}]}");

    try (RunningShow show = Zoomorph.playlist(playlist).backend(Backend.CPU).size(32, 32).serve(0).osc(0)
        .token(TOKEN).presetDir(folder).start()) {
      ApiClient api = new ApiClient(show.httpPort().getAsInt());

      // A read of a file here shows in its access time: the file inside the folder, by its relative name.
      ApiClient.Response allowed = api.post("/api/preset", "{\"name\": \"inside.json\"}", ApiClient.bearer(TOKEN));
      assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
      assertThat(api.get("/api/state").json().get("preset").asText()).isEqualTo("inside");
      assertThat(accessed(inside)).as("reading a preset changes its access time here").isGreaterThan(LONG_AGO);

      for (String name : new String[] {secret.toString(), "../elsewhere/secret.json", "link.json",
          folder + "/../elsewhere/secret.json"}) {
        ApiClient.Response refused = api.post("/api/preset", "{\"name\": \"" + name + "\"}", ApiClient.bearer(TOKEN));
        assertThat(refused.status()).as(name + ": " + refused.body()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).startsWith("/zoomorph/preset: '" + name
            + "' is refused over the network: ");
      }
      // Through a subfolder that links out, whether the file is there is not told: both answers are the same.
      for (String name : new String[] {"out/nonexist.json", "out/secret.json"}) {
        ApiClient.Response refused = api.post("/api/preset", "{\"name\": \"" + name + "\"}", ApiClient.bearer(TOKEN));
        assertThat(refused.status()).as(name + ": " + refused.body()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("/zoomorph/preset: '" + name
            + "' is refused over the network: it leads through a symbolic link out of the preset folder " + folder);
      }
      ApiClient.Response noSuchName = api.post("/api/preset", "{\"name\": \"passwd\"}", ApiClient.bearer(TOKEN));
      assertThat(noSuchName.status()).as("a name no preset has is a mistake, not a trespass").isEqualTo(400);
      assertThat(noSuchName.json().get("error").asText()).startsWith("/zoomorph/preset: no preset named 'passwd': "
          + "none of the bundled ones (").contains("default, ").endsWith(", nor passwd.json or .yaml in the preset "
          + "folder " + folder);

      // What a control page's menu offers, to whoever has the token: the files the network may name, not the link out, a subfolder's file, a
      // hidden file or a file that is no preset's; listing them reads none.
      preset(folder.resolve("other.yaml"), "other");
      preset(folder.resolve("sub/deeper.json"), "deeper");
      preset(folder.resolve(".hidden.json"), "hidden");
      Files.writeString(folder.resolve("notes.txt"), "not a preset");
      assertThat(api.get("/api/presets").status()).as("the folder is the show's: the token is needed").isEqualTo(401);
      ApiClient.Response files = api.get("/api/presets", ApiClient.bearer(TOKEN));
      assertThat(files.status()).isEqualTo(200);
      assertThat(files.json().toString()).isEqualTo("{\"files\":[\"inside.json\",\"other.yaml\"]}");

      try (DatagramChannel sender = DatagramChannel.open()) {
        sender.bind(new InetSocketAddress("127.0.0.1", 0));
        sender.connect(show.oscAddress());
        sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/preset", secret.toString()))));
        sender.write(ByteBuffer.wrap(OscCodec.encode(OscMessage.of("/zoomorph/pre?et", "link.json"))));
        // Each refusal is answered to the sender's port: /zoomorph/error with the address and what was wrong.
        for (String name : new String[] {secret.toString(), "link.json"}) {
          OscMessage answer = OscAnswers.next(sender, TIMEOUT);
          assertThat(answer.address()).isEqualTo("/zoomorph/error");
          assertThat(answer.arguments()).hasSize(2);
          assertThat(answer.arguments().get(0)).isEqualTo("/zoomorph/preset");
          assertThat((String) answer.arguments().get(1)).contains("'" + name + "' is refused over the network");
        }
      }
      Polling.await(() -> api.get("/api/state").json().at("/inputs/osc/forbidden").asLong() == 2, TIMEOUT,
          () -> api.get("/api/state").body());
      JsonNode state = api.get("/api/state").json();
      assertThat(state.get("preset").asText()).as("the show plays on what it had").isEqualTo("inside");
      assertThat(state.at("/inputs/http/rejected").asLong()).isEqualTo(7);
      assertThat(accessed(secret)).as("the file outside was never read").isEqualTo(LONG_AGO);

      // A saved preset by its name: what /zoomorph/preset reads back can be sent again.
      ApiClient.Response byName = api.post("/api/preset", "{\"name\": \"other\"}", ApiClient.bearer(TOKEN));
      assertThat(byName.status()).as(byName.body()).isEqualTo(200);
      assertThat(byName.json().at("/value/0").asText()).isEqualTo("other");
      JsonNode readBack = api.get("/osc/zoomorph/preset?VALUE").json().get("VALUE");
      assertThat(readBack.get(0).asText()).isEqualTo("other");
      ApiClient.Response again = api.post("/api/control", "{\"address\": \"/zoomorph/preset\", \"args\": "
          + readBack + "}", ApiClient.bearer(TOKEN));
      assertThat(again.status()).as(again.body()).isEqualTo(200);

      // The playlist came from the command line: it may name the file outside.
      api.post("/api/control", "{\"address\": \"/zoomorph/playlist/entry\", \"args\": [1]}", ApiClient.bearer(TOKEN));
      Polling.await(() -> api.get("/api/state").json().get("preset").asText().equals("secret"), TIMEOUT,
          () -> api.get("/api/state").body());
      assertThat(accessed(secret)).isGreaterThan(LONG_AGO);
    }
  }

  /**
   * Through a subfolder that links out of the folder, a file that is there and one that is not are refused alike
   * (so the answer tells nothing of what is outside), as is a link that leads nowhere; a missing file whose real
   * place is inside the folder is only not there.
   */
  @Test
  void throughALinkOutAMissingFileIsRefusedAsAPresentOneIs() throws Exception {
    Path folder = Files.createDirectories(root.resolve("presets"));
    Path outside = root.resolve("outside");
    Path secret = preset(outside.resolve("secret.json"), "secret");
    Files.createSymbolicLink(folder.resolve("sub"), outside);
    Files.createSymbolicLink(folder.resolve("nowhere"), root.resolve("gone"));
    Files.createSymbolicLink(folder.resolve("gone.json"), root.resolve("gone.json"));
    Files.createSymbolicLink(folder.resolve("alias"), Files.createDirectories(folder.resolve("real")));
    PresetAccess access = new PresetAccess(folder);
    for (String name : new String[] {"sub/nonexist.json", "sub/secret.json", "sub/deeper/nonexist.json",
        "nowhere/x.json", "gone.json"}) {
      assertThatThrownBy(() -> access.admit(name)).as(name).isInstanceOfSatisfying(ControlException.class,
          refused -> assertThat(refused.problem()).as(refused.getMessage()).isEqualTo(Problem.FORBIDDEN))
          .hasMessage("/zoomorph/preset: '" + name + "' is refused over the network: it leads through a symbolic"
              + " link out of the preset folder " + folder);
    }
    assertThat(access.admit("alias/nonexist.json")).as("a link inside the folder")
        .isEqualTo(folder.toRealPath().resolve("alias/nonexist.json").toString());
    assertThat(access.admit("nonexist.json")).isEqualTo(folder.toRealPath().resolve("nonexist.json").toString());
    assertThat(accessed(secret)).isEqualTo(LONG_AGO);
  }

  @Test
  void beforeTheFolderIsMadeAPathOutsideItIsStillForbiddenAndOneInsideIsNotThereYet() throws Exception {
    Path folder = root.resolve("my-presets"); // serve's default: made by the first save
    Path secret = preset(root.resolve("elsewhere/secret.json"), "secret");
    PresetAccess access = new PresetAccess(folder);
    for (String name : new String[] {secret.toString(), "../elsewhere/secret.json"}) {
      assertThatThrownBy(() -> access.admit(name)).isInstanceOfSatisfying(ControlException.class,
          refused -> assertThat(refused.problem()).as(refused.getMessage()).isEqualTo(Problem.FORBIDDEN))
          .hasMessage("/zoomorph/preset: '" + name + "' is refused over the network: it is outside the preset folder "
              + folder);
    }
    assertThatThrownBy(() -> access.admit("mine.json")).isInstanceOfSatisfying(ControlException.class,
        refused -> assertThat(refused.problem()).isEqualTo(Problem.NOT_LOADABLE))
        .hasMessage("/zoomorph/preset: 'mine.json' cannot be loaded: the preset folder " + folder
            + " does not exist yet (saving a preset makes it)");
    assertThat(accessed(secret)).isEqualTo(LONG_AGO);
  }

  /**
   * The program's own preset switches (code submitting to the bus) find what the preset folder holds by the name
   * they give, as the network's do (a saved preset's name, a relative file), and may still name any file.
   */
  @Test
  void theProgramFindsThePresetFolderSPresetsAsTheNetworkDoes() throws Exception {
    Path folder = root.resolve("presets");
    preset(folder.resolve("mine.json"), "mine");
    preset(folder.resolve("sub/deep.json"), "deep");
    Path elsewhere = preset(root.resolve("elsewhere/other.json"), "other");
    try (RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(32, 32).presetDir(folder).start()) {
      for (String[] named : new String[][] {{"mine", "mine"}, {"mine.json", "mine"}, {"sub/deep.json", "deep"},
          {elsewhere.toString(), "other"}, {"drift", "drift"}}) {
        show.controls().submit("app", ControlMessage.of("/zoomorph/preset", named[0]));
        assertThat(show.preset().name()).as(named[0]).isEqualTo(named[1]);
      }
      assertThatThrownBy(() -> show.controls().submit("app",
          ControlMessage.of("/zoomorph/preset", "absent")))
          .isInstanceOf(ControlException.class).hasMessageContaining("no bundled preset named 'absent'");
    }
  }
}
