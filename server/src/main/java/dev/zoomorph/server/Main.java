package dev.zoomorph.server;

import dev.zoomorph.output.CommandErrors;
import dev.zoomorph.trainer.cli.DirectionCommand;
import dev.zoomorph.trainer.cli.EncodeCommand;
import dev.zoomorph.trainer.cli.EvaluateCommand;
import dev.zoomorph.trainer.cli.MorphCommand;
import dev.zoomorph.trainer.cli.SampleCommand;
import dev.zoomorph.trainer.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zoomorph} command line. A subcommand is a picocli {@code @Command} class with a public no-argument
 * constructor; adding one is adding its class to {@code subcommands} below.
 */
@Command(
    name = "zoomorph",
    mixinStandardHelpOptions = true,
    version = "zoomorph 0.1.0",
    // Every subcommand's -V, --version prints the version above (its own attributes still win).
    scope = CommandLine.ScopeType.INHERIT,
    description = "Live generative visuals from latent trajectories.",
    subcommands = {
        CommandLine.HelpCommand.class,
        ServeCommand.class,
        ServiceCommand.class,
        HealthCommand.class,
        RelayCommand.class,
        BenchCommand.class,
        RenderCommand.class,
        RecordCommand.class,
        AssembleCommand.class,
        MidiCommand.class,
        AudioCommand.class,
        TrainCommand.class,
        SampleCommand.class,
        EncodeCommand.class,
        MorphCommand.class,
        EvaluateCommand.class,
        DirectionCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for callers (and tests) that want the exit status rather than an exit. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The command line with its commands made by {@code factory} (tests give commands their collaborators). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    return CommandErrors.reportedAsOneLine(new CommandLine(new Main(), factory));
  }

  /** Without a subcommand there is nothing to do: show the usage and fail. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }
}
