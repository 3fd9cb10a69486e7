package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zoomorph.engine.files.InsideFolder;
import dev.zoomorph.engine.files.LinkRefusedException;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Pictures;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.engine.model.ModelMetadata;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a preset names besides its model: keyframe pictures, encoded by the model's encoder, latent directions,
 * checked against the model, and the denoiser of its post-processing. Relative paths are read from the preset's folder (for a bundled preset, the
 * classpath folder it lies in).
 *
 * <p>An encoded keyframe is cached beside a preset file, in {@code .zoomorph-cache/}, under the SHA-256 of the
 * picture's bytes and the model's id, so a preset loads without encoding again until the picture or the model
 * changes. A cache that cannot be written (a read-only folder, or a cache folder that is a symbolic link) is skipped.
 */
final class PresetResources {
  private static final Logger LOG = LoggerFactory.getLogger(PresetResources.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CACHE_FOLDER = ".zoomorph-cache";

  /** Where a preset's relative paths lead. */
  interface Folder {
    /** The bytes of {@code path}; throws with a message saying why not. */
    byte[] read(String path) throws IOException;

    /** The folder for cached encodings, or null when there is none. */
    @Nullable Path cache();
  }

  /** A preset file's folder; {@code cache} says whether encodings are cached beside it. */
  static Folder files(Path folder, boolean cache) {
    return new Folder() {
      @Override
      public byte[] read(String path) throws IOException {
        Path file = folder.resolve(path);
        if (!Files.isRegularFile(file)) {
          throw new IOException((Files.exists(file) ? "not a regular file: " : "no such file ") + file);
        }
        return Files.readAllBytes(file);
      }

      @Override
      public @Nullable Path cache() {
        return cache ? folder.resolve(CACHE_FOLDER) : null;
      }
    };
  }

  /** A classpath folder such as {@code zoomorph/presets/}. */
  static Folder classpath(String prefix) {
    return new Folder() {
      @Override
      public byte[] read(String path) throws IOException {
        try (InputStream in = PresetResources.class.getClassLoader().getResourceAsStream(prefix + path)) {
          if (in == null) {
            throw new IOException("no resource " + prefix + path);
          }
          return in.readAllBytes();
        }
      }

      @Override
      public @Nullable Path cache() {
        return null;
      }
    };
  }

  private PresetResources() {}

  /**
   * {@code preset} with its keyframe pictures encoded and its directions read and checked.
   *
   * @throws PresetException naming the source, the picture or direction, and the problem
   */
  static Preset resolve(Preset preset, Folder folder, String source) {
    checkDenoiser(preset.post(), preset.model(), source);
    boolean pictures = preset.trajectory() instanceof TrajectorySpec.Morph morph && morph.hasPictures();
    if (!pictures && preset.directions().isEmpty()) {
      return preset;
    }
    if (!(preset.model() instanceof ModelSpec.Trained trained)) {
      throw new PresetException(source + ": " + (pictures ? "keyframe pictures" : "directions")
          + " need a trained model with an encoder (cppn-vae-gan or vae-dcgan), not a random CPPN");
    }
    ModelFile model = ModelFile.load(trained.name());
    Preset resolved = preset;
    if (pictures) {
      resolved = resolved.withTrajectory(encodeKeyframes((TrajectorySpec.Morph) preset.trajectory(), model,
          trained.name(), folder, source));
    }
    Map<String, DirectionSpec> directions = new LinkedHashMap<>();
    for (Map.Entry<String, DirectionSpec> e : preset.directions().entrySet()) {
      String file = e.getValue().file();
      try {
        Direction direction = Direction.parse(folder.read(file), "the file");
        directions.put(e.getKey(), new DirectionSpec(file,
            direction.checkFor(trained.name(), model.id(), model.metadata().latentSize())));
      } catch (IOException | IllegalArgumentException ex) {
        throw new PresetException(source + ": direction " + e.getKey() + " (" + file + "): " + ex.getMessage(), ex);
      }
    }
    return resolved.withDirections(directions);
  }

  /**
   * Makes the files {@code preset} names (keyframe pictures, directions) readable from {@code folder}, where it is about
   * to be written: a relative file the folder lacks is copied there from {@code bundled} (a bundled preset's own
   * pictures and directions). All are checked before anything is copied.
   *
   * @throws PresetException naming the first file that is in neither place, or whose copy would leave the folder
   * @throws LinkRefusedException naming a symbolic link that a copy would be written through (to wherever it leads)
   * @throws UncheckedIOException if a copy cannot be written
   */
  static void provide(Preset preset, Path folder, Folder bundled) {
    Map<Path, byte[]> copies = new LinkedHashMap<>();
    for (String file : files(preset)) {
      Path named = folder.resolve(file).normalize();
      if (Files.isRegularFile(named)) {
        continue;
      }
      String problem = "preset " + preset.name() + " names " + file + ", which is not in " + folder;
      if (Path.of(file).isAbsolute() || !named.startsWith(folder)) {
        throw new PresetException(problem);
      }
      // Inside by its name is not enough: a subfolder that is a link would take the copy wherever it leads.
      Optional<Path> link = InsideFolder.linkOnTheWay(folder, named);
      if (link.isPresent()) {
        throw new LinkRefusedException("preset " + preset.name() + " names " + file + ", which would be written"
            + " through the symbolic link " + link.get() + ": a save writes only inside the preset folder " + folder
            + ", never through a link");
      }
      try {
        copies.put(named, bundled.read(file));
      } catch (IOException e) {
        throw new PresetException(problem + " nor among the bundled presets' files: copy it there first", e);
      }
    }
    copies.forEach((file, bytes) -> {
      try {
        InsideFolder.makeFolders(folder, file);
        WholeFiles.write(file, bytes); // a copy cut short (a full disk) never passes for the file at the next save
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + file.getFileName() + " to " + file.getParent(), e);
      }
    });
  }

