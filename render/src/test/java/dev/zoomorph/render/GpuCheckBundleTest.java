package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/gpu-check.sh builds the GPU check's bundle here and its command runs on whatever OpenGL this machine has
 * (Mesa's llvmpipe where there is no GPU), printing the same table a GPU machine would, with this machine's numbers:
 * so the bundle is known to work before a GPU machine is lent.
 */
class GpuCheckBundleTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private record Ran(int exit, String out, String err) {}

  private static Ran bash(Path log, List<String> args, long timeoutSeconds, String classpath)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash"), args.stream()).toList())
        .directory(ROOT.toFile())
        .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
        .redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
    if (classpath != null) {
      builder.environment().put("GPU_CHECK_CLASSPATH", classpath);
    }
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("bash " + args + " ran over " + timeoutSeconds + " s");
    }
    return new Ran(process.exitValue(),
        Files.readString(log.resolveSibling(log.getFileName() + ".out"), StandardCharsets.UTF_8),
        Files.readString(log.resolveSibling(log.getFileName() + ".err"), StandardCharsets.UTF_8));
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void theBundleBuildsWithinItsSizeAndItsCommandPrintsTheTable(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("gpu-check");
    Ran built = bash(dir.resolve("build"), List.of("scripts/gpu-check.sh", "build", bundle.toString(), "--no-gl-debs"),
        300, System.getProperty("java.class.path"));
    assertThat(built.exit()).as("build failed:%n%s", built.err()).isZero();

    long bytes;
    try (Stream<Path> files = Files.walk(bundle)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    assertThat(bytes).as("bundle bytes").isLessThanOrEqualTo(60L << 20);
    try (Stream<Path> jars = Files.list(bundle.resolve("lib"))) {
      assertThat(jars.map(j -> j.getFileName().toString()))
          .as("TensorFlow, FFmpeg and JavaCPP stay behind (their natives cannot travel)")
          .noneMatch(name -> name.contains("tensorflow") || name.contains("ffmpeg") || name.contains("javacpp"))
          .anyMatch(name -> name.startsWith("lwjgl-opengl"));
    }
    assertThat(bundle.resolve("runtime/bin/java")).isExecutable();
    assertThat(bundle.resolve("refs/cppn-32x4-3.raw")).hasSize(128 * 128 * 3);
    assertThat(bundle.resolve("refs/cppn-128x4-1.raw")).hasSize(128 * 128);

    boolean nvidia = new File("/dev/nvidia0").exists();
    if (!nvidia) {
      Ran refused = bash(dir.resolve("refused"), List.of(bundle.resolve("gpu-check.sh").toString(), "run"), 60, null);
      assertThat(refused.exit()).isEqualTo(3);
      assertThat(refused.err()).contains("no NVIDIA GPU on this machine").contains("--any-gl");
    }

    Ran ran = bash(dir.resolve("run"),
        List.of(bundle.resolve("gpu-check.sh").toString(), "run", "--any-gl", "--sizes", "64x64"), 280, null);
    assertThat(ran.exit()).as("run failed:%n%s%n%s", ran.out(), ran.err()).isZero();
    List<String> table = ran.out().lines().filter(line -> line.startsWith("|")).toList();
    assertThat(table).as(ran.out()).hasSize(17);
    assertThat(table.get(0)).isEqualTo("| check | result | goal |");
    assertThat(table.get(2)).startsWith("| renderer (EGL display, context) | EGL device");
    for (String net : List.of("4×32 RGB (default preset)", "4×128 grey (Ha)")) {
      String quoted = net.replace("(", "\\(").replace(")", "\\)");
      // The GL backend's shader (compute on a GPU, fragment on llvmpipe) has its frames read back too.
      boolean software = GlDevice.isSoftware(table.get(2));
      String production = software ? "fragment" : "compute";
      String other = software ? "compute" : "fragment";
      assertThat(table).anyMatch(row -> row.matches("\\| CPPN " + production + " shader " + quoted
          + ", 64x64 \\| [0-9]+\\.[0-9] fps \\([0-9]+\\.[0-9] fps read back into a frame\\) \\|.*"));
      assertThat(table).anyMatch(row -> row.matches("\\| CPPN " + other + " shader " + quoted
          + ", 64x64 \\| [0-9]+\\.[0-9] fps \\| \\(not the GL backend's shader here\\) \\|"));
      for (String shader : List.of("compute", "fragment")) {
        assertThat(table).anyMatch(row -> row.startsWith(
            "| agreement with the CPU reference, CPPN " + shader + " shader " + net + ", 128x128 | ok: "));
      }
    }
    // The default preset's net also with its weights in a storage buffer, to compare with the uniform block.
    assertThat(table).anyMatch(row -> row.matches("\\| CPPN compute shader \\(weights in a storage buffer\\) 4×32 RGB"
        + " \\(default preset\\), 64x64 \\| [0-9]+\\.[0-9] fps \\| \\(not the GL backend's shader here\\) \\|"));
    assertThat(table).anyMatch(row -> row.startsWith("| agreement with the CPU reference, CPPN compute shader"
        + " (weights in a storage buffer) 4×32 RGB (default preset), 128x128 | ok: "));
    assertThat(table).anyMatch(row -> row.matches(
        "\\| texture path: 64² picture → 64x64 \\(upload, resample pass, post pass, readback\\) \\| [0-9.]+ ms per frame.*"));
    assertThat(table).anyMatch(row -> row.matches("\\| GL_MAX_UNIFORM_BLOCK_SIZE .* \\| [0-9]+ bytes \\|.*"));
    assertThat(table).anyMatch(row -> row.matches("\\| GL_NV_cooperative_matrix .* \\| (present|absent) \\|.*"));
    assertThat(table).anyMatch(row -> row.matches("\\| backend `auto` picks \\| (gl|cpu) \\|.*"));
  }
}
