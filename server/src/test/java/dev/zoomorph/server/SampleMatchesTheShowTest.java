package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code zoomorph sample} draws a model as the show does ({@link RenderBackends}, what render, record and serve
 * play): a DCGAN's square picture in a wide frame keeps its shape rather than being stretched across it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleMatchesTheShowTest {
  @TempDir Path dir;

  @Test
  void aDcganSampledWideIsTheFrameTheShowDraws() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute("sample", "--model", "fashion-vae-dcgan", "--count", "1", "--size", "300x120", "--seed",
        "5", "--out", dir.toString(), "--quiet");
    assertThat(code).as(err.toString()).isZero();
    Frame sampled = DecodedFrames.png(dir.resolve("sample-000.png"));

    ModelSpec model = ModelSpec.Trained.of("fashion-vae-dcgan");
    Latent first = Latent.gaussian(model.latentSize(), new SplittableRandom(5)); // sample's first latent
    try (Generator show = RenderBackends.forModel(model, Backend.CPU, RenderOptions.HEADLESS)) {
      assertThat(sampled.pixels()).isEqualTo(show.render(first, View.of(300, 120)).pixels());
    }
  }
}
