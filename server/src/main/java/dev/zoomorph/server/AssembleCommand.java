package dev.zoomorph.server;

import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.CtrlC;
import dev.zoomorph.render.record.Assembler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph assemble}: joins a folder of PNG frames (e.g. from render-farm shards) into an MP4. */
@Command(
    name = "assemble",
    mixinStandardHelpOptions = true,
    description = {"Joins frame-000000.png, frame-000001.png, ... into an .mp4 (H.264, or VP9 above 4096x2304).",
        "Every frame must be there: an incomplete folder is refused, naming the missing frames, as is a frame past"
            + " the end its manifest gives. --check only checks (a render farm's last step)."})
public final class AssembleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The folder of PNG frames.")
  Path folder = Path.of("");

  @Option(names = "--out", description = "The .mp4 to write (needed unless --check).")
  @Nullable Path out;

  @Option(names = "--check", description = "Only check that every frame is there, of one size and not cut short"
      + " (its PNG header and end are read, not the image), and say what --out can make of them (no MP4 at an odd"
      + " width or height, or under 16 pixels a side); write nothing.")
  boolean check;

  @Option(names = "--fps", description = "Frames per second (default: the recording's, else 30); frames made to a"
      + " track keep the recording's with --audio.")
  @Nullable Double fps;

  @Option(names = "--audio", paramLabel = "TRACK", description = "The sound track to carry as AAC: the one the"
      + " frames were recorded to with record --audio (their manifest names it; another track is refused).")
  @Nullable Path audio;

  @Option(names = "--quiet", description = "No progress on standard error (the summary line still prints).")
  boolean quiet;

  @Override
  public Integer call() {
    if (check) {
      int frames;
      int[] size;
      try {
        frames = Assembler.requireComplete(folder);
        // A frame that is there but damaged would fail the encoding: its header and end are read too (an unreadable
        // frame fails with exit 1 here as in assemble --out, a frame of another size exit 2).
        size = Assembler.requireFramesOfOneSize(folder, frames);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      // Complete frames pass (status 0) whatever their size; the line says what assemble --out can make of them.
      spec.commandLine().getOut().printf("%s: all %d frames are there, PNG images of %dx%d; %s%n", folder, frames,
          size[0], size[1], Assembler.movieOf(size[0], size[1]));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "--out FILE.mp4 is needed (or --check to only check)");
    }
    Path movie = out;
    Assembler assembler;
    try {
      double rate = fps != null ? fps : Assembler.recordedFps(folder).orElse(30);
      assembler = new Assembler(folder, movie, rate, audio);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (audio == null) {
      Assembler.recordedAudio(folder).ifPresent(track -> spec.commandLine().getErr().printf(
          "assemble: the frames were recorded to the track %s; --audio TRACK carries it into the movie%n", track));
    }
    // Ctrl-C: the JVM exits only once the movie is finalised.
    try (CtrlC ctrlC = CtrlC.stops(assembler::stop, "assemble")) {
      int written;
      try (ConsoleProgress progress =
          new ConsoleProgress("assemble", "frames", ConsoleProgress.Style.forConsole(quiet))) {
        written = assembler.run(progress::update);
      } finally {
        ctrlC.workEnded();
      }
      spec.commandLine().getOut().printf("%s: %d of %d frames%s%n", movie, written, assembler.frameCount(),
          written == assembler.frameCount() ? "" : ", stopped early");
      spec.commandLine().getOut().flush();
      return written == assembler.frameCount() ? 0 : 130;
    }
  }
}
