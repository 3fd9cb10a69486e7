package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.model.ModelKind;
import picocli.CommandLine;

/**
 * What the trainer's commands share: the progress option's help and the parsing of model kinds. Their sizes are
 * {@link dev.zoomorph.output.FrameSize}s and their errors are reported by {@link dev.zoomorph.output.CommandErrors},
 * as every command's are.
 */
final class Cli {
  private Cli() {}

  /** The option every command that shows progress has. */
  static final String QUIET_HELP = "No progress on standard error.";

  static final class KindConverter implements CommandLine.ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return ModelKind.fromId(value);
    }
  }
}
