package dev.zoomorph.server;

import dev.zoomorph.audio.AudioDevice;
import dev.zoomorph.audio.AudioInput;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zoomorph audio list}: the sound capture devices there are, for choosing {@code serve --audio NAME}. */
@Command(name = "audio", description = "Sound capture devices.", mixinStandardHelpOptions = true,
    subcommands = AudioCommand.ListDevices.class)
public final class AudioCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'audio list'");
  }

  /** {@code audio list}. */
  @Command(name = "list", description = "Lists the sound capture devices: name and description.",
      mixinStandardHelpOptions = true)
  static final class ListDevices implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      List<AudioDevice> devices = AudioInput.devices();
      if (devices.isEmpty()) {
        out.println(AudioInput.NO_DEVICES);
        out.flush();
        return;
      }
      int nameWidth = devices.stream().mapToInt(d -> d.name().length()).max().orElse(4);
      String row = "%-" + nameWidth + "s  %s%n";
      out.printf(row, "NAME", "DESCRIPTION");
      for (AudioDevice d : devices) {
        out.printf(row, d.name(), d.description());
      }
      out.println();
      out.println("React to one with serve --audio NAME (any unique part of its name, case-insensitive; default for"
          + " the system's).");
      out.flush();
    }
  }
}