  /** The files {@code preset} names beside its model: its keyframe pictures and directions. */
  private static List<String> files(Preset preset) {
    List<String> files = new ArrayList<>();
    if (preset.trajectory() instanceof TrajectorySpec.Morph morph) {
      for (TrajectorySpec.Keyframe keyframe : morph.keyframes()) {
        if (keyframe instanceof TrajectorySpec.Keyframe.Image image) {
          files.add(image.file());
        }
      }
    }
    preset.directions().values().forEach(direction -> files.add(direction.file()));
    return files;
  }

  /**
   * A preset's {@code post.denoise} must name a denoiser model file that loads, trained on pictures of as many
   * channels as the model draws: one for the other would clean nothing (a grey denoiser's output of a colour picture
   * is grey).
   */
  private static void checkDenoiser(PostSpec post, ModelSpec model, String source) {
    String name = post.denoise();
    if (name == null) {
      return;
    }
    ModelMetadata denoiser;
    try {
      denoiser = ModelFile.load(name).metadata();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new PresetException(source + ": field post.denoise: " + e.getMessage(), e);
    }
    if (denoiser.kind() != ModelKind.DENOISER) {
      throw new PresetException(source + ": field post.denoise: " + name + " is a " + denoiser.kind()
          + " model, not a denoiser");
    }
    if (denoiser.channels() != model.channels()) {
      throw new PresetException(source + ": field post.denoise: " + name + " was trained on " + pictures(
          denoiser.channels()) + ", not on the model's " + pictures(model.channels()));
    }
  }

  /** "grey pictures (1 channel)" or "colour pictures (3 channels)". */
  private static String pictures(int channels) {
    return channels == 1 ? "grey pictures (1 channel)" : "colour pictures (" + channels + " channels)";
  }

  private static TrajectorySpec.Morph encodeKeyframes(TrajectorySpec.Morph morph, ModelFile model, String modelName,
      Folder folder, String source) {
    if (!model.metadata().kind().hasEncoder()) {
      throw new PresetException(source + ": keyframe pictures need a model with an encoder (cppn-vae-gan or "
          + "vae-dcgan); " + modelName + " is a " + model.metadata().kind());
    }
    List<TrajectorySpec.Keyframe> encoded = new ArrayList<>();
    Encoder encoder = null;
    try {
      for (TrajectorySpec.Keyframe k : morph.keyframes()) {
        if (!(k instanceof TrajectorySpec.Keyframe.Image image)) {
          encoded.add(k);
          continue;
        }
        byte[] bytes;
        try {
          bytes = folder.read(image.file());
        } catch (IOException e) {
          throw new PresetException(source + ": keyframe picture " + image.file() + " cannot be read: "
              + e.getMessage(), e);
        }
        Path cached = cacheFile(folder, bytes, model);
        Latent latent = cached == null ? null : readCache(cached, model.metadata().latentSize());
        if (latent == null) {
          BufferedImage picture = Pictures.decode(bytes);
          if (picture == null) {
            throw new PresetException(source + ": keyframe picture " + image.file()
                + " is not a readable image (PNG, JPEG, GIF or BMP)");
          }
          if (encoder == null) {
            encoder = Encoder.of(model);
          }
          latent = encoder.encode(picture);
          if (cached != null) {
            writeCache(cached, image.file(), modelName, model.id(), latent);
          }
        }
        encoded.add(new TrajectorySpec.Keyframe.Image(image.file(), latent));
      }
    } finally {
      if (encoder != null) {
        encoder.close();
      }
    }
    return morph.withKeyframes(encoded);
  }

  /** The cache file of a picture's encoding by {@code model}, or null when the preset has no cache folder. */
  static @Nullable Path cacheFile(Folder folder, byte[] picture, ModelFile model) {
    Path cache = folder.cache();
    if (cache == null) {
      return null;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(picture);
      return cache.resolve("keyframe-" + java.util.HexFormat.of().formatHex(digest, 0, 16) + "-" + model.id()
          + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }

  /** One cached encoding. */
  record CachedKeyframe(String picture, String model, String modelId, float[] latent) {}

  private static @Nullable Latent readCache(Path file, int latentSize) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      CachedKeyframe cached = JSON.readValue(file.toFile(), CachedKeyframe.class);
      return cached.latent() != null && cached.latent().length == latentSize ? Latent.of(cached.latent()) : null;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring the unreadable keyframe cache {}: {}", file, e.getMessage());
      return null;
    }
  }

  private static void writeCache(Path file, String picture, String modelName, String modelId, Latent latent) {
    try {
      // A cache folder that is a link could lead the write anywhere: made inside the preset's folder, or refused.
      InsideFolder.makeFolders(file.getParent().getParent(), file);
      WholeFiles.write(file, out -> JSON.writeValue(out,
          new CachedKeyframe(picture, modelName, modelId, latent.toArray())));
    } catch (IOException | LinkRefusedException e) {
      LOG.info("not caching the encoding of {} in {}: {}", picture, file.getParent(), e.getMessage());
    }
  }
}
