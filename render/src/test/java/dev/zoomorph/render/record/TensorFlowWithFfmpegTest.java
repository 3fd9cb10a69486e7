package dev.zoomorph.render.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.CppnGenerator;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow Java 1.1.0 was built against JavaCPP 1.5.11; JavaCV's FFmpeg needs 1.5.13, which wins on the
 * classpath. This renders with the TensorFlow CPPN and encodes with FFmpeg in one JVM.
 */
class TensorFlowWithFfmpegTest {
  @TempDir Path dir;

  @Test
  void rendersWithTensorFlowAndEncodesWithFfmpegInOneJvm() throws Exception {
    assertThat(Loader.getVersion()).isEqualTo("1.5.13");
    Path movie = dir.resolve("tf.mp4");
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
  }
}
