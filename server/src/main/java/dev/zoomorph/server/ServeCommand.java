package dev.zoomorph.server;

import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zoomorph serve}: plays a preset live until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Plays a preset live: a viewer page at /, JPEG frames over a WebSocket at /ws/frames, and /health.",
        "Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the show to the network).")
  private String host;

  @Option(names = "--size", defaultValue = "512x512", converter = FrameSize.Converter.class,
      description = "Frame size WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
  private FrameSize size;

  @Option(names = "--fps", defaultValue = "30", description = "Frames per second, 1 to 240 (default: ${DEFAULT-VALUE}).")
  private double fps;

  @Option(names = "--preset", defaultValue = Presets.DEFAULT,
      description = "Bundled preset name or preset .json file to play (default: ${DEFAULT-VALUE}).")
  private String preset;

  @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
      description = "CPPN backend: auto (the faster on this machine), gl or tensorflow (default: ${DEFAULT-VALUE}).")
  private Backend backend;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    Show show;
    try {
      show = Shows.fromPreset(preset, size, fps, backend);
    } catch (IllegalArgumentException | PresetException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    LiveServer live;
    try {
      live = LiveServer.start(show, host, port);
    } catch (RuntimeException e) {
      show.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      live.close();
      spec.commandLine().getErr().println("zoomorph serve: stopped");
      spec.commandLine().getErr().flush();
    }, "zoomorph-shutdown"));
    spec.commandLine().getOut().printf("Playing '%s' at %s, %.0f fps: http://%s:%d/  (Ctrl-C stops)%n",
        preset, size, fps, live.host(), live.port());
    spec.commandLine().getOut().flush();
    live.awaitClose();
    return 0;
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
    }
    if (!(fps >= 1 && fps <= 240)) {
      throw new ParameterException(spec.commandLine(), "--fps must be between 1 and 240, was " + fps);
    }
    if (host.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--host must not be empty");
    }
  }
}
