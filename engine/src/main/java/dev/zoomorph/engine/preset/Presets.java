package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zoomorph.engine.files.ClasspathFolder;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.json.JsonProblem;
import dev.zoomorph.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads and validates presets: bundled ones by name, others from JSON or YAML files (same fields either way). */
public final class Presets {
  /** The preset `serve` plays when none is named. */
  public static final String DEFAULT = "default";

  private static final Logger LOG = LoggerFactory.getLogger(Presets.class);
  private static final String BUNDLED = "zoomorph/presets/";
  /** What a preset's name may be (as {@link Preset} checks it), and so a name rather than a path. */
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
  private static final ObjectMapper JSON =
      StrictJson.strict(JsonMapper.builder()).enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper YAML = StrictJson.strict(YAMLMapper.builder()).build();
  /** The injected value (a {@link Path}) from which a preset's relative model paths are read: its folder. */
  static final String FOLDER = "zoomorph.presetFolder";

  /** The bundled presets' names, listed once. */
  private static volatile @Nullable List<String> bundled;

  private Presets() {}

  /**
   * The names of the bundled presets, sorted (e.g. for a control page's preset picker). Read from the classpath,
   * whether the presets are a folder (a build tree) or inside a jar, once; empty (and logged) if they cannot be.
   */
  public static List<String> bundled() {
    List<String> names = bundled;
    if (names == null) {
      names = listBundled();
      bundled = names;
    }
    return names;
  }

  private static List<String> listBundled() {
    try {
      return ClasspathFolder.names(Presets.class.getClassLoader(), BUNDLED, ".json");
    } catch (IOException | RuntimeException e) {
      // Only a picker's suggestions depend on the list: the show goes on without them.
      LOG.warn("the bundled presets cannot be listed: {}", e.toString());
      return List.of();
    }
  }

