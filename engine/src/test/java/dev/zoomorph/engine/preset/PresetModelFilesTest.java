package dev.zoomorph.engine.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preset's model files (its model and its denoiser) are read from the preset's folder, as its pictures and
 * directions are, so a show finds them whatever folder it starts in; saving writes them so they lead there from the
 * saved file's folder.
 */
class PresetModelFilesTest {
  private static final Path DENOISER = Path.of("..", "presets", "models", "fashion-denoiser.safetensors");

  @TempDir Path dir;

  /** {@code show/p.json} naming {@code ../models/m.safetensors} (a grey CPPN) and {@code ../models/d.safetensors}. */
  private Path presetBesideModels() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    CppnSpec spec = new CppnSpec(4, 8, 3, 1, 8f);
    new ModelFile(new ModelMetadata(ModelKind.CPPN_GAN, 4, 1, 26, 26, new ModelMetadata.Cppn(8, 3, 8f), null, null,
        null, List.of(), null, 1, null, null, 1), ModelFile.cppnTensors(CppnWeights.random(spec, 7)))
        .write(models.resolve("m.safetensors"));
    Files.copy(DENOISER, models.resolve("d.safetensors"));
    Path preset = Files.createDirectories(dir.resolve("show")).resolve("p.json");
    Files.writeString(preset, """
        {"name": "p", "model": {"kind": "model", "name": "../models/m.safetensors"},
         "trajectory": {"kind": "random-walk", "seed": 1, "timescaleSeconds": 2},
         "post": {"denoise": "../models/d.safetensors"}}
        """);
    return preset;
  }

  @Test
  void relativeModelPathsAreReadFromThePresetsFolderNotTheWorkingFolder() throws Exception {
    Preset preset = Presets.load(presetBesideModels().toString());
    assertThat(((ModelSpec.Trained) preset.model()).name())
        .isEqualTo(dir.resolve("models/m.safetensors").toAbsolutePath().toString());
    assertThat(preset.post().denoise()).isEqualTo(dir.resolve("models/d.safetensors").toAbsolutePath().toString());
    assertThat(ModelFile.load(((ModelSpec.Trained) preset.model()).name()).metadata().latentSize()).isEqualTo(4);
  }

  @Test
  void aSavedPresetNamesItsModelFilesFromTheFolderItIsSavedIn() throws Exception {
    Path file = presetBesideModels();
    Preset preset = Presets.load(file.toString());

    Presets.write(preset, file);
    assertThat(Files.readString(file)).as("saved where it was, as it was written")
        .contains("\"name\" : \"../models/m.safetensors\"", "\"denoise\" : \"../models/d.safetensors\"");

    Path saved = Presets.save(preset, dir.resolve("saved/deeper"));
    assertThat(Files.readString(saved))
        .contains("\"name\" : \"../../models/m.safetensors\"", "\"denoise\" : \"../../models/d.safetensors\"");
    assertThat(Presets.load(saved.toString())).isEqualTo(preset);
  }

  @Test
  void equalPresetsDigestEquallyWhereverTheirModelFilesLie() throws Exception {
    Preset here = Presets.load(presetBesideModels().toString());
    String digest = Presets.sha256(here);
    Path moved = Files.createDirectories(dir.resolve("moved"));
    Files.move(dir.resolve("models"), moved.resolve("models"));
    Files.move(dir.resolve("show"), moved.resolve("show"));
    Preset there = Presets.load(moved.resolve("show/p.json").toString());
    assertThat(there).isNotEqualTo(here);
    assertThat(Presets.sha256(there)).isEqualTo(digest);
  }

  @Test
  void aModelNotFoundIsRefusedSayingWhereItWasLookedFor() throws Exception {
    Path file = presetBesideModels();
    Files.writeString(file, Files.readString(file).replace("../models/m.safetensors", "../m/cvg.safetensors"));
    assertThatThrownBy(() -> Presets.load(file.toString())).isInstanceOf(PresetException.class)
        .hasMessage(file + ": field model: no model file ../m/cvg.safetensors (looked for "
            + dir.resolve("m/cvg.safetensors").toAbsolutePath() + ")");
  }
}
