package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.render.Palette;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The binary messages of the state stream ({@code /ws/show}), as docs/state-stream.md specifies them: the palettes,
 * a model (a CPPN's spec and weights, or a note that the model cannot be drawn by a viewer), and per frame the state
 * that draws it. Little-endian; every message starts with the same 8 bytes:
 *
 * <pre>
 *  0  u8   kind: 1 palettes, 2 model, 3 frame
 *  1  u8   format version, 1
 *  2  u16  header length in bytes (readers skip to it, so a later version may append header fields)
 *  4  u32  message length in bytes (a reader refuses a message of another length)
 * </pre>
 */
final class StateMessages {

  static final int VERSION = 1;
  static final int KIND_PALETTES = 1;
  static final int KIND_MODEL = 2;
  static final int KIND_FRAME = 3;
  /** The largest model message; a model that would be larger is sent as {@link #TOO_LARGE}. */
  static final int MAX_MODEL_BYTES = 16 << 20;

  static final int MODEL_HEADER = 40;
  static final int FRAME_HEADER = 32;
  static final int LAYER_HEADER = 60;
  private static final int PALETTES_HEADER = 12;
  private static final int TABLE_BYTES = 256 * 3;

  /** Model status: the CPPN's weights follow. */
  static final int DRAWABLE = 0;
  /** Model status: not a CPPN (a DCGAN); viewers show the JPEG stream. */
  static final int NOT_A_CPPN = 1;
  /** Model status: its message would be larger than {@link #MAX_MODEL_BYTES}. */
  static final int TOO_LARGE = 2;

  private StateMessages() {}

  /** The palettes message: each of {@link PostSpec#PALETTES}, in that order, with its 256-level RGB table. */
  static byte[] palettes() {
    List<byte[]> names = new ArrayList<>();
    int length = PALETTES_HEADER;
    for (String name : PostSpec.PALETTES) {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      names.add(bytes);
      length += 1 + bytes.length + TABLE_BYTES;
    }
    ByteBuffer out = start(KIND_PALETTES, PALETTES_HEADER, length);
    out.putInt(PostSpec.PALETTES.size());
    for (int i = 0; i < names.size(); i++) {
      out.put((byte) names.get(i).length).put(names.get(i)).put(Palette.named(PostSpec.PALETTES.get(i)).table());
    }
    return out.array();
  }

  /** The model message of a CPPN: its spec and weights, or {@link #TOO_LARGE} with its spec only. */
  static byte[] cppn(int id, String name, CppnWeights weights) {
    CppnSpec spec = weights.spec();
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    long floats = (long) spec.latentSize() * spec.width() + 4L * spec.width()
        + (spec.depth() - 1L) * (spec.width() * (long) spec.width() + spec.width())
        + (long) spec.width() * spec.channels() + spec.channels();
    long length = MODEL_HEADER + padded(nameBytes.length) + 4 * floats;
    if (length > MAX_MODEL_BYTES) {
      return model(id, TOO_LARGE, nameBytes, spec.channels(), spec.latentSize(), spec.width(), spec.depth(),
          spec.scale(), List.of());
    }
    List<float[]> tensors = new ArrayList<>();
    tensors.add(weights.wz());
    tensors.add(weights.wx());
    tensors.add(weights.wy());
    tensors.add(weights.wr());
    tensors.add(weights.b0());
    for (int k = 0; k < spec.depth() - 1; k++) {
      tensors.add(weights.hiddenWeights().get(k));
      tensors.add(weights.hiddenBiases().get(k));
    }
    tensors.add(weights.wOut());
    tensors.add(weights.bOut());
    return model(id, DRAWABLE, nameBytes, spec.channels(), spec.latentSize(), spec.width(), spec.depth(),
        spec.scale(), tensors);
  }

  /** The model message of a model viewers cannot draw (a DCGAN): they fall back to the JPEG stream. */
  static byte[] notACppn(int id, String name, int channels, int latentSize) {
    return model(id, NOT_A_CPPN, name.getBytes(StandardCharsets.UTF_8), channels, latentSize, 0, 0, 0, List.of());
  }

  private static byte[] model(int id, int status, byte[] name, int channels, int latentSize, int width, int depth,
      float scale, List<float[]> tensors) {
    int weights = tensors.stream().mapToInt(t -> t.length).sum();
    int length = MODEL_HEADER + padded(name.length) + 4 * weights;
    ByteBuffer out = start(KIND_MODEL, MODEL_HEADER, length);
    out.putInt(id).put((byte) status).put((byte) channels).putShort((short) name.length)
        .putInt(latentSize).putInt(width).putInt(depth).putFloat(scale).putInt(weights).putInt(0)
        .put(name).position(MODEL_HEADER + padded(name.length));
    for (float[] tensor : tensors) {
      out.asFloatBuffer().put(tensor);
      out.position(out.position() + 4 * tensor.length);
    }
    return out.array();
  }

  /**
   * The frame message of {@code rendered}: its number, show time and layers, each naming its model by the id
   * {@code modelIds} gives it.
   */
  static byte[] frame(RenderedScene rendered, ToIntFunction<ModelSpec> modelIds) {
    Scene scene = rendered.scene();
    Scene.@Nullable Layer fading = scene.fading();
    int length = FRAME_HEADER + layerLength(scene.current()) + (fading == null ? 0 : layerLength(fading));
    ByteBuffer out = start(KIND_FRAME, FRAME_HEADER, length);
    out.putLong(rendered.frame()).putDouble(rendered.showNanos() / 1e9)
        .putFloat(fading == null ? 0f : (float) scene.fadingWeight())
        .put((byte) (fading == null ? 1 : 2)).put((byte) 0).putShort((short) 0);
    layer(out, scene.current(), modelIds);
    if (fading != null) {
      layer(out, fading, modelIds);
    }
    return out.array();
  }

  private static int layerLength(Scene.Layer layer) {
    return LAYER_HEADER + 4 * layer.latent().size();
  }

  private static void layer(ByteBuffer out, Scene.Layer layer, ToIntFunction<ModelSpec> modelIds) {
    ViewSpec view = layer.view();
    PostSpec post = layer.post();
    Latent latent = layer.latent();
    Double threshold = post.threshold();
    String palette = post.palette();
    out.putInt(modelIds.applyAsInt(layer.preset().model())).putInt(latent.size())
        .putDouble(view.centerX()).putDouble(view.centerY()).putDouble(view.zoom()).putDouble(view.rotationDegrees())
        .putFloat((float) post.contrast()).putFloat((float) post.gamma())
        .putFloat(threshold == null ? 0f : threshold.floatValue()).putFloat((float) post.softness())
        .put((byte) (palette == null ? 0 : PostSpec.PALETTES.indexOf(palette) + 1)).put((byte) 0).putShort((short) 0);
    for (int i = 0; i < latent.size(); i++) {
      out.putFloat(latent.get(i));
    }
  }

  private static ByteBuffer start(int kind, int headerLength, int length) {
    ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    return out.put((byte) kind).put((byte) VERSION).putShort((short) headerLength).putInt(length);
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }
}
