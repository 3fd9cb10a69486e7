package dev.zoomorph.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path dir;

  static final CppnSpec SPEC = new CppnSpec(4, 8, 3, 1, 8f);

  static ModelMetadata cppnGanMetadata() {
    return new ModelMetadata(ModelKind.CPPN_GAN, 4, 1, 26, 26, new ModelMetadata.Cppn(8, 3, 8f), null, null, null,
        List.of(new ModelMetadata.Layer("g.h0", 8, "softplus")), new ModelMetadata.Dataset("test", "MIT"), 12,
        Map.of("g", 0.7, "d", 0.69), "zoomorph train cppn-gan ...", 42);
  }

  static ModelFile cppnGan() {
    return new ModelFile(cppnGanMetadata(), ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)));
  }

  @Test
  void roundTripIsBitExact() {
    List<ModelTensor> tensors = new ArrayList<>(ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)));
    // Odd bit patterns survive too: negative zero, subnormals, the extremes.
    float[] bias = {-0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, 0x1.fffffep-127f, 1e-30f, 3f, 0.1f, -7.25f};
    tensors.set(4, new ModelTensor("g.b0", new int[] {8}, bias));
    ModelFile model = new ModelFile(cppnGanMetadata(), tensors);
    Path file = dir.resolve("m.safetensors");
    model.write(file);
    ModelFile back = ModelFile.read(file);
    assertThat(back.metadata()).isEqualTo(model.metadata());
    assertThat(back.tensors()).isEqualTo(model.tensors());
    float[] read = back.tensor("g.b0").values();
    for (int i = 0; i < bias.length; i++) {
      assertThat(Float.floatToRawIntBits(read[i])).isEqualTo(Float.floatToRawIntBits(bias[i]));
    }
    assertThat(back.toBytes()).isEqualTo(model.toBytes());
  }

  @Test
  void producesTheCppnWeightsItWasGiven() {
    CppnWeights weights = CppnWeights.random(SPEC, 7);
    ModelFile back = ModelFile.read(new ModelFile(cppnGanMetadata(), ModelFile.cppnTensors(weights)).toBytes(), "x");
    CppnWeights loaded = back.cppnWeights();
    assertThat(loaded.spec()).isEqualTo(SPEC);
    assertThat(loaded.wz()).isEqualTo(weights.wz());
    assertThat(loaded.hiddenWeights().get(1)).isEqualTo(weights.hiddenWeights().get(1));
    assertThat(loaded.wOut()).isEqualTo(weights.wOut());
  }

  @Test
  void headerIsStandardSafetensors() {
    byte[] bytes = cppnGan().toBytes();
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertThat(n % 8).isZero();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).contains("\"__metadata__\"", "\"zoomorph.format_version\":\"1\"", "\"dtype\":\"F32\"",
        "\"g.h2.w\":{\"dtype\":\"F32\",\"shape\":[8,8],\"data_offsets\":[");
  }

  @Test
  void truncatedFileIsRejectedNamingFileAndTensor() throws Exception {
    Path file = dir.resolve("cut.safetensors");
    byte[] bytes = cppnGan().toBytes();
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("truncated").hasMessageContaining("tensor g.wz");
    Files.write(file, java.util.Arrays.copyOf(bytes, 100));
    assertThatThrownBy(() -> ModelFile.read(file)).hasMessageContaining(file.toString())
        .hasMessageContaining("truncated or corrupt: the header length");
    Files.write(file, new byte[3]);
    assertThatThrownBy(() -> ModelFile.read(file)).hasMessageContaining("truncated");
  }

  @Test
  void corruptHeaderIsRejected() {
    byte[] bytes = cppnGan().toBytes();
    bytes[8] = (byte) 0xff;
    assertThatThrownBy(() -> ModelFile.read(bytes, "bad.safetensors"))
        .hasMessageStartingWith("bad.safetensors: corrupt header: not valid JSON: ")
        .hasMessageNotContainingAny("\uFFFD", "Feature", "Source");
  }

  @Test
  void aHeaderLengthWithItsTopBitSetIsLargerThanTheFileNotNegative() {
    byte[] bytes = cppnGan().toBytes();
    bytes[7] = (byte) 0x80;
    assertThatThrownBy(() -> ModelFile.read(bytes, "top.safetensors"))
        .hasMessageStartingWith("top.safetensors: truncated or corrupt: the header length (922337203685477")
        .hasMessageEndingWith("bytes) is larger than the file (" + bytes.length + " bytes)")
        .hasMessageNotContaining("-");
  }

  @Test
  void damagedTensorNamesAreShownEscaped() {
    List<ModelTensor> tensors = new ArrayList<>(ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)));
    // JSON's escape puts a control character in the name, as flipped header bits would; U+FFFD as bad UTF-8 decodes.
    tensors.add(new ModelTensor("g.\\u0001x\uFFFD", new int[] {1}, new float[] {0}));
    byte[] bytes = writeUnchecked(tensors);
    assertThatThrownBy(() -> ModelFile.read(bytes, "e.safetensors"))
        .hasMessageStartingWith("e.safetensors: unexpected tensor g.\\u0001x\\uFFFD in a cppn-gan model")
        .hasMessageNotContaining("\u0001").hasMessageNotContaining("\uFFFD");
  }

  @Test
  void badMetadataJsonIsDescribedInWords() {
    byte[] bytes = writeUnchecked(ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)), "nonsense");
    assertThatThrownBy(() -> ModelFile.read(bytes, "j.safetensors"))
        .hasMessageStartingWith("j.safetensors: bad model metadata: not valid JSON: ")
        .hasMessageNotContainingAny("code 110", "StreamReadFeature", "INCLUDE_SOURCE", "Source:");
    byte[] wrong = writeUnchecked(ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)),
        "{\"kind\":\"cppn-gan\",\"latentSize\":\"many\",\"channels\":1,\"trainingWidth\":26,"
            + "\"trainingHeight\":26,\"cppn\":{\"width\":8,\"depth\":3,\"scale\":8.0}}");
    assertThatThrownBy(() -> ModelFile.read(wrong, "w.safetensors"))
        .hasMessage("w.safetensors: bad model metadata: latentSize: must be a whole number, was \"many\"");
  }

  @Test
  void cppnValuesTheGeneratorWouldRefuseAreRefusedWhenTheFileIsRead() {
    String metadata = "{\"kind\":\"cppn-gan\",\"latentSize\":4,\"channels\":1,\"trainingWidth\":26,"
        + "\"trainingHeight\":26,\"cppn\":{\"width\":8,\"depth\":3,\"scale\":8.0},\"steps\":1,\"seed\":1}";
    List<ModelTensor> tensors = ModelFile.cppnTensors(CppnWeights.random(SPEC, 7));
    for (String[] bad : new String[][] {
        {"\"scale\":0.0", "CPPN scale must be positive and finite, was 0.0"},
        {"\"scale\":-2", "CPPN scale must be positive and finite, was -2.0"},
        {"\"scale\":1e39", "CPPN scale must be positive and finite, was Infinity"},
        {"\"width\":2000", "CPPN width must be in 1..1024, was 2000"},
        {"\"depth\":0", "CPPN depth must be in 1..16, was 0"}}) {
      String key = bad[0].substring(0, bad[0].indexOf(':') + 1);
      String edited = metadata.replaceFirst(java.util.regex.Pattern.quote(key) + "[^,}]*", bad[0]);
      byte[] bytes = writeUnchecked(tensors, edited);
      assertThatThrownBy(() -> ModelFile.read(bytes, "s.safetensors")).as(bad[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("s.safetensors: bad model metadata: " + bad[1]);
    }
  }

  @Test
  void sizesThatWouldOverflowAreRefused() {
    assertThatThrownBy(() -> new ModelMetadata(ModelKind.CPPN_VAE_GAN, 4, 1, 4, 1073741993,
        new ModelMetadata.Cppn(8, 3, 8f), new ModelMetadata.Encoder(List.of(8), "softplus"), null, null, List.of(),
        null, 1, null, null, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model training size must be 1..16384 a side, was 4x1073741993");
    assertThatThrownBy(() -> new ModelMetadata.Dcgan(1 << 30, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseFilters in 1..65536");
    // The largest sizes allowed still give true (positive) shapes.
    ModelMetadata largest = new ModelMetadata(ModelKind.VAE_DCGAN, 4, 3, 16384, 16384, null,
        new ModelMetadata.Encoder(List.of(), "leaky-relu", List.of(8)), new ModelMetadata.Dcgan(65536, 6), null,
        List.of(), null, 1, null, null, 1);
    assertThat(ModelFile.expectedShapes(largest).values()).allSatisfy(shape -> assertThat(java.util.Arrays.stream(shape).min().orElse(1)).isPositive());
    assertThat(ModelFile.expectedShapes(largest).get("q.mu.w")).containsExactly(8192 * 8192 * 8, 4);
  }

  @Test
  void writingOverAFolderSaysSoAndLeavesNoTemporaryFile() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("out"));
    assertThatThrownBy(() -> cppnGan().write(folder)).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage("cannot write model file " + folder + ": is a folder");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out");
    }
  }

  @Test
  void missingTensorWrongShapeAndNonFiniteAreRejected() {
    List<ModelTensor> tensors = new ArrayList<>(ModelFile.cppnTensors(CppnWeights.random(SPEC, 7)));
    List<ModelTensor> missing = new ArrayList<>(tensors);
    missing.removeIf(t -> t.name().equals("g.h2.b"));
    byte[] missingBytes = writeUnchecked(missing);
    assertThatThrownBy(() -> ModelFile.read(missingBytes, "m.safetensors"))
        .hasMessage("m.safetensors: missing tensor g.h2.b (shape [8]) needed by a cppn-gan model");

    List<ModelTensor> wrong = new ArrayList<>(tensors);
    wrong.replaceAll(t -> t.name().equals("g.wz") ? new ModelTensor("g.wz", new int[] {8, 4}, t.values()) : t);
    byte[] wrongBytes = writeUnchecked(wrong);
    assertThatThrownBy(() -> ModelFile.read(wrongBytes, "w.safetensors"))
        .hasMessage("w.safetensors: tensor g.wz has shape [8, 4], expected [4, 8]");

    List<ModelTensor> nan = new ArrayList<>(tensors);
    float[] v = tensors.get(1).values().clone();
    v[3] = Float.NaN;
    nan.set(1, new ModelTensor(tensors.get(1).name(), tensors.get(1).shape(), v));
    byte[] nanBytes = writeUnchecked(nan);
    assertThatThrownBy(() -> ModelFile.read(nanBytes, "n.safetensors"))
        .hasMessageContaining("n.safetensors: tensor g.wx has a non-finite value (NaN) at index 3");
  }

  @Test
  void newerFormatVersionAndForeignFilesAreRejected() {
    String good = new String(cppnGan().toBytes(), StandardCharsets.ISO_8859_1);
    byte[] newer = good.replace("\"zoomorph.format_version\":\"1\"", "\"zoomorph.format_version\":\"9\"")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ModelFile.read(newer, "v.safetensors"))
        .hasMessageContaining("v.safetensors: format version 9 is not supported");
    byte[] foreign = good.replace("zoomorph.format_version", "zoomorph.formatXversion")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ModelFile.read(foreign, "f.safetensors"))
        .hasMessageContaining("not a Zoomorph model file");
  }

  @Test
  void loadsByFilePathOrBundledName() throws Exception {
    Path file = dir.resolve("a.safetensors");
    cppnGan().write(file);
    assertThat(ModelFile.load(file.toString()).metadata().kind()).isEqualTo(ModelKind.CPPN_GAN);

    Path models = dir.resolve("cp/zoomorph/presets/models");
    Files.createDirectories(models);
    cppnGan().write(models.resolve("tiny-test.safetensors"));
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(ModelFile.load("tiny-test").metadata().steps()).isEqualTo(12);
      assertThatThrownBy(() -> ModelFile.load("no-such-model"))
          .hasMessage("no model file no-such-model (looked for " + Path.of("no-such-model").toAbsolutePath()
              + ") and no bundled model of that name; bundled models: tiny-test");
      Path folder = Files.createDirectory(dir.resolve("folder.safetensors"));
      assertThatThrownBy(() -> ModelFile.load(folder.toString()))
          .hasMessage(folder + " is a folder, not a model file (the trained model is the file train's --out wrote)");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void aBundledNameMeansTheBundledModelEvenBesideAFileOfThatName() throws Exception {
    Path models = dir.resolve("cp/zoomorph/presets/models");
    Files.createDirectories(models);
    String name = "shadowed-" + ProcessHandle.current().pid();
    cppnGan().write(models.resolve(name + ".safetensors"));
    ModelMetadata bundled = cppnGanMetadata();
    ModelMetadata own = new ModelMetadata(bundled.kind(), bundled.latentSize(), bundled.channels(),
        bundled.trainingWidth(), bundled.trainingHeight(), bundled.cppn(), null, null, null, bundled.layers(),
        bundled.dataset(), 99, bundled.finalLosses(), bundled.command(), bundled.seed());
    // ModelFile.load reads paths from the working folder, where a user's file of a bundled model's name may lie.
    Path inWorkingFolder = Path.of(name);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, previous)) {
      new ModelFile(own, ModelFile.cppnTensors(CppnWeights.random(SPEC, 7))).write(inWorkingFolder);
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(ModelFile.load(name).metadata().steps()).isEqualTo(12);
      assertThat(ModelFile.load("./" + name).metadata().steps()).isEqualTo(99);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      Files.deleteIfExists(inWorkingFolder);
    }
  }

  @Test
  void aPathWrittenFromAFolderLeadsBackToItsFileAndNeverToABundledModel() throws Exception {
    Path models = dir.resolve("cp/zoomorph/presets/models");
    Files.createDirectories(models);
    cppnGan().write(models.resolve("tiny-test.safetensors"));
    Path folder = Files.createDirectories(dir.resolve("presets"));
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(ModelFile.locate("tiny-test", folder)).isEqualTo("tiny-test");
      String shadowing = ModelFile.locate("./tiny-test", folder);
      assertThat(shadowing).isEqualTo(folder.resolve("tiny-test").toAbsolutePath().toString());
      assertThat(ModelFile.relativeTo(shadowing, folder)).isEqualTo("./tiny-test");
      String beside = ModelFile.locate("../models/m.safetensors", folder);
      assertThat(beside).isEqualTo(dir.resolve("models/m.safetensors").toAbsolutePath().toString());
      assertThat(ModelFile.relativeTo(beside, dir.resolve("saved/here"))).isEqualTo("../../models/m.safetensors");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void filesThatAreNotModelsAreNamedForWhatTheyAre() throws Exception {
    String hint = ", not a model file (the trained model is the file train's --out wrote)";
    for (String format : new String[] {"png", "jpeg", "gif"}) {
      Path picture = dir.resolve("picture." + format);
      javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
          format, picture.toFile());
      assertThatThrownBy(() -> ModelFile.read(picture)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage(picture + " is a " + format.toUpperCase(java.util.Locale.ROOT) + " image" + hint);
    }
    Path text = Files.writeString(dir.resolve("notes.txt"), "model_checkpoint_path: \"ckpt-1\"\n");
    assertThatThrownBy(() -> ModelFile.read(text)).hasMessage(text + " is a text file" + hint);

    // A checkpoint as train's work folder holds it: its files' bytes have no signature, their names say it.
    Path checkpoint = Files.createDirectories(dir.resolve("model.safetensors.work/checkpoints/step-00000500"));
    ByteBuffer ones = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    while (ones.hasRemaining()) {
      ones.putFloat(1f);
    }
    byte[] floats = ones.array();
    for (String name : new String[] {"variables.index", "variables.data-00000-of-00001"}) {
      Path part = Files.write(checkpoint.resolve(name), floats);
      assertThatThrownBy(() -> ModelFile.read(part))
          .hasMessage(part + " is part of a TensorFlow checkpoint (as train's work folder holds)" + hint);
    }
    assertThatThrownBy(() -> ModelFile.load(checkpoint.toString()))
        .hasMessage(checkpoint + " is a TensorFlow checkpoint's folder (as train's work folder holds)" + hint);

    // Other bytes keep the safetensors reader's own message.
    Path garbage = Files.write(dir.resolve("garbage.bin"), floats);
    assertThatThrownBy(() -> ModelFile.read(garbage))
        .hasMessageStartingWith(garbage + ": truncated or corrupt: the header length");
  }

  /** Writes tensors with valid metadata but bypassing the constructor's checks, as a foreign tool might. */
  private static byte[] writeUnchecked(List<ModelTensor> tensors) {
    return writeUnchecked(tensors, "{\"kind\":\"cppn-gan\",\"latentSize\":4,\"channels\":1,\"trainingWidth\":26,"
        + "\"trainingHeight\":26,\"cppn\":{\"width\":8,\"depth\":3,\"scale\":8.0},\"steps\":1,\"seed\":1}");
  }

  private static byte[] writeUnchecked(List<ModelTensor> tensors, String metadata) {
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"zoomorph.format_version\":\"1\",\"zoomorph.model\":");
    header.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(metadata).toString());
    header.append('}');
    long offset = 0;
    for (ModelTensor t : tensors) {
      header.append(",\"").append(t.name()).append("\":{\"dtype\":\"F32\",\"shape\":")
          .append(java.util.Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
          .append(offset).append(',').append(offset + 4L * t.size()).append("]}");
      offset += 4L * t.size();
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    tensors.forEach(t -> {
      for (float f : t.values()) {
        out.putFloat(f);
      }
    });
    return out.array();
  }
}
