package dev.zoomorph.engine.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {

  private static final String VALID = """
      {"name": "test", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 16, "depth": 3,
        "channels": 3, "scale": 4},
       "trajectory": {"kind": "morph", "seed": 1, "keyframes": 4, "secondsPerSegment": 2.5, "slerp": true},
       "view": {"centerX": 0.5, "centerY": 0, "zoom": 2, "rotationDegrees": 0}, "renderScale": 0.5}
      """;

  private static Preset parse(String json) {
    return Presets.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json");
  }

  @Test
  void parsesEveryField() {
    Preset preset = parse(VALID);
    assertThat(preset.name()).isEqualTo("test");
    assertThat(preset.model()).isEqualTo(new ModelSpec.RandomCppn(3, 8, 16, 3, 3, 4f));
    assertThat(preset.trajectory()).isEqualTo(new TrajectorySpec.Morph(1, 4, 2.5, true));
    assertThat(preset.view()).isEqualTo(new ViewSpec(0.5, 0, 2, 0));
    assertThat(preset.renderScale()).isEqualTo(0.5);
  }

  @Test
  void optionalFieldsTakeDefaults() {
    Preset preset = parse("""
        {"name": "t", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 16, "depth": 3,
          "channels": 1, "scale": 4}, "trajectory": {"kind": "random-walk", "seed": 2, "timescaleSeconds": 1}}
        """);
    assertThat(preset.view()).isEqualTo(ViewSpec.DEFAULT);
    assertThat(preset.renderScale()).isEqualTo(1.0);
    assertThat(preset.description()).isEmpty();
  }

  @Test
  void invalidValueNamesSourceFieldAndProblem() {
    assertThatThrownBy(() -> parse(VALID.replace("\"secondsPerSegment\": 2.5", "\"secondsPerSegment\": -1")))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("p.json")
        .hasMessageContaining("trajectory")
        .hasMessageContaining("secondsPerSegment must be a positive number, was -1.0");
    assertThatThrownBy(() -> parse(VALID.replace("\"width\": 16", "\"width\": 0")))
        .hasMessageContaining("field model")
        .hasMessageContaining("CPPN width must be in 1..1024, was 0");
    assertThatThrownBy(() -> parse(VALID.replace("\"zoom\": 2", "\"zoom\": 0")))
        .hasMessageContaining("field view")
        .hasMessageContaining("zoom must be a positive finite number");
  }

  @Test
  void unknownKindMissingFieldUnknownFieldAndBadJsonAreNamed() {
    assertThatThrownBy(() -> parse(VALID.replace("\"kind\": \"morph\"", "\"kind\": \"spiral\"")))
        .hasMessageContaining("field trajectory").hasMessageContaining("spiral");
    assertThatThrownBy(() -> parse(VALID.replace("\"name\": \"test\",", "")))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\"", "\"renderScaIe\"")))
        .hasMessageContaining("renderScaIe");
    assertThatThrownBy(() -> parse(VALID.replace("\"keyframes\": 4", "\"keyframes\": \"four\"")))
        .hasMessageContaining("field trajectory: keyframes must be a count or a list of pictures and counts");
    assertThatThrownBy(() -> parse("{\"name\": ")).hasMessageContaining("p.json: not valid JSON");
  }

  @Test
  void nullsAndMissingNumbersAreNamedWhereTheyAre() {
    assertThatThrownBy(() -> parse("null")).isInstanceOf(PresetException.class)
        .hasMessage("p.json: the document is empty or null, not a preset");
    assertThatThrownBy(() -> parse(VALID.replace(", \"slerp\": true", "")))
        .isInstanceOf(PresetException.class)
        .hasMessage("p.json: field trajectory.slerp: must be true or false, was missing");
    assertThatThrownBy(() -> parse(VALID.replace("\"seed\": 1,", "\"seed\": null,")))
        .hasMessage("p.json: field trajectory.seed: must be a whole number, was null");
    assertThatThrownBy(() -> parse(VALID.replace("\"name\": \"test\"", "\"name\": null")))
        .hasMessage("p.json: field name: must be a string, was null");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5",
            "\"audio\": {\"bands\": [{\"name\": \"low\", \"lowHz\": 20, \"highHz\": 200}, null]}")))
        .isInstanceOf(PresetException.class)
        .hasMessage("p.json: field audio.bands[1]: null is not allowed");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5", "\"midi\": [null]")))
        .hasMessage("p.json: field midi[0]: null is not allowed");
  }

  @Test
  void wrongTypesAndKindsSayWhatBelongsThereInTheWritersTerms() {
    assertThatThrownBy(() -> parse("[1, 2]")).hasMessage("p.json: must be an object, was a list");
    assertThatThrownBy(() -> parse(VALID.replace("\"seed\": 3", "\"seed\": \"abc\"")))
        .hasMessage("p.json: field model.seed: must be a whole number, was \"abc\"");
    assertThatThrownBy(() -> parse(VALID.replace("\"width\": 16", "\"width\": 16.5")))
        .hasMessage("p.json: field model.width: must be a whole number, was 16.5");
    assertThatThrownBy(() -> parse(VALID.replace("\"kind\": \"random-cppn\"", "\"kind\": \"cppn\"")))
        .hasMessage("p.json: field model.kind: must be one of \"random-cppn\", \"model\", was \"cppn\"");
    assertThatThrownBy(() -> parse(VALID.replace("\"kind\": \"random-cppn\", ", "")))
        .hasMessage("p.json: field model.kind: must be one of \"random-cppn\", \"model\", was missing");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5", "\"tempo\": {\"quantize\": \"bars\"}")))
        .hasMessage("p.json: field tempo.quantize: must be one of \"none\", \"beat\", \"bar\", was \"bars\"");
    assertThatThrownBy(() -> parse(VALID.replace("\"name\": \"test\"", "\"name\": \"test\", \"name\": \"again\"")))
        .hasMessageStartingWith("p.json: not valid JSON: Duplicate field 'name' at line 1, column");
  }

  @Test
  void loadsFilesAndRejectsMissingOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.json");
    Files.writeString(file, VALID);
    assertThat(Presets.load(file.toString()).name()).isEqualTo("test");
    assertThatThrownBy(() -> Presets.load(dir.resolve("absent.json").toString()))
        .hasMessageContaining("does not exist");
    Path folder = Files.createDirectory(dir.resolve("folder.json")); // as a FIFO or a device: there, but no file
    assertThatThrownBy(() -> Presets.load(folder.toString()))
        .hasMessage("preset file " + folder + " is not a regular file");
    assertThatThrownBy(() -> Presets.load("no-such-preset"))
        .hasMessageContaining("no bundled preset named 'no-such-preset'");
  }

  @Test
  void yamlPresetsReadLikeJsonNameTheirProblemsAndRoundTrip(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("mine.yaml");
    Files.writeString(yaml, """
        name: test
        model: {kind: random-cppn, seed: 3, latentSize: 8, width: 16, depth: 3, channels: 3, scale: 4}
        trajectory:
          kind: morph
          seed: 1
          keyframes: 4
          secondsPerSegment: 2.5
          slerp: true
        view: {centerX: 0.5, centerY: 0, zoom: 2, rotationDegrees: 0}
        renderScale: 0.5
        """);
    assertThat(Presets.load(yaml.toString())).isEqualTo(parse(VALID));

    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "name: test\ntrajectory: [unclosed\n");
    assertThatThrownBy(() -> Presets.load(bad.toString())).hasMessageContaining(bad + ": not valid YAML");
    Files.writeString(bad, Files.readString(yaml).replace("zoom: 2", "zoom: 0"));
    assertThatThrownBy(() -> Presets.load(bad.toString()))
        .hasMessageContaining(bad + ": field view").hasMessageContaining("zoom must be a positive finite number");

    Path saved = dir.resolve("saved.yaml");
    Presets.write(parse(VALID), saved);
    assertThat(Files.readString(saved)).startsWith("---");
    assertThat(Presets.load(saved.toString())).isEqualTo(parse(VALID));
  }

  @Test
  void specsBuildTheirTrajectoriesDeterministically() {
    Preset preset = parse(VALID);
    Trajectory.Run a = preset.trajectory().toTrajectory(8).start(30);
    Trajectory.Run b = preset.trajectory().toTrajectory(8).start(30);
    Latent first = a.next();
    assertThat(first.size()).isEqualTo(8);
    assertThat(b.next()).isEqualTo(first);
    for (int i = 1; i < 75; i++) {
      a.next();
    }
    // 2.5 s per segment at 30 fps: frame 75 starts segment 1, the second seeded keyframe.
    SplittableRandom random = new SplittableRandom(1);
    Latent.gaussian(8, random);
    assertThat(a.next()).isEqualTo(Latent.gaussian(8, random));
    assertThat(new TrajectorySpec.Loop(5, 2, 3).toTrajectory(4).start(10).next().size()).isEqualTo(4);
    assertThat(new TrajectorySpec.RandomWalk(5, 2).toTrajectory(4).start(10).next().size()).isEqualTo(4);
  }

  @Test
  void liveFieldsParseAndTakeDefaults() {
    Preset preset = parse(VALID.replace("\"renderScale\": 0.5", """
        "renderScale": 0.5, "tempo": {"bpm": 128, "beatsPerKeyframe": 4, "quantize": "bar"},
        "smoothingSeconds": 0.25, "crossfadeSeconds": 3,
        "midi": [{"source": {"type": "cc", "channel": 1, "number": 21}, "target": "/zoomorph/zoom", "min": 0.5,
          "max": 8, "curve": "exponential"}]"""));
    assertThat(preset.tempo()).isEqualTo(new TempoSpec(128, 4, 4, TempoSpec.Quantize.BAR));
    assertThat(preset.smoothingSeconds()).isEqualTo(0.25);
    assertThat(preset.crossfadeSeconds()).isEqualTo(3);
    assertThat(preset.midi()).hasSize(1);
    assertThat(preset.midi().get(0).target()).isEqualTo("/zoomorph/zoom");

    Preset plain = parse(VALID);
    assertThat(plain.tempo()).isEqualTo(TempoSpec.DEFAULT);
    assertThat(plain.smoothingSeconds()).isEqualTo(Preset.DEFAULT_SMOOTHING_SECONDS);
    assertThat(plain.crossfadeSeconds()).isEqualTo(Preset.DEFAULT_CROSSFADE_SECONDS);
    assertThat(plain.midi()).isEmpty();
  }

  @Test
  void invalidLiveFieldsAreNamed() {
    String withTempo = VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"tempo\": {\"bpm\": 1000}");
    assertThatThrownBy(() -> parse(withTempo))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("p.json").hasMessageContaining("field tempo").hasMessageContaining("bpm must be in");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"tempo\": {\"quantize\": \"often\"}")))
        .hasMessageContaining("field tempo.quantize");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"crossfadeSeconds\": -2")))
        .hasMessageContaining("crossfadeSeconds must be in 0..60, was -2.0");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"smoothingSeconds\": 11")))
        .hasMessageContaining("smoothingSeconds must be in 0..10, was 11.0");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5",
        "\"renderScale\": 0.5, \"midi\": [{\"source\": {\"type\": \"cc\", \"channel\": 99, \"number\": 1}, \"target\": \"/zoomorph/zoom\"}]")))
        .hasMessageContaining("field midi[0]");
  }

  @Test
  void postProcessingParsesTakesDefaultsAndRoundTrips(@TempDir Path dir) {
    assertThat(parse(VALID).post()).isEqualTo(PostSpec.NONE);
    assertThat(PostSpec.NONE.isIdentity()).isTrue();
    Preset preset = parse(VALID.replace("\"renderScale\": 0.5", """
        "renderScale": 0.5, "post": {"contrast": 1.5, "threshold": 0.45, "softness": 0.1, "palette": "Fire"}"""));
    assertThat(preset.post()).isEqualTo(new PostSpec(1.5, 1, 0.45, 0.1, "fire"));
    assertThat(preset.post().isIdentity()).isFalse();
    assertThat(parse(VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"post\": {\"gamma\": 2}"))
        .post()).isEqualTo(new PostSpec(1, 2, null, 0, null));

    Path file = dir.resolve("post.json");
    Presets.write(preset, file);
    assertThat(Presets.load(file.toString())).isEqualTo(preset);
  }

  @Test
  void invalidPostProcessingNamesFieldAndProblem() {
    assertThatThrownBy(() -> parse(post("{\"palette\": \"rainbow\"}")))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("p.json").hasMessageContaining("field post")
        .hasMessageContaining("palette 'rainbow' is unknown; known: fire, ice, viridis");
    assertThatThrownBy(() -> parse(post("{\"threshold\": 1.5}")))
        .hasMessageContaining("field post").hasMessageContaining("threshold must be in (0, 1), was 1.5");
    assertThatThrownBy(() -> parse(post("{\"gamma\": 0}")))
        .hasMessageContaining("field post").hasMessageContaining("gamma must be finite and above 0, was 0.0");
    assertThatThrownBy(() -> parse(post("{\"contrast\": -1}")))
        .hasMessageContaining("contrast must be finite and 0 or more, was -1.0");
    assertThatThrownBy(() -> parse(post("{\"softness\": 0.7}")))
        .hasMessageContaining("softness must be in 0..0.5, was 0.7");
    assertThatThrownBy(() -> parse(post("{\"blur\": 2}")))
        .hasMessageStartingWith("p.json: field post: unknown field 'blur'; known: contrast, denoise, ");
  }

  private static String post(String json) {
    return VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"post\": " + json);
  }

  @Test
  void writtenPresetsLoadBackEqual(@TempDir Path dir) throws Exception {
    Preset preset = parse(VALID.replace("\"renderScale\": 0.5", """
        "renderScale": 0.5, "tempo": {"bpm": 90, "beatsPerBar": 3, "beatsPerKeyframe": 2, "quantize": "beat"},
        "smoothingSeconds": 0, "crossfadeSeconds": 1.5,
        "midi": [{"source": {"type": "cc", "channel": 2, "number": 7}, "mode": "relative-binary-offset",
          "target": "/zoomorph/latent/3", "min": -2, "max": 2},
          {"source": {"type": "note", "channel": 10, "number": 36}, "target": "/zoomorph/keyframe", "min": 2,
          "max": 2}]"""));
    Path file = dir.resolve("saved.json");
    Presets.write(preset, file);
    assertThat(Presets.load(file.toString())).isEqualTo(preset);

    Preset relearned = preset.withMidi(preset.midi().subList(0, 1));
    Presets.write(relearned, file);
    assertThat(Presets.load(file.toString())).isEqualTo(relearned);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void savingMakesThePresetFolderWhenThereIsNone(@TempDir Path dir) {
    Preset preset = parse(VALID);
    Path folder = dir.resolve("not").resolve("yet");
    Path file = Presets.save(preset, folder);
    assertThat(file).isEqualTo(folder.resolve("test.json"));
    assertThat(Presets.load(file.toString())).isEqualTo(preset);
  }

  @Test
  void anAudioSectionParsesRoundTripsAndNamesItsProblems(@TempDir Path dir) {
    Preset preset = parse(VALID.replace("\"renderScale\": 0.5", """
        "renderScale": 0.5, "tempo": {"source": "audio"},
        "audio": {"bands": [{"name": "low", "lowHz": 20, "highHz": 200}, {"name": "top", "lowHz": 2000,
          "highHz": 16000}], "releaseSeconds": 0.3,
          "bindings": [{"feature": "low", "target": "/zoomorph/zoom", "min": 1, "max": 1.4},
                       {"feature": "low/onset", "target": "/zoomorph/keyframe/next"}],
          "latent": {"directions": "keyframes", "amount": 0.5}}"""));
    AudioSpec audio = preset.audio();
    assertThat(audio.bandNames()).containsExactly("low", "top");
    assertThat(audio.releaseSeconds()).isEqualTo(0.3);
    assertThat(audio.attackSeconds()).isEqualTo(AudioSpec.NONE.attackSeconds());
    assertThat(audio.bindings()).containsExactly(AudioBinding.of("low", "/zoomorph/zoom", 1, 1.4),
        AudioBinding.of("low/onset", "/zoomorph/keyframe/next", 0, 1));
    assertThat(audio.latent()).isEqualTo(new AudioSpec.LatentPush(AudioSpec.LatentPush.Directions.KEYFRAMES, 1, 0.5));
    assertThat(preset.tempo().source()).isEqualTo(TempoSpec.Source.AUDIO);
    assertThat(parse(VALID).audio()).isEqualTo(AudioSpec.NONE);
    Path saved = dir.resolve("saved.json");
    Presets.write(preset, saved);
    assertThat(Presets.load(saved.toString())).isEqualTo(preset);

    assertThatThrownBy(() -> parse(withAudio(
        "{\"bindings\": [{\"feature\": \"bas\", \"target\": \"/zoomorph/zoom\"}]}")))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("p.json: field audio")
        .hasMessageContaining("bindings[0].feature: unknown feature 'bas'; features: sub, bass, low-mid");
    assertThatThrownBy(() -> parse(withAudio("{\"bindings\": [{\"feature\": \"bass\", \"target\": \"zoom\"}]}")))
        .hasMessageContaining("field audio.bindings[0]")
        .hasMessageContaining("target must be a /zoomorph/... control address, was 'zoom'");
    assertThatThrownBy(() -> parse(withAudio("{\"bands\": [{\"name\": \"x\", \"lowHz\": 300, \"highHz\": 200}]}")))
        .hasMessageContaining("field audio.bands[0]").hasMessageContaining("band x: needs 0 <= lowHz < highHz");
    assertThatThrownBy(() -> parse(VALID.replace("\"renderScale\": 0.5",
        "\"renderScale\": 0.5, \"tempo\": {\"source\": \"mic\"}")))
        .hasMessageContaining("field tempo.source").hasMessageContaining("mic");
    assertThatThrownBy(() -> parse(VALID.replace("\"kind\": \"morph\", \"seed\": 1, \"keyframes\": 4, "
        + "\"secondsPerSegment\": 2.5, \"slerp\": true", "\"kind\": \"random-walk\", \"seed\": 1, "
        + "\"timescaleSeconds\": 1").replace("\"renderScale\": 0.5",
        "\"renderScale\": 0.5, \"audio\": {\"latent\": {\"directions\": \"keyframes\"}}")))
        .hasMessageContaining("audio.latent.directions: keyframes needs a morph trajectory");
  }

  /** The valid preset with {@code audio} as its audio section. */
  private static String withAudio(String audio) {
    return VALID.replace("\"renderScale\": 0.5", "\"renderScale\": 0.5, \"audio\": " + audio);
  }
}
