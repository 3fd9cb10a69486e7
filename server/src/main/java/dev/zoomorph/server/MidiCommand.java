package dev.zoomorph.server;

import dev.zoomorph.engine.control.midi.MidiDeviceDescription;
import dev.zoomorph.engine.control.midi.MidiInput;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zoomorph midi list}: the MIDI devices there are, for choosing {@code --midi NAME}. */
@Command(name = "midi", description = "MIDI devices.", mixinStandardHelpOptions = true,
    subcommands = MidiCommand.ListDevices.class)
public final class MidiCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'midi list'");
  }

  /** {@code midi list}. */
  @Command(name = "list", description = "Lists the MIDI devices: direction, name, vendor and description.",
      mixinStandardHelpOptions = true)
  static final class ListDevices implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      List<MidiDeviceDescription> devices = MidiInput.devices();
      if (devices.isEmpty()) {
        out.println("No MIDI devices.");
        out.flush();
        return;
      }
      int nameWidth = devices.stream().mapToInt(d -> d.name().length()).max().orElse(4);
      int vendorWidth = devices.stream().mapToInt(d -> d.vendor().length()).max().orElse(6);
      String row = "%-6s  %-" + nameWidth + "s  %-" + vendorWidth + "s  %s%n";
      out.printf(row, "DIR", "NAME", "VENDOR", "DESCRIPTION");
      for (MidiDeviceDescription d : devices) {
        String direction = d.input() && d.output() ? "in/out" : d.input() ? "in" : d.output() ? "out" : "-";
        out.printf(row, direction, d.name(), d.vendor(), d.description());
      }
      out.println();
      out.println("Open an input with --midi NAME (any unique part of its name, case-insensitive).");
      out.flush();
    }
  }
}
