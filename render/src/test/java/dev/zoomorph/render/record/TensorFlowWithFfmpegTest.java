package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow Java 1.1.0 was built against JavaCPP 1.5.11; JavaCV's FFmpeg and the oneDNN presets need 1.5.13, which
 * wins on the classpath. This records a CPPN (oneDNN) with FFmpeg and runs a TensorFlow graph (what draws a DCGAN) in
 * one JVM.
 */
class TensorFlowWithFfmpegTest {
  @TempDir Path dir;

  @Test
  void recordsWithOneDnnAndFfmpegAndRunsTensorFlowInOneJvm() throws Exception {
    assertThat(Loader.getVersion()).isEqualTo("1.5.13");
    Path movie = dir.resolve("cppn.mp4");
    try (CppnGenerator generator = new CppnGenerator(ReferenceCppn.weights(3, 1))) {
      RecordSettings settings =
          new RecordSettings(64, 48, 25, 10, new ZoomPath(1, 4, 0.1, 0, 0), movie, Shard.WHOLE, false, 1024);
      RecordResult result =
          Shots.record(new Recorder(settings), generator, ReferenceCppn.latents(8, 5, 10), ProgressListener.NONE);
      assertThat(result.rendered()).isEqualTo(10);
    }
    var frames = MovieOutputTest.decode(movie);
    assertThat(frames).hasSize(10);
    var expected = ReferenceCppn.random(3, 1)
        .render(ReferenceCppn.latents(8, 5, 10).next(), new ZoomPath(1, 4, 0.1, 0, 0).viewAt(0, 10, 64, 48));
    assertThat(MovieOutputTest.meanError(frames.get(0), expected)).isLessThan(12);

    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      try (Result sum = session.runner().fetch(tf.math.add(tf.constant(2f), tf.constant(3f))).run()) {
        assertThat(((TFloat32) sum.get(0)).getFloat()).isEqualTo(5f);
      }
    }
  }
}