  /**
   * A preset by bundled name (e.g. {@code default}) or by path to a file: {@code .yaml} or {@code .yml} is read as
   * YAML, anything else as JSON.
   *
   * @throws PresetException naming the source, the field and the problem
   */
  public static Preset load(String nameOrPath) {
    Path file = Path.of(nameOrPath);
    // A bundled name wins over a file of that name in the working folder, so the name means one thing everywhere.
    if (isFileName(nameOrPath) || (!isBundled(nameOrPath) && Files.isRegularFile(file))) {
      if (!Files.isRegularFile(file)) {
        throw new PresetException("preset file " + file + (Files.exists(file) ? " is not a regular file"
            : " does not exist"));
      }
      Path folder = file.toAbsolutePath().getParent();
      try (InputStream in = Files.newInputStream(file)) {
        return read(isYaml(file) ? YAML : JSON, isYaml(file) ? "YAML" : "JSON", in, file.toString(), folder,
            PresetResources.files(folder, true));
      } catch (IOException e) {
        throw new PresetException("preset file " + file + " cannot be read: " + e.getMessage(), e);
      }
    }
    if (!nameOrPath.matches(NAME)) {
      throw new PresetException("'" + nameOrPath + "' is neither a bundled preset name nor a .json/.yaml file");
    }
    String resource = BUNDLED + nameOrPath + ".json";
    try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        List<String> names = bundled();
        throw new PresetException("no bundled preset named '" + nameOrPath + "' (and no file of that name)"
            + (names.isEmpty() ? "" : "; bundled: " + String.join(", ", names)));
      }
      // Bundled presets name bundled models, which no folder changes.
      return read(JSON, "JSON", in, "bundled preset " + nameOrPath, Path.of(""),
          PresetResources.classpath(BUNDLED));
    } catch (IOException e) {
      throw new PresetException("bundled preset " + nameOrPath + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Whether {@code nameOrPath} names a file whatever is on disk: it ends in .json, .yaml or .yml, or has a folder. */
  public static boolean isFileName(String nameOrPath) {
    return nameOrPath.matches("(?i).*\\.(json|yaml|yml)") || nameOrPath.contains("/")
        || nameOrPath.contains(java.io.File.separator);
  }

  /**
   * The preset file in {@code folder} that the preset name {@code name} means there: {@code NAME.json}, else
   * {@code NAME.yaml}, else {@code NAME.yml}, the first that is a file; empty when none is, or when {@code name} is not
   * a preset name (a path, an ending). How a bare name reaches a saved preset, and which file saving it writes over.
   */
  public static Optional<Path> fileIn(Path folder, String name) {
    if (!name.matches(NAME)) {
      return Optional.empty();
    }
    return Stream.of(".json", ".yaml", ".yml")
        .map(ending -> folder.resolve(name + ending))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  /** Whether a bundled preset is called {@code name}. */
  public static boolean isBundled(String name) {
    return name.matches(NAME)
        && Presets.class.getClassLoader().getResource(BUNDLED + name + ".json") != null;
  }

  /**
   * Parses one preset from JSON; {@code source} names it in error messages. The model files, keyframe pictures and
   * directions it names are read relative to the working directory (and encodings are not cached).
   */
  public static Preset parse(InputStream json, String source) {
    Path workingFolder = Path.of("").toAbsolutePath();
    return read(JSON, "JSON", json, source, workingFolder, PresetResources.files(workingFolder, false));
  }

  /** Reads a preset whose relative model paths lead from {@code modelFolder} and other files from {@code folder}. */
  private static Preset read(ObjectMapper mapper, String format, InputStream in, String source, Path modelFolder,
      PresetResources.Folder folder) {
    Preset preset;
    try {
      preset = mapper.readerFor(Preset.class)
          .with(new InjectableValues.Std().addValue(FOLDER, modelFolder))
          .readValue(in);
    } catch (JacksonException e) {
      JsonProblem problem = JsonProblem.of(e);
      if (problem.syntax()) {
        throw new PresetException(source + ": " + problem.notValid(format), e);
      }
      throw new PresetException(source + ": " + (problem.field().isEmpty() ? "" : "field " + problem.field() + ": ")
          + problem.message(), e);
    } catch (IOException e) {
      throw new PresetException(source + " cannot be read: " + e.getMessage(), e);
    }
    if (preset == null) {
      throw new PresetException(source + ": the document is empty or null, not a preset");
    }
    try {
      return PresetResources.resolve(preset, folder, source);
    } catch (IllegalArgumentException e) {
      throw new PresetException(source + ": " + e.getMessage(), e); // the model file, read again, is bad
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * What identifies {@code preset} as loaded, for a recording's manifest: the SHA-256 (hex) of its JSON form and of
   * what its files put into it that the JSON only names (a trained model's and a denoiser's weights, the latents of
   * picture keyframes, the directions' vectors). Equal presets give equal digests wherever their files lie.
   */
  public static String sha256(Preset preset) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
      // A model file counts by its weights (its id, below), not by where it lies.
      digest.update(JSON.writeValueAsBytes(json(preset, location -> Path.of(location).getFileName().toString())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    } catch (IOException e) {
      throw new IllegalStateException("preset " + preset.name() + " cannot be written as JSON", e);
    }
    if (preset.model() instanceof ModelSpec.Trained trained) {
      digest.update(ModelFile.load(trained.name()).id().getBytes(StandardCharsets.UTF_8));
    }
    if (preset.post().denoise() != null) {
      digest.update(ModelFile.load(preset.post().denoise()).id().getBytes(StandardCharsets.UTF_8));
    }
    if (preset.trajectory() instanceof TrajectorySpec.Morph morph) {
      for (TrajectorySpec.Keyframe k : morph.keyframes()) {
        if (k instanceof TrajectorySpec.Keyframe.Image image && image.latent() != null) {
          update(digest, image.latent());
        }
      }
    }
    preset.directions().values().stream().filter(d -> d.direction() != null)
        .forEach(d -> update(digest, d.direction().vector()));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, Latent latent) {
    for (float f : latent.toArray()) {
      int bits = Float.floatToRawIntBits(f);
      digest.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }
  }

  /**
   * Writes {@code preset} so that {@link #load} reads it back equal (e.g. after MIDI learn): as YAML to a
   * {@code .yaml}/{@code .yml} file, as JSON otherwise. Model files are written as paths from the file's folder,
   * from which they are read. The file is written beside its destination and moved over it, so a failure never leaves
   * half a preset.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Preset preset, Path file) {
    Path absolute = file.toAbsolutePath();
    JsonNode json = json(preset, location -> ModelFile.relativeTo(location, absolute.getParent()));
    try {
      WholeFiles.write(absolute, out -> (isYaml(absolute) ? YAML : JSON).writeValue(out, json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write preset " + preset.name() + " to " + file + ": "
          + FileErrors.reason(e), e);
    }
  }

  /**
   * The JSON form of {@code preset}, its model files' paths (the model's and the denoiser's; not bundled names) as
   * {@code modelPath} writes them.
   */
  private static JsonNode json(Preset preset, UnaryOperator<String> modelPath) {
    ObjectNode json = JSON.valueToTree(preset);
    if (preset.model() instanceof ModelSpec.Trained trained && !ModelFile.isBundled(trained.name())) {
      ((ObjectNode) json.get("model")).put("name", modelPath.apply(trained.name()));
    }
    String denoise = preset.post().denoise();
    if (denoise != null && !ModelFile.isBundled(denoise)) {
      ((ObjectNode) json.get("post")).put("denoise", modelPath.apply(denoise));
    }
    return json;
  }

  /**
   * Writes {@code preset} to its file in {@code folder} (making the folder if needed) so that it loads from there: the
   * file its name means there ({@link #fileIn}, so a YAML preset stays YAML), else {@code NAME.json}. The keyframe
   * pictures and directions it names that the folder lacks are copied in from the bundled presets (saving a bundled
   * preset elsewhere).
   *
   * @return the file written
   * @throws PresetException naming a file the preset names that is in neither place (nothing is written)
   * @throws dev.zoomorph.engine.files.LinkRefusedException naming a symbolic link in the folder that a copy would be
   *     written through (nothing is written)
   * @throws UncheckedIOException if the folder cannot be written
   */
  public static Path save(Preset preset, Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    return saveTo(preset, fileIn(absolute, preset.name()).orElse(absolute.resolve(preset.name() + ".json")));
  }

  /**
   * Writes {@code preset} to {@code file} (JSON, or YAML for a {@code .yaml}/{@code .yml} file), making its folder if
   * needed, as {@link #save} does.
   *
   * @return the file written
   * @throws PresetException naming a file the preset names that is in neither place (nothing is written)
   * @throws dev.zoomorph.engine.files.LinkRefusedException naming a symbolic link in the folder that a copy would be
   *     written through (nothing is written)
   * @throws UncheckedIOException if the folder cannot be written
   */
  public static Path saveTo(Preset preset, Path file) {
    Path target = file.toAbsolutePath().normalize();
    Path absolute = target.getParent();
    PresetResources.provide(preset, absolute, PresetResources.classpath(BUNDLED));
    if (Files.notExists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(absolute); // the first save makes the folder (serve's default is ./my-presets)
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write preset " + preset.name() + " to " + target
            + ": its folder cannot be made: " + FileErrors.reason(e), e);
      }
    }
    write(preset, target);
    return target;
  }

}
