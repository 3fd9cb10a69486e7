package dev.zoomorph.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model files committed under presets/models/ all load, validate and say how they were made. */
class BundledModelsTest {
  private static final Path MODELS = Path.of("..", "presets", "models");

  @Test
  void everyBundledModelLoadsAndRecordsItsTrainingCommand() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(MODELS)) {
      files = list.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
    }
    assertThat(files.stream().map(p -> p.getFileName().toString())).contains(
        "fashion-cppn-vae-gan.safetensors", "fashion-cppn-gan.safetensors", "fashion-dcgan.safetensors",
        "digits-cppn-vae-gan.safetensors");
    long total = 0;
    for (Path file : files) {
      ModelFile model = ModelFile.read(file);
      ModelMetadata meta = model.metadata();
      String name = file.getFileName().toString().replace(".safetensors", "");
      assertThat(meta.kind().id()).as(name).isEqualTo(name.substring(name.indexOf('-') + 1));
      assertThat(meta.command()).as(name).startsWith("zoomorph train " + meta.kind().id() + " --data ");
      assertThat(meta.steps()).as(name).isPositive();
      assertThat(meta.finalLosses()).as(name)
          .containsKeys(meta.kind() == ModelKind.DENOISER ? new String[] {"denoise"} : new String[] {"g", "d"});
      if (meta.kind().isCppn()) {
        assertThat(model.cppnWeights().spec().latentSize()).isEqualTo(meta.latentSize());
      }
      assertThat(Files.size(file)).as("%s stays well under the repository's 20 MB limit", name)
          .isLessThan(10L << 20);
      total += Files.size(file);
    }
    assertThat(total).as("bundled models stay small").isLessThan(24L << 20);
  }
}
