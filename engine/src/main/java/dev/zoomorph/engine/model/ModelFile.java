package dev.zoomorph.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zoomorph.engine.files.ClasspathFolder;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.json.JsonProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A model file: {@link ModelMetadata} plus named float32 tensors, stored as safetensors (8-byte little-endian header
 * length, JSON header, raw little-endian float32 data). The metadata JSON sits in the header's {@code __metadata__}
 * under {@code zoomorph.model}, next to {@code zoomorph.format_version}. See {@code docs/model-files.md}.
 *
 * <p>Reading validates everything (header, offsets, dtypes, every tensor the kind needs and its shape, finiteness) and
 * fails with an {@link IllegalArgumentException} naming the file and the tensor, so a caller that keeps its current
 * model on failure loses nothing.
 */
public final class ModelFile {

  /** The format version this code writes; it reads this and every earlier version. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_KEY = "zoomorph.format_version";
  static final String MODEL_KEY = "zoomorph.model";
  private static final String RESOURCE_PREFIX = "zoomorph/presets/models/";
  private static final Pattern BUNDLED_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final long MAX_HEADER = 64L << 20;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final ModelMetadata metadata;
  private final Map<String, ModelTensor> tensors;
  private volatile @Nullable String id;

  /**
   * A model from metadata and tensors; checks that the tensors are exactly what the kind needs, with the right shapes.
   */
  public ModelFile(ModelMetadata metadata, List<ModelTensor> tensors) {
    this(metadata, tensors, "model");
  }

