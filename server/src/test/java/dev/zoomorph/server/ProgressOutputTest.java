package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress of {@code zoomorph record} whose standard error is a pipe, as in a log or CI: plain lines, no redraws. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProgressOutputTest {
  @TempDir Path dir;

  record Output(int exitCode, String out, String err) {}

  /** Runs {@code zoomorph ARGS} in a child JVM with standard output and error as pipes. */
  private static Output zoomorph(String... args) throws Exception {
    Process process = ChildJvm.start(new ProcessBuilder(ChildJvm.command(List.of(), Main.class.getName(), args)));
    process.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Output(process.exitValue(), out.get(), err.get());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String[] record(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("record", "--size", "16x16", "--fps", "30", "--seconds", "2",
        "--backend", "cpu", "--out", dir.resolve(name).toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void intoAPipeProgressIsAFewPlainLinesWithRateAndEta() throws Exception {
    Output run = zoomorph(record("frames"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("\r");
    List<String> progress = run.err().lines().filter(l -> l.startsWith("record: ")).toList();
    // 60 frames: a line per tenth (the last one says it is done), plus at most one per 10 s of a slow machine.
    assertThat(progress).as(run.err()).hasSizeBetween(10, 16);
    assertThat(progress.get(0)).matches("record: 10% \\(6/60 frames\\), [0-9.]+ frames/s, ETA \\d+:\\d\\d");
    assertThat(progress.get(progress.size() - 1)).matches("record: 100% \\(60/60 frames\\), [0-9.]+ frames/s, "
        + "done in \\d+:\\d\\d");
    assertThat(run.out()).contains("60 of 60 frames complete");
  }

  @Test
  void quietRecordsWithoutProgress() throws Exception {
    Output run = zoomorph(record("quiet", "--quiet"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("record: ").doesNotContain("\r");
    assertThat(run.out()).contains("60 of 60 frames complete");
  }
}
