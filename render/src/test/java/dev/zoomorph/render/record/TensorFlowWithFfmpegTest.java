package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.nio.file.Path;
import java.util.Collections;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow Java 1.1.0 was built against JavaCPP 1.5.11; JavaCV's FFmpeg needs 1.5.13, which wins on the
 * classpath. This renders with TensorFlow and encodes with FFmpeg in one JVM.
 */
class TensorFlowWithFfmpegTest {
  @TempDir Path dir;

  /** sigmoid(a·x + b·y) per pixel on the plane, computed by a TensorFlow graph. */
  static final class TensorFlowRamp implements Generator {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> xy;
    private final org.tensorflow.Operand<TFloat32> out;

    TensorFlowRamp() {
      Ops tf = Ops.create(graph);
      xy = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      out = tf.math.sigmoid(tf.linalg.matMul(xy, tf.constant(new float[][] {{3f, -1f, 0.5f}, {1f, 2f, -2f}})));
      session = new Session(graph);
    }

    @Override
    public int latentSize() {
      return 1;
    }

    @Override
    public int channels() {
      return 3;
    }

    @Override
    public Frame render(Latent latent, View view) {
      int n = view.width() * view.height();
      float[] coordinates = new float[2 * n];
      for (int j = 0; j < view.height(); j++) {
        for (int i = 0; i < view.width(); i++) {
          coordinates[2 * (j * view.width() + i)] = (float) view.planeX(i, j);
          coordinates[2 * (j * view.width() + i) + 1] = (float) view.planeY(i, j);
        }
      }
      float[] rgb = new float[3 * n];
      try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, 2), DataBuffers.of(coordinates, true, false));
          var result = session.runner().feed(xy, input).fetch(out).run()) {
        result.get(0).asRawTensor().data().asFloats().read(rgb);
      }
      byte[] pixels = new byte[3 * n];
      for (int k = 0; k < pixels.length; k++) {
        pixels[k] = Frame.toByte(rgb[k]);
      }
      return new Frame(view.width(), view.height(), 3, pixels);
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  @Test
  void rendersWithTensorFlowAndEncodesWithFfmpegInOneJvm() throws Exception {
    assertThat(Loader.getVersion()).isEqualTo("1.5.13");
    Path movie = dir.resolve("tf.mp4");
    try (TensorFlowRamp generator = new TensorFlowRamp()) {
      RecordSettings settings =
          new RecordSettings(64, 64, 25, 10, new ZoomPath(1, 4, 0, 0, 0), movie, Shard.WHOLE, false, 1024);
      RecordResult result = new Recorder(settings)
          .run(generator, Collections.nCopies(10, Latent.zeros(1)).iterator(), ProgressListener.NONE);
      assertThat(result.rendered()).isEqualTo(10);
    }
    assertThat(MovieOutputTest.decode(movie)).hasSize(10);
  }
}
