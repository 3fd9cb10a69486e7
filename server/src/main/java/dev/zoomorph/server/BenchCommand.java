package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zoomorph bench}: the benchmarks behind BENCHMARKS.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks behind BENCHMARKS.md.",
    subcommands = {BenchCommand.Cppn.class, BroadcastBenchCommand.class, StateBenchCommand.class,
        StateBenchCommand.Viewers.class, RelayBenchCommand.class, AudioBenchCommand.class})
final class BenchCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing benchmark: cppn, broadcast, state, relay or audio");
  }

  /** {@code zoomorph bench cppn [PART...]}: CPPN frame times against oneDNN's MatMul rate, in one run. */
  @Command(name = "cppn", mixinStandardHelpOptions = true,
      description = "CPPN frame times on the CPU (oneDNN) against the MatMul rate of the same run (all parts:"
          + " about 3 min).")
  static final class Cppn implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PART",
        description = "Parts to run: ceiling (frames against their MatMul ceiling), tiles (tile sizes), small (small"
            + " nets), scaling (time against pixels and width), profile (time per layer and per Java step); all by default.")
    private List<String> parts = List.of();

    @Override
    public Integer call() {
      List<String> chosen = parts.isEmpty() ? CppnBenchmark.PARTS : parts;
      for (String part : chosen) {
        if (!CppnBenchmark.PARTS.contains(part)) {
          throw new ParameterException(spec.commandLine(),
              "unknown part '" + part + "'; the parts are " + String.join(", ", CppnBenchmark.PARTS));
        }
      }
      CppnBenchmark.run(new PrintStream(System.out, true, StandardCharsets.UTF_8), chosen);
      return 0;
    }
  }
}
