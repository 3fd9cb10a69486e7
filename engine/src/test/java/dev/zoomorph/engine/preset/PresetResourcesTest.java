package dev.zoomorph.engine.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.files.LinkRefusedException;
import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a preset names besides its model, read when it loads: keyframe pictures (encoded, cached, errors naming the
 * picture), latent directions (checked against the model) and the denoiser.
 */
class PresetResourcesTest {
  /** The bundled Fashion-MNIST CPPN-VAE-GAN, by path (the presets module is not on the engine's classpath). */
  private static final String MODEL = Path.of("..", "presets", "models", "fashion-cppn-vae-gan.safetensors")
      .toAbsolutePath().normalize().toString();
  private static final String OTHER_MODEL = Path.of("..", "presets", "models", "digits-cppn-vae-gan.safetensors")
      .toAbsolutePath().normalize().toString();
  private static final Path FASHION_TEST = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

  @TempDir static Path pictures;
  /** Fashion-MNIST test pictures 0 … 3 (boot, pullover, trouser, trouser) as 28×28 grey PNGs. */
  private static float[][] originals;

  @BeforeAll
  static void writePictures() throws Exception {
    originals = new float[4][];
    try (InputStream raw = Files.newInputStream(FASHION_TEST);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      in.skipNBytes(16);
      for (int n = 0; n < 4; n++) {
        byte[] pixels = in.readNBytes(28 * 28);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        originals[n] = new float[28 * 28];
        for (int i = 0; i < pixels.length; i++) {
          image.getRaster().setSample(i % 28, i / 28, 0, pixels[i] & 0xff);
          originals[n][i] = (pixels[i] & 0xff) / 255f;
        }
        ImageIO.write(image, "png", pictures.resolve("fashion-" + n + ".png").toFile());
      }
    }
  }

