package dev.zoomorph.engine.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensors (names and shapes) each kind of model file must hold; the single source of truth for the layout. */
final class TensorLayout {
  private TensorLayout() {}

  /**
   * @throws IllegalArgumentException when a size overflows: a crafted or damaged file could otherwise make a wrapped
   *     product match its tensors
   */
  static Map<String, int[]> expectedShapes(ModelMetadata m) {
    try {
      return shapes(m);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the metadata's sizes give tensors too large to hold (over "
          + Integer.MAX_VALUE + " values)");
    }
  }

  private static Map<String, int[]> shapes(ModelMetadata m) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    int latent = m.latentSize();
    int channels = m.channels();
    ModelMetadata.Cppn cppn = m.cppn();
    if (m.kind().isCppn() && cppn != null) {
      int w = cppn.width();
      shapes.put("g.wz", new int[] {latent, w});
      shapes.put("g.wx", new int[] {w});
      shapes.put("g.wy", new int[] {w});
      shapes.put("g.wr", new int[] {w});
      shapes.put("g.b0", new int[] {w});
      for (int k = 1; k < cppn.depth(); k++) {
        shapes.put("g.h" + k + ".w", new int[] {w, w});
        shapes.put("g.h" + k + ".b", new int[] {w});
      }
      shapes.put("g.out.w", new int[] {w, channels});
      shapes.put("g.out.b", new int[] {channels});
    }
    ModelMetadata.Encoder encoder = m.encoder();
    if (m.kind().hasEncoder() && encoder != null) {
      int width = m.trainingWidth();
      int height = m.trainingHeight();
      int depth = channels;
      List<Integer> convolutions = encoder.convolutions();
      for (int k = 0; k < convolutions.size(); k++) {
        shapes.put("q.c" + k + ".w", new int[] {5, 5, depth, convolutions.get(k)});
        shapes.put("q.c" + k + ".b", new int[] {convolutions.get(k)});
        depth = convolutions.get(k);
        width = (width + 1) / 2; // stride 2, SAME padding
        height = (height + 1) / 2;
      }
      int in = Math.multiplyExact(Math.multiplyExact(width, height), depth);
      List<Integer> hidden = encoder.hidden();
      for (int k = 0; k < hidden.size(); k++) {
        shapes.put("q.h" + (k + 1) + ".w", new int[] {in, hidden.get(k)});
        shapes.put("q.h" + (k + 1) + ".b", new int[] {hidden.get(k)});
        in = hidden.get(k);
      }
      shapes.put("q.mu.w", new int[] {in, latent});
      shapes.put("q.mu.b", new int[] {latent});
      shapes.put("q.logvar.w", new int[] {in, latent});
      shapes.put("q.logvar.b", new int[] {latent});
    }
    ModelMetadata.Dcgan dcgan = m.dcgan();
    if (m.kind().isDcgan() && dcgan != null) {
      int n = dcgan.upsamplings();
      int projection = Math.multiplyExact(16, dcgan.filters(0));
      shapes.put("g.fc.w", new int[] {latent, projection});
      shapes.put("g.fc.b", new int[] {projection});
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          shapes.put("g.up" + k + ".w", new int[] {5, 5, dcgan.filters(k), dcgan.filters(k - 1)});
        }
        for (String p : new String[] {"gamma", "beta", "mean", "var"}) {
          shapes.put("g.bn" + k + "." + p, new int[] {dcgan.filters(k)});
        }
      }
      shapes.put("g.up" + n + ".w", new int[] {5, 5, channels, dcgan.filters(n - 1)});
      shapes.put("g.up" + n + ".b", new int[] {channels});
    }
    ModelMetadata.Denoiser denoiser = m.denoiser();
    if (m.kind() == ModelKind.DENOISER && denoiser != null) {
      int f = denoiser.filters();
      int[][] convolutions = {{channels, f}, {f, 2 * f}, {2 * f, 2 * f}, {3 * f, f}, {f, channels}}; // f <= 256
      for (int k = 0; k < convolutions.length; k++) {
        shapes.put("n.c" + (k + 1) + ".w", new int[] {3, 3, convolutions[k][0], convolutions[k][1]});
        shapes.put("n.c" + (k + 1) + ".b", new int[] {convolutions[k][1]});
      }
    }
    return shapes;
  }
}
