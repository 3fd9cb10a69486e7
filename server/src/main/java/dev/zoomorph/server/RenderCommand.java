package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.show.FrameClock;
import dev.zoomorph.engine.show.LiveShow;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.output.Png;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.Denoisers;
import dev.zoomorph.render.PostProcessing;
import dev.zoomorph.render.RenderBackends;
import dev.zoomorph.render.RenderOptions;
import dev.zoomorph.render.record.RecordSettings;
import dev.zoomorph.render.record.Recorder;
import dev.zoomorph.render.record.Stills;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph render}: one frame of a preset as a PNG, at any size up to 16384x16384. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Renders one frame of a preset to a PNG at any size up to 16384x16384 (in tiles when large).")
public final class RenderCommand implements Callable<Integer> {
  /** The frame clock a trajectory's --frame counts in. */
  private static final double FPS = 30;

  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Bundled preset name, or a preset .json or .yaml file (default: ${DEFAULT-VALUE}).")
  String preset = Presets.DEFAULT;

  @Option(names = "--size", required = true, converter = FrameSize.Converter.class,
      description = "Frame size WxH, e.g. 3840x2160.")
  @Nullable FrameSize size;

  @Option(names = "--zoom", description = "Magnification (default: the preset's).")
  @Nullable Double zoom;

  @Option(names = "--center", description = "X,Y plane point at the centre (default: the preset's).")
  @Nullable String center;

  @Option(names = "--rotate", description = "Rotation in degrees, counter-clockwise (default: the preset's).")
  @Nullable Double rotate;

  @Option(names = "--frame", defaultValue = "0",
      description = "Which frame of the show, at 30 fps: record's frame N (default: ${DEFAULT-VALUE}).")
  int frame;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "auto, gl or cpu (default: ${DEFAULT-VALUE}).")
  Backend backend = Backend.AUTO;

  @Option(names = "--tile", defaultValue = "" + RecordSettings.DEFAULT_TILE_SIDE,
      description = "Render frames larger than this many pixels a side in tiles (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(names = "--out", required = true, description = "The .png file to write.")
  Path out = Path.of("");

  @Override
  public Integer call() {
    // Everything that can be wrong is checked before the generator starts.
    Preset chosen;
    View view;
    try {
      chosen = Presets.load(preset);
      if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
        throw new IllegalArgumentException("--out must name a .png file, was " + out);
      }
      Path folder = out.toAbsolutePath().getParent();
      if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
        throw new IllegalArgumentException("--out " + out + ": its folder does not exist or is not writable");
      }
      Recorder.requireNewFile(out); // as record and assemble do: nothing is overwritten
      if (frame < 0) {
        throw new IllegalArgumentException("--frame must be 0 or more, was " + frame);
      }
      if (tile < 1) {
        throw new IllegalArgumentException("--tile must be positive, was " + tile);
      }
      double[] xy = center == null ? new double[] {chosen.view().centerX(), chosen.view().centerY()}
          : RecordCommand.parsePair(center, ",", "--center", "X,Y");
      view = new View(size.width(), size.height(), xy[0], xy[1], zoom == null ? chosen.view().zoom() : zoom,
          rotate == null ? chosen.view().rotationDegrees() : rotate);
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try (Denoisers denoisers = new Denoisers();
        Generator generator = RenderBackends.forModel(chosen.model(), backend,
            RenderOptions.HEADLESS.withPost(PostProcessing.of(chosen.post(), denoisers)))) {
      // Frame N of the show's own composition on frame-exact time: what record gives as frame N at 30 fps.
      Scene scene = new LiveShow(chosen, FPS, () -> FrameClock.nanosOf(frame, FPS))
          .scenes(FrameClock.exact(FPS)).elementAt(frame).block();
      Latent latent = Objects.requireNonNull(scene).current().latent();
      Frame image = Stills.render(generator, latent, view, tile);
      Png.write(image, out);
    }
    spec.commandLine().getOut().printf("%s: %s of preset %s, frame %d%n", out, size, chosen.name(), frame);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