  private static Path preset(Path dir, String trajectory, String extra) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, "{\"name\": \"p\", \"model\": {\"kind\": \"model\", \"name\": \"" + MODEL + "\"},"
        + " \"trajectory\": " + trajectory + extra + "}");
    return file;
  }

  private static String morph(String keyframes) {
    return "{\"kind\": \"morph\", \"seed\": 4, \"keyframes\": " + keyframes + ", \"secondsPerSegment\": 2, \"slerp\": false}";
  }

  private static void copyPictures(Path dir) throws Exception {
    for (int n = 0; n < 4; n++) {
      Files.copy(pictures.resolve("fashion-" + n + ".png"), dir.resolve("fashion-" + n + ".png"));
    }
  }

  @Test
  void keyframePicturesMixWithSeededOnesInOrderAndDecodeBackCloseToTheOriginals(@TempDir Path dir) throws Exception {
    copyPictures(dir);
    Preset preset = Presets.load(preset(dir, morph("[\"fashion-0.png\", 2, \"fashion-2.png\", 1]"), "").toString());
    TrajectorySpec.Morph morph = (TrajectorySpec.Morph) preset.trajectory();
    List<Latent> keyframes = morph.keyframeLatents(32);
    assertThat(keyframes).hasSize(5);
    // Seeded keyframes are the seed's draws in order, whatever pictures sit between them.
    List<Latent> seeded = new TrajectorySpec.Morph(4, 3, 2, false).keyframeLatents(32);
    assertThat(List.of(keyframes.get(1), keyframes.get(2), keyframes.get(4))).isEqualTo(seeded);

    // A picture keyframe is its encoding: decoded at the training size it is close to the picture. The bound is
    // twice the model's held-out mean squared error (0.045, BENCHMARKS.md); unrelated Fashion pictures differ by
    // about 0.1-0.2.
    try (CppnGenerator g = new CppnGenerator(ModelFile.load(MODEL).cppnWeights())) {
      for (int[] pair : new int[][] {{0, 0}, {3, 2}}) {
        float[] decoded = g.renderValues(keyframes.get(pair[0]), View.of(26, 26));
        double own = meanSquaredError(decoded, crop(originals[pair[1]]));
        double other = meanSquaredError(decoded, crop(originals[pair[1] == 0 ? 1 : 0]));
        assertThat(own).as("keyframe %d against its picture", pair[0]).isLessThan(0.09);
        assertThat(own).as("keyframe %d: its own picture is the closest", pair[0]).isLessThan(other);
      }
    }
    // Saved presets keep the pictures' paths, and load back to the same latents.
    Path saved = dir.resolve("saved.json");
    Presets.write(preset, saved);
    assertThat(Files.readString(saved)).contains("\"keyframes\" : [ \"fashion-0.png\", 2, \"fashion-2.png\", 1 ]");
    assertThat(Presets.load(saved.toString())).isEqualTo(preset);
  }

  private static float[] crop(float[] picture) {
    float[] out = new float[26 * 26];
    for (int y = 0; y < 26; y++) {
      System.arraycopy(picture, (y + 1) * 28 + 1, out, y * 26, 26);
    }
    return out;
  }

  private static double meanSquaredError(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return sum / a.length;
  }

  @Test
  void encodingsAreCachedBesideThePresetByContentAndModel(@TempDir Path dir) throws Exception {
    copyPictures(dir);
    Path file = preset(dir, morph("[\"fashion-0.png\"]"), "");
    Latent encoded = ((TrajectorySpec.Morph) Presets.load(file.toString()).trajectory()).keyframeLatents(32).get(0);
    Path cache = dir.resolve(PresetResources.CACHE_FOLDER);
    List<Path> entries;
    try (var list = Files.list(cache)) {
      entries = list.toList();
    }
    assertThat(entries).hasSize(1);
    String name = entries.get(0).getFileName().toString();
    assertThat(name).matches("keyframe-[0-9a-f]{32}-" + ModelFile.load(MODEL).id() + "\\.json");
    // The next load reads the cache: proven by a cache entry that says something else.
    Files.writeString(entries.get(0), Files.readString(entries.get(0)).replaceFirst("\"latent\":\\[[^,]*,",
        "\"latent\":[4.0,"));
    Latent fromCache = ((TrajectorySpec.Morph) Presets.load(file.toString()).trajectory()).keyframeLatents(32).get(0);
    assertThat(fromCache.get(0)).isEqualTo(4.0f);
    assertThat(fromCache.get(1)).isEqualTo(encoded.get(1));
    // Another picture under the same name is another content: encoded afresh.
    Files.copy(dir.resolve("fashion-1.png"), dir.resolve("fashion-0.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Latent changed = ((TrajectorySpec.Morph) Presets.load(file.toString()).trajectory()).keyframeLatents(32).get(0);
    assertThat(changed).isNotEqualTo(encoded);
  }

  /** A cache folder that is a link (to anywhere) is not written through: the preset loads, uncached. */
  @Test
  void aCacheFolderThatIsALinkIsNotWrittenThrough(@TempDir Path dir) throws Exception {
    Path presets = Files.createDirectory(dir.resolve("presets"));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createSymbolicLink(presets.resolve(PresetResources.CACHE_FOLDER), elsewhere);
    copyPictures(presets);
    Path file = preset(presets, morph("[\"fashion-0.png\"]"), "");
    assertThat(((TrajectorySpec.Morph) Presets.load(file.toString()).trajectory()).keyframeLatents(32)).hasSize(1);
    try (var list = Files.list(elsewhere)) {
      assertThat(list.toList()).as("written where the link leads").isEmpty();
    }
  }

  @Test
  void badKeyframePicturesAreNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.png"), "not a picture");
    Files.write(dir.resolve("empty.png"), new byte[0]);
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("[\"missing.png\"]"), "").toString()))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("p.json: keyframe picture missing.png cannot be read");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("[2, \"notes.png\"]"), "").toString()))
        .hasMessageContaining("keyframe picture notes.png is not a readable image");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("[\"empty.png\"]"), "").toString()))
        .hasMessageContaining("keyframe picture empty.png is not a readable image");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("[true]"), "").toString()))
        .hasMessageContaining("a keyframe is a picture's path or a count of seeded keyframes, not true");
    Path random = dir.resolve("random.json");
    Files.writeString(random, """
        {"name": "r", "model": {"kind": "random-cppn", "seed": 3, "latentSize": 8, "width": 16, "depth": 3,
          "channels": 1, "scale": 4},
         "trajectory": {"kind": "morph", "seed": 1, "keyframes": ["a.png"], "secondsPerSegment": 2,
           "slerp": false}}
        """);
    assertThatThrownBy(() -> Presets.load(random.toString()))
        .hasMessageContaining("keyframe pictures need a trained model with an encoder");
  }

  @Test
  void directionsAreReadAndCheckedAgainstTheModel(@TempDir Path dir) throws Exception {
    ModelFile model = ModelFile.load(MODEL);
    Latent vector = Latent.gaussian(32, 3);
    new Direction("fashion", model.id(), "label:7", "label:9", 10, 12, vector).write(dir.resolve("boot.json"));
    Preset preset = Presets.load(preset(dir, morph("3"), ", \"directions\": {\"boot\": \"boot.json\"}").toString());
    assertThat(preset.directions().get("boot").direction().vector()).isEqualTo(vector);
    Path saved = dir.resolve("saved.json");
    Presets.write(preset, saved);
    assertThat(Files.readString(saved)).contains("\"directions\" : {\n    \"boot\" : \"boot.json\"\n  }");

    ModelFile other = ModelFile.load(OTHER_MODEL);
    new Direction("digits", other.id(), "a", "b", 1, 1, vector).write(dir.resolve("digits.json"));
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"), ", \"directions\": {\"seven\": \"digits.json\"}")
        .toString()))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("direction seven (digits.json): the direction was made for model digits (id "
            + other.id() + ", latent size 32), not for " + MODEL + " (id " + model.id() + ", latent size 32)");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"), ", \"directions\": {\"a b\": \"boot.json\"}")
        .toString())).hasMessageContaining("direction name must be 1-32 letters, digits, '_' or '-', was 'a b'");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"), ", \"directions\": {\"x\": \"none.json\"}")
        .toString())).hasMessageContaining("direction x (none.json): ").hasMessageContaining("none.json");
  }

  @Test
  void savingCopiesTheFilesAPresetNamesFromTheBundledOnesAndRefusesFilesFoundNowhere(@TempDir Path dir)
      throws Exception {
    Path from = Files.createDirectories(dir.resolve("from"));
    copyPictures(Files.createDirectories(from.resolve("pics")));
    new Direction("fashion", ModelFile.load(MODEL).id(), "label:7", "label:9", 10, 12, Latent.gaussian(32, 3))
        .write(from.resolve("pics").resolve("boot.json"));
    Preset preset = Presets.load(preset(from, morph("[\"pics/fashion-0.png\", 2, \"pics/fashion-2.png\"]"),
        ", \"directions\": {\"boot\": \"pics/boot.json\"}").toString());

    // Saved where none of its files are, and they are nowhere else either: refused by name, nothing written.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    assertThatThrownBy(() -> Presets.save(preset, elsewhere))
        .isInstanceOf(PresetException.class)
        .hasMessage("preset p names pics/fashion-0.png, which is not in " + elsewhere
            + " nor among the bundled presets' files: copy it there first");
    assertThat(elsewhere).isEmptyDirectory();

    // Where the "bundled" files are the ones it came with: copied in (one is there already and stays), and the
    // preset loads back from its new folder the same.
    Path folder = Files.createDirectories(dir.resolve("saved"));
    byte[] own = Files.readAllBytes(pictures.resolve("fashion-2.png"));
    Files.write(Files.createDirectories(folder.resolve("pics")).resolve("fashion-2.png"), own);
    PresetResources.provide(preset, folder, PresetResources.files(from, false));
    Presets.write(preset, folder.resolve("p.json"));
    assertThat(folder.resolve("pics/fashion-0.png")).hasSameBinaryContentAs(from.resolve("pics/fashion-0.png"));
    assertThat(folder.resolve("pics/boot.json")).hasSameBinaryContentAs(from.resolve("pics/boot.json"));
    assertThat(Presets.load(folder.resolve("p.json").toString())).isEqualTo(preset);

    // A file named above the preset's folder is never copied out of the folder it is saved in.
    Path nested = Files.createDirectories(from.resolve("nested"));
    Preset above = Presets.load(preset(nested, morph("[\"../pics/fashion-1.png\", 1]"), "").toString());
    Path inner = Files.createDirectories(dir.resolve("a").resolve("b"));
    assertThatThrownBy(() -> PresetResources.provide(above, inner, PresetResources.files(nested, false)))
        .hasMessage("preset p names ../pics/fashion-1.png, which is not in " + inner);
    assertThat(dir.resolve("a").resolve("pics")).doesNotExist();
  }

  /**
   * A save writes only inside its folder, by real path: a subfolder that is a symbolic link (out of the folder, or
   * even to another place in it) is refused, naming the link, before anything is written; a folder that is itself a
   * link is the folder it leads to, and is written in.
   */
  @Test
  void savingNeverCopiesThroughALinkInTheFolderWhichMayItselfBeALink(@TempDir Path dir) throws Exception {
    Path from = Files.createDirectories(dir.resolve("from"));
    copyPictures(Files.createDirectories(from.resolve("pics")));
    new Direction("fashion", ModelFile.load(MODEL).id(), "label:7", "label:9", 10, 12, Latent.gaussian(32, 3))
        .write(from.resolve("pics").resolve("boot.json"));
    Preset preset = Presets.load(preset(from, morph("[\"pics/fashion-0.png\", 2]"),
        ", \"directions\": {\"boot\": \"pics/boot.json\"}").toString());
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path folder = Files.createDirectories(dir.resolve("presets"));
    Path inner = Files.createDirectories(folder.resolve("inner"));

    for (Path target : new Path[] {outside, inner}) {
      Path link = Files.createSymbolicLink(folder.resolve("pics"), target);
      assertThatThrownBy(() -> PresetResources.provide(preset, folder, PresetResources.files(from, false)))
          .isInstanceOf(LinkRefusedException.class)
          .hasMessage("preset p names pics/fashion-0.png, which would be written through the symbolic link " + link
              + ": a save writes only inside the preset folder " + folder + ", never through a link");
      assertThat(target).as("nothing written through the link").isEmptyDirectory();
      try (Stream<Path> left = Files.list(folder)) {
        assertThat(left).as("nor beside it").containsExactlyInAnyOrder(link, inner);
      }
      Files.delete(link);
    }

    // A folder that is a link: its real path is the folder.
    Path real = Files.createDirectories(dir.resolve("real"));
    Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked"), real);
    PresetResources.provide(preset, linkedFolder, PresetResources.files(from, false));
    assertThat(real.resolve("pics/fashion-0.png")).hasSameBinaryContentAs(from.resolve("pics/fashion-0.png"));
    assertThat(real.resolve("pics/boot.json")).hasSameBinaryContentAs(from.resolve("pics/boot.json"));
  }

  @Test
  void theDenoiserMustCleanPicturesOfTheModelsChannels(@TempDir Path dir) throws Exception {
    String grey = bundledModel("fashion-denoiser");
    String colour = bundledModel("emoji-denoiser");
    assertThat(Presets.load(preset(dir, morph("3"), ", \"post\": {\"denoise\": \"" + grey + "\"}").toString())
        .post().denoise()).isEqualTo(grey);
    Path greyModel = preset(dir, morph("3"), ", \"post\": {\"denoise\": \"" + colour + "\"}");
    assertThatThrownBy(() -> Presets.load(greyModel.toString())).isInstanceOf(PresetException.class)
        .hasMessage(greyModel + ": field post.denoise: " + colour + " was trained on colour pictures (3 channels), "
            + "not on the model's grey pictures (1 channel)");
    Path colourModel = dir.resolve("colour.json");
    Files.writeString(colourModel, "{\"name\": \"c\", \"model\": {\"kind\": \"model\", \"name\": \""
        + bundledModel("emoji-cppn-vae-gan") + "\"}, \"trajectory\": " + morph("3") + ", \"post\": {\"denoise\": \""
        + grey + "\"}}");
    assertThatThrownBy(() -> Presets.load(colourModel.toString())).isInstanceOf(PresetException.class)
        .hasMessage(colourModel + ": field post.denoise: " + grey + " was trained on grey pictures (1 channel), "
            + "not on the model's colour pictures (3 channels)");
  }

  /** A bundled model's file, by path (the presets module is not on the engine's classpath). */
  private static String bundledModel(String name) {
    return Path.of("..", "presets", "models", name + ".safetensors").toAbsolutePath().normalize().toString();
  }

  @Test
  void theDenoiserMustBeADenoiser(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"), ", \"post\": {\"denoise\": \"" + MODEL + "\"}")
        .toString()))
        .isInstanceOf(PresetException.class)
        .hasMessageContaining("field post.denoise: " + MODEL + " is a cppn-vae-gan model, not a denoiser");
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"), ", \"post\": {\"denoise\": \"nothing-here\"}")
        .toString())).hasMessageContaining("field post.denoise: no model file " + dir.resolve("nothing-here"));
    assertThatThrownBy(() -> Presets.load(preset(dir, morph("3"),
        ", \"post\": {\"denoise\": \"x\", \"denoiseStrength\": 2}").toString()))
        .hasMessageContaining("denoiseStrength must be in 0..1, was 2.0");
    // And a denoiser is no generator.
    String denoiser = Path.of("..", "presets", "models", "fashion-denoiser.safetensors").toAbsolutePath().toString();
    Path asModel = dir.resolve("denoiser-as-model.json");
    Files.writeString(asModel, "{\"name\": \"d\", \"model\": {\"kind\": \"model\", \"name\": \"" + denoiser
        + "\"}, \"trajectory\": " + morph("3") + "}");
    assertThatThrownBy(() -> Presets.load(asModel.toString())).isInstanceOf(PresetException.class)
        .hasMessageContaining("field model: " + denoiser + " is a denoiser model, which draws no pictures");
  }
}
