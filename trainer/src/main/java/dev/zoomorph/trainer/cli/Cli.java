package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Shared command plumbing: clear one-line errors instead of stack traces for failures at run time. */
final class Cli {
  private Cli() {}

  interface Action {
    void run();
  }

  /**
   * Runs {@code action}; a failure at run time (a model that does not load, an unreadable image, I/O) prints one
   * line, "zoomorph COMMAND: what went wrong", and returns exit code 1. Usage errors are picocli's
   * {@link CommandLine.ParameterException}s, which pass through (exit code 2).
   */
  static int run(CommandSpec spec, Action action) {
    try {
      action.run();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 1;
    }
  }

  /** The option every command that shows progress has. */
  static final String QUIET_HELP = "No progress on standard error.";

  /** A picture size in pixels. */
  record Size(int width, int height) {}

  /** Parses WxH, e.g. 1024x768. */
  static final class SizeConverter implements CommandLine.ITypeConverter<Size> {
    @Override
    public Size convert(String value) {
      String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        if (parts.length == 2) {
          int w = Integer.parseInt(parts[0]);
          int h = Integer.parseInt(parts[1]);
          if (w > 0 && h > 0 && w <= 16384 && h <= 16384) {
            return new Size(w, h);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException("size must be WxH with sides in 1..16384, was '" + value + "'");
    }
  }

  static final class KindConverter implements CommandLine.ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return ModelKind.fromId(value);
    }
  }
}
