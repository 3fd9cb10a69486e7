package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow's native libraries are loaded before Mesa's libLLVM, even when the first thing a process does is open a
 * GL context: otherwise TensorFlow's bundled LLVM binds to Mesa's (another version) and the process crashes now and
 * then (see {@link GlContext#beforeFirstContext}). The dynamic loader's own log ({@code LD_DEBUG=files}) of a child
 * JVM that draws a GL frame and then a TensorFlow one says in which order they were initialised.
 */
@Timeout(120)
class NativeLoadOrderTest {
  @TempDir Path dir;

  @Test
  void tensorFlowIsLoadedBeforeAnyLlvmThatGlBringsIn() throws Exception {
    Path log = dir.resolve("ld");
    ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(90),
        Map.of("LD_DEBUG", "files", "LD_DEBUG_OUTPUT", log.toString()), List.of(),
        GlThenTensorFlow.class.getName());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("gl frame").contains("tensorflow frame");

    List<String> inits;
    try (Stream<Path> files = Files.list(dir)) {
      inits = files.filter(f -> f.getFileName().toString().startsWith("ld.")).flatMap(NativeLoadOrderTest::lines)
          .filter(line -> line.contains("calling init:")).toList();
    }
    OptionalInt tensorFlow = first(inits, "libtensorflow_framework.so");
    OptionalInt llvm = first(inits, "libLLVM");
    assertThat(tensorFlow).as("TensorFlow was initialised").isPresent();
    if (llvm.isPresent()) { // a GPU's own driver may bring no LLVM at all
      assertThat(tensorFlow.getAsInt()).as("TensorFlow before %s", inits.get(llvm.getAsInt()))
          .isLessThan(llvm.getAsInt());
    }
  }

  private static OptionalInt first(List<String> inits, String library) {
    return IntStream.range(0, inits.size()).filter(i -> inits.get(i).contains(library)).findFirst();
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
