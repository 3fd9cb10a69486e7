package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Shared command plumbing: clear one-line errors instead of stack traces for bad input. */
final class Cli {
  private Cli() {}

  interface Action {
    void run();
  }

  /** Runs {@code action}; bad input or I/O failure prints "error: …" and returns exit code 1. */
  static int run(CommandSpec spec, Action action) {
    try {
      action.run();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }

  static final class KindConverter implements CommandLine.ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return ModelKind.fromId(value);
    }
  }
}
