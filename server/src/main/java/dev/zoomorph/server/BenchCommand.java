package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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

  /** {@code zoomorph bench cppn}: CPPN frame times against TensorFlow's MatMul rate, in one run. */
  @Command(name = "cppn", mixinStandardHelpOptions = true,
      description = "CPPN frame times on the CPU (TensorFlow) against the MatMul rate of the same run (about 5 min).")
  static final class Cppn implements Callable<Integer> {
    @Override
    public Integer call() {
      CppnBenchmark.run(new PrintStream(System.out, true, StandardCharsets.UTF_8));
      return 0;
    }
  }
}
