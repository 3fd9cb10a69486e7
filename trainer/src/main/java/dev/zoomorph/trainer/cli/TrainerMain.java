package dev.zoomorph.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the trainer's commands without the server: {@code java dev.zoomorph.trainer.cli.TrainerMain train ...}. */
@Command(name = "zoomorph", mixinStandardHelpOptions = true,
    subcommands = {TrainCommand.class, SampleCommand.class, EncodeCommand.class, MorphCommand.class,
        EvaluateCommand.class})
public final class TrainerMain {
  TrainerMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerMain()).execute(args));
  }
}
