package dev.zoomorph.trainer.cli;

import dev.zoomorph.engine.generator.Encoder;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.Pictures;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.output.ConsoleProgress;
import dev.zoomorph.output.CtrlC;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.trainer.Sampler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph morph --model M --from A.png --to B.png --out anim.gif}: Ha's sinusoid morph between two images. */
@Command(name = "morph", mixinStandardHelpOptions = true,
    description = "Encodes two images and writes a looping GIF that morphs between them along a sinusoid.")
public final class MorphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "bundled or file VAE model (CPPN-VAE-GAN, VAE-DCGAN)")
  String model;
  @Option(names = "--from", required = true) Path from;
  @Option(names = "--to", required = true) Path to;
  @Option(names = "--out", required = true, description = "GIF to write") Path out;
  @Option(names = "--frames", defaultValue = "40", description = "frames of the loop (default: ${DEFAULT-VALUE})")
  int frames;
  @Option(names = "--size", defaultValue = "256x256", description = "WxH", converter = FrameSize.Converter.class)
  FrameSize size;
  @Option(names = "--quiet", description = Cli.QUIET_HELP) boolean quiet;

  @Override
  public Integer call() {
    if (frames < 2) {
      throw new ParameterException(spec.commandLine(), "--frames must be 2 or more, was " + frames);
    }
    Cli.checkFile(spec, "--out", out);
    ModelFile file = ModelFile.load(model);
    Latent a;
    Latent b;
    try (Encoder encoder = Encoder.of(file)) {
      a = encoder.encode(Pictures.read(from));
      b = encoder.encode(Pictures.read(to));
    }
    // Ctrl-C: the frame under way finishes and the GIF is closed playable before the JVM exits, as record does.
    AtomicBoolean stop = new AtomicBoolean();
    try (CtrlC ctrlC = CtrlC.stops(() -> stop.set(true), "morph")) {
      int written;
      try (Generator generator = SampleCommand.showing(file);
          ConsoleProgress progress =
              new ConsoleProgress("morph", "frames", ConsoleProgress.Style.forConsole(quiet))) {
        progress.update(0, frames);
        written = Sampler.writeMorph(generator, a, b, frames, size.width(), size.height(), out,
            done -> progress.update(done, frames), stop::get);
      } finally {
        ctrlC.workEnded();
      }
      if (written < frames) {
        spec.commandLine().getOut().println(written == 0 ? out + ": stopped before the first frame; no file was written"
            : out + ": " + written + " of " + frames + " frames, stopped early (a playable GIF)");
        spec.commandLine().getOut().flush();
        return 130;
      }
      spec.commandLine().getOut().println(out);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
