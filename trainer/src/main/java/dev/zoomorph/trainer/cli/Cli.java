package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import dev.zoomorph.output.Outputs;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the trainer's commands share: the progress option's help and the parsing of model kinds. Their sizes are
 * {@link dev.zoomorph.output.FrameSize}s and their errors are reported by {@link dev.zoomorph.output.CommandErrors},
 * as every command's are.
 */
final class Cli {
  private Cli() {}

  /** Refuses, as a usage error, a file {@code option} names that cannot be written (see {@link Outputs}). */
  static void checkFile(CommandSpec spec, String option, Path file) {
    String why = Outputs.whyNotWritable(file);
    if (why != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + " cannot be written: " + why);
    }
  }

  /** Creates the folder {@code option} names, or refuses it as a usage error (see {@link Outputs}). */
  static void checkFolder(CommandSpec spec, String option, Path folder) {
    String why = Outputs.whyNoFolder(folder);
    if (why != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + folder + " cannot be used: " + why);
    }
  }

  /** The option every command that shows progress has. */
  static final String QUIET_HELP = "No progress on standard error.";

  static final class KindConverter implements CommandLine.ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      try {
        return ModelKind.fromId(value);
      } catch (IllegalArgumentException e) {
        // Picocli reports its own type with the exception's class name; this type is reported as the message alone.
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
