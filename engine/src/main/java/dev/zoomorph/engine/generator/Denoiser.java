package dev.zoomorph.engine.generator;

import static dev.zoomorph.engine.generator.ModelTensors.constant;

import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.model.ModelKind;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A denoising autoencoder from a {@code denoiser} model file (see {@code docs/model-files.md}), in TensorFlow on the
 * CPU: cleans a frame of any size. A one-channel denoiser cleans each channel of a colour frame as a grey picture; a
 * colour one cleans grey frames as grey RGB and gives back the mean of its channels. Thread-safe; close it when done.
 */
public final class Denoiser implements AutoCloseable {
  private final int channels;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> output;
  private volatile boolean closed;

  private Denoiser(ModelFile model) {
    if (model.metadata().kind() != ModelKind.DENOISER) {
      throw new IllegalArgumentException("a " + model.metadata().kind() + " model is not a denoiser");
    }
    channels = model.metadata().channels();
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)));
      Operand<TFloat32> c1 = tf.nn.relu(conv(tf, model, input, 1, 1));
      Operand<TFloat32> c2 = tf.nn.relu(conv(tf, model, c1, 2, 2));
      Operand<TFloat32> c3 = tf.nn.relu(conv(tf, model, c2, 3, 1));
      Operand<TInt32> fullSize = tf.slice(tf.shape(c1), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
      Operand<TFloat32> up = tf.image.resizeNearestNeighbor(c3, fullSize);
      Operand<TFloat32> c4 = tf.nn.relu(conv(tf, model, tf.concat(List.of(up, c1), tf.constant(3)), 4, 1));
      output = tf.math.sigmoid(conv(tf, model, c4, 5, 1));
      int threads = Runtime.getRuntime().availableProcessors();
      session = new Session(graph, ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
          .setInterOpParallelismThreads(1).build());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The denoiser of a denoiser model file; the caller closes it. */
  public static Denoiser of(ModelFile model) {
    return new Denoiser(model);
  }

  private static Operand<TFloat32> conv(Ops tf, ModelFile model, Operand<TFloat32> x, int layer, long stride) {
    return tf.nn.biasAdd(tf.nn.conv2d(x, constant(tf, model, "n.c" + layer + ".w"), List.of(1L, stride, stride, 1L),
        "SAME"), constant(tf, model, "n.c" + layer + ".b"));
  }


  /** 1 for a grey denoiser, 3 for colour. */
  public int channels() {
    return channels;
  }

  /** {@code frame} cleaned, same size and channels. */
  public Frame denoise(Frame frame) {
    int w = frame.width();
    int h = frame.height();
    int c = frame.channels();
    byte[] in = frame.pixels();
    int pixels = w * h;
    // Batch of the frame's planes: one per channel for a grey denoiser, else the frame as RGB.
    int batch = channels == 1 ? c : 1;
    float[] values = new float[pixels * batch * channels];
    for (int p = 0; p < pixels; p++) {
      for (int k = 0; k < c; k++) {
        float v = (in[p * c + k] & 0xff) / 255f;
        if (channels == 1) {
          values[k * pixels + p] = v;
        } else if (c == 3) {
          values[p * 3 + k] = v;
        } else {
          values[p * 3] = values[p * 3 + 1] = values[p * 3 + 2] = v;
        }
      }
    }
    float[] out = new float[values.length];
    if (closed) {
      throw new IllegalStateException("denoiser is closed");
    }
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch, h, w, channels), DataBuffers.of(values, true, false));
        Result r = session.runner().feed(input, x).fetch(output).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
    }
    byte[] pixelsOut = new byte[in.length];
    for (int p = 0; p < pixels; p++) {
      for (int k = 0; k < c; k++) {
        float v;
        if (channels == 1) {
          v = out[k * pixels + p];
        } else if (c == 3) {
          v = out[p * 3 + k];
        } else {
          v = (out[p * 3] + out[p * 3 + 1] + out[p * 3 + 2]) / 3f;
        }
        pixelsOut[p * c + k] = Frame.toByte(v);
      }
    }
    return new Frame(w, h, c, pixelsOut);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