  private ModelFile(ModelMetadata metadata, List<ModelTensor> tensors, String source) {
    Map<String, ModelTensor> byName = new LinkedHashMap<>();
    for (ModelTensor t : tensors) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException(source + ": tensor " + shown(t.name()) + " appears twice");
      }
    }
    Map<String, int[]> expected = TensorLayout.expectedShapes(metadata);
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      ModelTensor t = byName.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException(source + ": missing tensor " + e.getKey() + " (shape "
            + Arrays.toString(e.getValue()) + ") needed by a " + metadata.kind() + " model");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " has shape "
            + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.getValue()));
      }
      float[] v = t.values();
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new IllegalArgumentException(
              source + ": tensor " + e.getKey() + " has a non-finite value (" + v[i] + ") at index " + i);
        }
      }
    }
    for (String name : byName.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(source + ": unexpected tensor " + shown(name) + " in a " + metadata.kind()
            + " model (known: " + String.join(", ", expected.keySet()) + ")");
      }
    }
    this.metadata = metadata;
    this.tensors = Map.copyOf(byName);
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * What identifies these weights: the first 16 hex digits of the SHA-256 of the tensors (in name order: each name,
   * shape and little-endian float32 data). Equal for the same weights however the file is named, where it lies or what
   * its metadata says; anything that depends on the weights (a latent direction, an encoded keyframe) records it.
   */
  public String id() {
    String known = id;
    if (known == null) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort(null);
        for (String name : names) {
          ModelTensor t = tensors.get(name);
          digest.update(name.getBytes(StandardCharsets.UTF_8));
          ByteBuffer bytes = ByteBuffer.allocate(4 * (t.shape().length + 1) + 4 * t.size())
              .order(ByteOrder.LITTLE_ENDIAN);
          bytes.putInt(t.shape().length);
          for (int d : t.shape()) {
            bytes.putInt(d);
          }
          for (float f : t.values()) {
            bytes.putInt(Float.floatToRawIntBits(f));
          }
          digest.update(bytes.array());
        }
        known = HexFormat.of().formatHex(digest.digest(), 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this Java", e);
      }
      id = known;
    }
    return known;
  }

  /** The named tensor; an unknown name is an {@link IllegalArgumentException}. */
  public ModelTensor tensor(String name) {
    ModelTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("model has no tensor " + name);
    }
    return t;
  }

  /** All tensors, by name. */
  public Map<String, ModelTensor> tensors() {
    return tensors;
  }

  /**
   * The tensors (names and shapes, in layout order) a model with {@code metadata} must hold: what to write when
   * bringing weights from elsewhere.
   */
  public static Map<String, int[]> expectedShapes(ModelMetadata metadata) {
    return TensorLayout.expectedShapes(metadata);
  }

  /** The CPPN generator's weights, for CPPN kinds; DCGAN models are an {@link IllegalStateException}. */
  public CppnWeights cppnWeights() {
    ModelMetadata.Cppn c = metadata.cppn();
    if (!metadata.kind().isCppn() || c == null) {
      throw new IllegalStateException("a " + metadata.kind() + " model has no CPPN generator");
    }
    CppnSpec spec = new CppnSpec(metadata.latentSize(), c.width(), c.depth(), metadata.channels(), c.scale());
    List<float[]> hw = new ArrayList<>();
    List<float[]> hb = new ArrayList<>();
    for (int k = 1; k < c.depth(); k++) {
      hw.add(tensor("g.h" + k + ".w").values());
      hb.add(tensor("g.h" + k + ".b").values());
    }
    return new CppnWeights(spec, tensor("g.wz").values(), tensor("g.wx").values(), tensor("g.wy").values(),
        tensor("g.wr").values(), tensor("g.b0").values(), hw, hb, tensor("g.out.w").values(),
        tensor("g.out.b").values());
  }

  /** The generator tensors of {@code weights} under the names a CPPN model file uses. */
  public static List<ModelTensor> cppnTensors(CppnWeights weights) {
    CppnSpec s = weights.spec();
    int w = s.width();
    List<ModelTensor> out = new ArrayList<>();
    out.add(new ModelTensor("g.wz", new int[] {s.latentSize(), w}, weights.wz()));
    out.add(new ModelTensor("g.wx", new int[] {w}, weights.wx()));
    out.add(new ModelTensor("g.wy", new int[] {w}, weights.wy()));
    out.add(new ModelTensor("g.wr", new int[] {w}, weights.wr()));
    out.add(new ModelTensor("g.b0", new int[] {w}, weights.b0()));
    for (int k = 1; k < s.depth(); k++) {
      out.add(new ModelTensor("g.h" + k + ".w", new int[] {w, w}, weights.hiddenWeights().get(k - 1)));
      out.add(new ModelTensor("g.h" + k + ".b", new int[] {w}, weights.hiddenBiases().get(k - 1)));
    }
    out.add(new ModelTensor("g.out.w", new int[] {w, s.channels()}, weights.wOut()));
    out.add(new ModelTensor("g.out.b", new int[] {s.channels()}, weights.bOut()));
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  /**
   * Loads a model by bundled name (classpath resource {@code zoomorph/presets/models/NAME.safetensors}) or file path,
   * by {@link #isBundled}'s rule; a relative path is read from the working folder.
   */
  public static ModelFile load(String nameOrPath) {
    return load(nameOrPath, Path.of(""));
  }

  /**
   * Loads a model by bundled name or file path, by {@link #isBundled}'s rule; a relative path is read from
   * {@code folder} (a preset's). A file that is not there is refused saying where it was looked for and which models
   * are bundled.
   */
  public static ModelFile load(String nameOrPath, Path folder) {
    URL bundled = bundledModel(nameOrPath);
    if (bundled != null) {
      try (InputStream in = bundled.openStream()) {
        return read(in.readAllBytes(), "bundled model " + nameOrPath);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read bundled model " + nameOrPath, e);
      }
    }
    Path path = folder.resolve(nameOrPath); // not made absolute: from the working folder, messages name it as given
    if (Files.isRegularFile(path)) {
      return read(path);
    }
    if (Files.isDirectory(path)) {
      throw ForeignFiles.notAModel(nameOrPath, ForeignFiles.describeFolder(path));
    }
    if (Files.exists(path)) {
      throw new IllegalArgumentException("model file " + nameOrPath + " is not a regular file");
    }
    Path absolute = path.toAbsolutePath().normalize();
    String lookedFor = absolute.toString().equals(nameOrPath) ? "" : " (looked for " + absolute + ")";
    String noneBundled = BUNDLED_NAME.matcher(nameOrPath).matches() ? " and no bundled model of that name" : "";
    throw new IllegalArgumentException("no model file " + nameOrPath + lookedFor + noneBundled + bundledNames());
  }

  /** "; bundled models: a, b", for a message about a model not found; empty when none can be listed. */
  private static String bundledNames() {
    try {
      List<String> names = ClasspathFolder.names(bundledModels(), RESOURCE_PREFIX, ".safetensors");
      return names.isEmpty() ? "" : "; bundled models: " + String.join(", ", names);
    } catch (IOException | RuntimeException e) {
      return ""; // the message says what matters without them
    }
  }

  /**
   * What {@code nameOrPath} leads to when read from {@code folder}: a bundled model's name as it is, any other the
   * file's absolute path (which is never read as a bundled name, and leads to the same file from any working folder).
   */
  public static String locate(String nameOrPath, Path folder) {
    return isBundled(nameOrPath) ? nameOrPath
        : folder.toAbsolutePath().resolve(nameOrPath).normalize().toString();
  }

  /**
   * How to write {@code location} ({@link #locate}'s) in a file in {@code folder} so that {@link #locate} leads back to
   * it from there: a bundled name as it is, a path relative to the folder ({@code ./NAME} where the bare name would
   * be a bundled model's).
   */
  public static String relativeTo(String location, Path folder) {
    if (isBundled(location)) {
      return location;
    }
    String relative = folder.toAbsolutePath().normalize().relativize(Path.of(location).toAbsolutePath()).toString();
    return isBundled(relative) ? "./" + relative : relative;
  }

  /**
   * Whether {@code nameOrPath} means a bundled model: it is a bundled model's name (lower-case letters, digits and
   * '-', no folder or ending). Such a name always means the bundled model, whatever lies in the working folder, so a
   * show plays the same wherever it starts; a file of that name is reached as {@code ./NAME}. Anything else is a path.
   */
  public static boolean isBundled(String nameOrPath) {
    return bundledModel(nameOrPath) != null;
  }

  /** The bundled model called {@code name}, or null when there is none. */
  private static @Nullable URL bundledModel(String name) {
    return BUNDLED_NAME.matcher(name).matches()
        ? bundledModels().getResource(RESOURCE_PREFIX + name + ".safetensors") : null;
  }

  /** Where the bundled models are: the thread's class loader (a host application's), else this class's. */
  private static ClassLoader bundledModels() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : ModelFile.class.getClassLoader();
  }

  /** Reads and validates a model file. */
  public static ModelFile read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
    return read(bytes, file.toString(), file);
  }

  /** Reads and validates model-file bytes; {@code source} names them in error messages. */
  public static ModelFile read(byte[] bytes, String source) {
    return read(bytes, source, null);
  }

  private static ModelFile read(byte[] bytes, String source, @Nullable Path file) {
    if (!framedAsSafetensors(bytes)) {
      String what = ForeignFiles.describe(bytes, file);
      if (what != null) {
        throw ForeignFiles.notAModel(source, what);
      }
    }
    Map<String, String> rawMetadata = new LinkedHashMap<>();
    List<ModelTensor> tensors = readSafetensors(bytes, source, rawMetadata);
    String version = rawMetadata.get(VERSION_KEY);
    if (version == null) {
      throw new IllegalArgumentException(source + ": not a Zoomorph model file (no " + VERSION_KEY
          + " in the safetensors __metadata__)");
    }
    int v;
    try {
      v = Integer.parseInt(version.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": " + VERSION_KEY + " is not a number: '" + version + "'");
    }
    if (v < 1 || v > FORMAT_VERSION) {
      throw new IllegalArgumentException(source + ": format version " + v + " is not supported (this build reads 1.."
          + FORMAT_VERSION + "; a newer Zoomorph may read it)");
    }
    String json = rawMetadata.get(MODEL_KEY);
    if (json == null) {
      throw new IllegalArgumentException(source + ": no " + MODEL_KEY + " entry in the safetensors __metadata__");
    }
    ModelMetadata metadata;
    try {
      metadata = JSON.readValue(json, ModelMetadata.class);
    } catch (JsonProcessingException e) {
      JsonProblem problem = JsonProblem.of(e);
      throw new IllegalArgumentException(source + ": bad model metadata: "
          + (problem.syntax() ? problem.notValid("JSON") : problem), e);
    }
    return new ModelFile(metadata, tensors, source);
  }

  /** Whether {@code bytes} start as safetensors do: a header length that fits the file, then a JSON object. */
  private static boolean framedAsSafetensors(byte[] bytes) {
    if (bytes.length < 10) {
      return false;
    }
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return headerLength >= 2 && headerLength <= Math.min(MAX_HEADER, bytes.length - 8L) && bytes[8] == '{';
  }

  private static List<ModelTensor> readSafetensors(byte[] bytes, String source, Map<String, String> metadataOut) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException(source + ": truncated: " + bytes.length + " bytes, not even a header length");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buf.getLong(0);
    // Unsigned on disk: a length with its top bit set is a Java negative, and larger than any file.
    if (headerLength < 0 || headerLength > bytes.length - 8L) {
      throw new IllegalArgumentException(source + ": truncated or corrupt: the header length ("
          + Long.toUnsignedString(headerLength) + " bytes) is larger than the file (" + bytes.length + " bytes)");
    }
    if (headerLength < 2 || headerLength > MAX_HEADER) {
      throw new IllegalArgumentException(source + ": corrupt: a header length of " + headerLength
          + " bytes (a model's header is 2 bytes to " + (MAX_HEADER >> 20) + " MiB)");
    }
    int dataStart = 8 + (int) headerLength;
    long dataLength = bytes.length - (long) dataStart;
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      JsonProblem problem = JsonProblem.of(e);
      // The parser quotes the character it stopped at, which in a damaged header is any byte at all.
      throw new IllegalArgumentException(source + ": corrupt header: "
          + shown(problem.syntax() ? problem.notValid("JSON") : problem.toString()));
    }
    if (header == null || !header.isObject()) {
      throw new IllegalArgumentException(source + ": corrupt header: not a JSON object");
    }
    List<ModelTensor> tensors = new ArrayList<>();
    List<long[]> ranges = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      String shownName = shown(name);
      JsonNode node = entry.getValue();
      if (name.equals("__metadata__")) {
        if (!node.isObject()) {
          throw new IllegalArgumentException(source + ": __metadata__ is not a JSON object");
        }
        node.fields().forEachRemaining(m -> {
          if (!m.getValue().isTextual()) {
            throw new IllegalArgumentException(source + ": __metadata__ entry " + shown(m.getKey()) + " is not a string");
          }
          metadataOut.put(m.getKey(), m.getValue().textValue());
        });
        continue;
      }
      String dtype = node.path("dtype").asText("");
      if (!dtype.equals("F32")) {
        throw new IllegalArgumentException(
            source + ": tensor " + shownName + " has dtype '" + dtype + "', only F32 is supported");
      }
      JsonNode shapeNode = node.path("shape");
      JsonNode offsets = node.path("data_offsets");
      if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
        throw new IllegalArgumentException(source + ": tensor " + shownName + " lacks a shape or data_offsets pair");
      }
      int[] shape = new int[shapeNode.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = shapeNode.get(i);
        if (!d.canConvertToInt() || d.asInt() < 0) {
          throw new IllegalArgumentException(source + ": tensor " + shownName + " has a bad dimension " + d);
        }
        shape[i] = d.asInt();
        count *= shape[i];
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      if (begin < 0 || end < begin || end - begin != count * 4) {
        throw new IllegalArgumentException(source + ": tensor " + shownName + " has data_offsets [" + begin + ", " + end
            + "] that do not fit its shape " + Arrays.toString(shape) + " (" + count * 4 + " bytes)");
      }
      if (end > dataLength) {
        throw new IllegalArgumentException(source + ": truncated: tensor " + shownName + " ends at byte " + end
            + " of the data but the data has only " + dataLength + " bytes");
      }
      float[] values = new float[(int) count];
      ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
          .order(ByteOrder.LITTLE_ENDIAN);
      slice.asFloatBuffer().get(values);
      tensors.add(new ModelTensor(name, shape, values));
      ranges.add(new long[] {begin, end});
    }
    // safetensors requires the tensors to tile the data exactly: no overlaps, no gaps, nothing after.
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    long expectedStart = 0;
    for (long[] r : ranges) {
      if (r[0] != expectedStart) {
        throw new IllegalArgumentException(source + ": corrupt: tensor data overlaps or leaves a gap at byte " + r[0]);
      }
      expectedStart = r[1];
    }
    if (expectedStart != dataLength) {
      throw new IllegalArgumentException(source + ": corrupt: " + (dataLength - expectedStart)
          + " bytes after the last tensor");
    }
    return tensors;
  }

  /**
   * A name from a file, fit for a one-line message: a damaged header decodes to control characters and replacement
   * characters, which would garble the terminal or hide what is wrong; those are shown as \\uXXXX escapes.
   */
  static String shown(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0xFFFD || !Character.isDefined(c)
          || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c)) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writing

  /** This model as safetensors bytes (tensors in name order, header padded to 8 bytes). */
  public byte[] toBytes() {
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    meta.put(VERSION_KEY, Integer.toString(FORMAT_VERSION));
    try {
      meta.put(MODEL_KEY, JSON.writeValueAsString(metadata));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise model metadata", e);
    }
    List<String> names = new ArrayList<>(tensors.keySet());
    names.sort(null);
    long offset = 0;
    for (String name : names) {
      ModelTensor t = tensors.get(name);
      ObjectNode n = header.putObject(name);
      n.put("dtype", "F32");
      ArrayNode shape = n.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      ArrayNode offsets = n.putArray("data_offsets");
      offsets.add(offset);
      offset += 4L * t.size();
      offsets.add(offset);
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise safetensors header", e);
    }
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded);
    out.put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (String name : names) {
      for (float f : tensors.get(name).values()) {
        out.putInt(Float.floatToRawIntBits(f));
      }
    }
    return out.array();
  }

  /**
   * Writes this model to {@code file} atomically (temp file + move), so readers never see half a file; on failure
   * the temporary file is removed and the message says why (a folder where the file should be, a missing or
   * read-only folder).
   *
   * @throws UncheckedIOException with the cause
   */
  public void write(Path file) {
    Path absolute = file.toAbsolutePath();
    try {
      if (Files.isDirectory(absolute)) {
        // Moving over a folder fails with reasons that vary by system; this one says it.
        throw new FileSystemException(file.toString(), null, "Is a folder");
      }
      Files.createDirectories(absolute.getParent());
      WholeFiles.write(absolute, toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model file " + file + ": " + FileErrors.reason(e), e);
    }
  }
}
