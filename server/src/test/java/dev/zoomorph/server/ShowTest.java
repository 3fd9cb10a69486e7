package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.PostProcessedGenerator;
import dev.zoomorph.render.RenderBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class ShowTest {

  @ParameterizedTest
  @CsvSource({"default, 64, 48", "drift, 32, 24"})
  void aPresetRendersAtItsRenderScaleOfTheOutputSize(String preset, int width, int height) {
    // default renders every pixel (renderScale 1), drift half the output's side (0.5); the sinks upscale.
    try (Show show = Show.of(preset, new FrameSize(64, 48), 30, Backend.CPU)) {
      FrameByFrame frames = new FrameByFrame(show, Schedulers.parallel());
      assertThat(show.output()).isEqualTo(new FrameSize(64, 48));
      Frame frame = frames.next();
      assertThat(frame.width()).isEqualTo(width);
      assertThat(frame.height()).isEqualTo(height);
      assertThat(frame.channels()).isEqualTo(3);
      assertThat(show.controls().preset().name()).isEqualTo(preset);
    }
  }

  /** Every preset file in presets/ (the module's working directory is server/). */
  static Stream<String> bundledPresets() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "presets"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
      assertThat(names).contains("default", "fashion", "fashion-dcgan", "digits", "drift", "loop");
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("bundledPresets")
  void everyBundledPresetPlays(String name) {
    try (Show show = Show.of(name, new FrameSize(32, 32), 30, Backend.CPU)) {
      FrameByFrame frames = new FrameByFrame(show, Schedulers.parallel());
      Preset preset = show.controls().preset();
      assertThat(preset.name()).isEqualTo(name);
      assertThat(preset.description()).isNotBlank();
      Frame first = frames.next();
      assertThat(first.width()).isEqualTo((int) Math.round(32 * preset.renderScale()));
    }
  }

  @Test
  void aLiveSwitchBetweenBundledPresetsOfDifferentModelsCrossfadesRealFrames() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    try (Show show = new Show(Presets.load("default"), new FrameSize(32, 32), 10, time,
        Show.generators(Backend.CPU))) {
      FrameByFrame frames = new FrameByFrame(show, time);
      Frame colour = frames.next();
      // A grey CPPN whose post-processing (a soft threshold) keeps it grey; 2 s crossfade.
      show.controls().apply(ControlMessage.of("/zoomorph/preset", "digits"));
      assertThat(show.controls().preset().name()).isEqualTo("digits");
      Frame start = frames.next();
      // default renders every pixel, digits half of them: the fade keeps the finer of the two
      assertThat(start.pixels()).as("the fade starts from the picture as it was").isEqualTo(colour.pixels());
      time.advanceTimeBy(Duration.ofSeconds(1));
      Frame midway = frames.next();
      assertThat(midway.channels()).isEqualTo(3);
      assertThat(midway.width()).isEqualTo(32);
      assertThat(midway.pixels()).isNotEqualTo(colour.pixels());
      assertThat(channelsDiffer(midway)).as("half colour, half grey").isTrue();
      time.advanceTimeBy(Duration.ofSeconds(1));
      Frame grey = frames.next();
      assertThat(grey.channels()).isEqualTo(1);
      assertThat(grey.width()).isEqualTo(16);
    } finally {
      time.dispose();
    }
  }

  @Test
  void aPresetsPaletteColoursItsGreyModelOnTheTensorFlowBackend() {
    Preset loop = Presets.load("loop");
    assertThat(loop.post().palette()).isEqualTo("fire");
    try (Show show = Show.of("loop", new FrameSize(32, 32), 10, Backend.CPU)) {
      FrameByFrame frames = new FrameByFrame(show, Schedulers.parallel());
      Frame coloured = frames.next();
      assertThat(coloured.channels()).isEqualTo(3);
      assertThat(channelsDiffer(coloured)).as("fire colours, not grey").isTrue();
    }
  }

  private static boolean channelsDiffer(Frame frame) {
    for (int i = 0; i < frame.pixels().length; i += 3) {
      if (frame.pixels()[i] != frame.pixels()[i + 1] || frame.pixels()[i] != frame.pixels()[i + 2]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void unknownPresetsAndBadRatesAreNamed() {
    assertThatThrownBy(() -> Show.of("mystery", new FrameSize(64, 64), 30, Backend.CPU))
        .isInstanceOf(PresetException.class).hasMessageContaining("'mystery'");
    assertThatThrownBy(() -> Show.of(Presets.DEFAULT, new FrameSize(64, 64), -1, Backend.CPU))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  /** Renders every pixel at one grey level per model, counting its renders, and remembers being closed. */
  private static final class FlatGenerator implements Generator {
    final ModelSpec.RandomCppn model;
    int renders;
    volatile boolean closed;

    FlatGenerator(ModelSpec model) {
      this.model = (ModelSpec.RandomCppn) model;
    }

    @Override
    public int latentSize() {
      return model.latentSize();
    }

    @Override
    public int channels() {
      return model.channels();
    }

    @Override
    public Frame render(Latent latent, View view) {
      if (closed) {
        throw new IllegalStateException("rendered after close");
      }
      renders++;
      byte[] pixels = new byte[view.width() * view.height() * model.channels()];
      java.util.Arrays.fill(pixels, (byte) model.seed());
      return new Frame(view.width(), view.height(), model.channels(), pixels);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final ModelSpec.RandomCppn DARK = new ModelSpec.RandomCppn(20, 4, 8, 2, 3, 4f);
  private static final ModelSpec.RandomCppn LIGHT = new ModelSpec.RandomCppn(220, 4, 8, 2, 1, 4f);

  /** Builds flat generators and keeps each one made in {@code made}. */
  private static Function<ModelSpec, PostProcessedGenerator> keeping(List<FlatGenerator> made) {
    return model -> {
      FlatGenerator generator = new FlatGenerator(model);
      made.add(generator);
      return RenderBackends.withPostProcessing(generator);
    };
  }

  private static Path write(Path dir, String name, ModelSpec model, TrajectorySpec trajectory) {
    Path file = dir.resolve(name + ".json");
    Presets.write(TestShows.preset(name, model, trajectory), file);
    return file;
  }

  @Test
  void switchingPresetsOfOneModelKeepsItsGenerator(@TempDir Path dir) {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    List<FlatGenerator> made = new ArrayList<>();
    Function<ModelSpec, PostProcessedGenerator> factory = keeping(made);
    Preset first = TestShows.preset("first", DARK, new TrajectorySpec.Morph(1, 3, 1, true));
    Path second = write(dir, "second", DARK, new TrajectorySpec.Loop(2, 2, 2));
    try (Show show = new Show(first, new FrameSize(8, 8), 10, time, factory)) {
      FrameByFrame frames = new FrameByFrame(show, time);
      frames.next();
      show.controls().apply(ControlMessage.of("/zoomorph/preset", second.toString()));
      for (int i = 0; i < 25; i++) {
        time.advanceTimeBy(Duration.ofMillis(100));
        Frame frame = frames.next();
        assertThat(frame.sample(3, 3, 0)).isEqualTo(20);
      }
      assertThat(show.controls().preset().name()).isEqualTo("second");
      assertThat(made).hasSize(1);
      assertThat(made.get(0).closed).isFalse();
    } finally {
      time.dispose();
    }
    assertThat(made.get(0).closed).isTrue();
  }

  @Test
  void switchingToAnotherModelRendersBothAndBlendsTheFramesThenClosesTheOld(@TempDir Path dir) {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    List<FlatGenerator> made = new ArrayList<>();
    Function<ModelSpec, PostProcessedGenerator> factory = keeping(made);
    Preset first = TestShows.preset("dark", DARK, new TrajectorySpec.RandomWalk(1, 1));
    Path light = write(dir, "light", LIGHT, new TrajectorySpec.RandomWalk(2, 1));
    try (Show show = new Show(first, new FrameSize(8, 8), 10, time, factory)) {
      FrameByFrame frames = new FrameByFrame(show, time);
      frames.next();
      show.controls().apply(ControlMessage.of("/zoomorph/preset", light.toString()));
      assertThat(made).hasSize(2); // built by the switching thread, before the switch
      List<Integer> levels = new ArrayList<>();
      for (int i = 0; i < 20; i++) { // 2 s crossfade at 10 fps
        Frame frame = frames.next();
        assertThat(frame.channels()).isEqualTo(3);
        levels.add(frame.sample(0, 0, 0));
        time.advanceTimeBy(Duration.ofMillis(100));
      }
      assertThat(levels.get(0)).isEqualTo(20);
      assertThat(levels).isSorted();
      assertThat(levels.get(10)).isEqualTo(120);
      Frame faded = frames.next();
      assertThat(faded.channels()).isEqualTo(1);
      assertThat(faded.sample(0, 0, 0)).isEqualTo(220);
      FlatGenerator dark = made.get(0);
      assertThat(dark.closed).as("the old generator is closed once its picture has faded").isTrue();
      assertThat(dark.renders).isEqualTo(21);
      assertThat(made.get(1).closed).isFalse();
    } finally {
      time.dispose();
    }
    assertThat(made.get(1).closed).isTrue();
  }

  @Test
  void anInvalidPresetIsRefusedWithTheLoadersMessageAndTheShowPlaysOn(@TempDir Path dir) throws Exception {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Path broken = dir.resolve("broken.json");
    java.nio.file.Files.writeString(broken, """
        {"name": "broken", "model": {"kind": "random-cppn", "seed": 1, "latentSize": 4, "width": 8, "depth": 2,
          "channels": 1, "scale": 4}, "trajectory": {"kind": "morph", "seed": 1, "keyframes": 0,
          "secondsPerSegment": 1, "slerp": false}}
        """);
    List<FlatGenerator> made = new ArrayList<>();
    Preset first = TestShows.preset("dark", DARK, new TrajectorySpec.RandomWalk(1, 1));
    try (Show show = new Show(first, new FrameSize(4, 4), 10, time, model -> {
      FlatGenerator generator = new FlatGenerator(model);
      made.add(generator);
      return RenderBackends.withPostProcessing(generator);
    })) {
      FrameByFrame frames = new FrameByFrame(show, time);
      frames.next();
      assertThatThrownBy(() -> show.controls().apply(ControlMessage.of("/zoomorph/preset", broken.toString())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("/zoomorph/preset")
          .hasMessageContaining(broken.toString())
          .hasMessageContaining("field trajectory")
          .hasMessageContaining("keyframes must be in 1..1000, was 0");
      assertThatThrownBy(() -> show.controls().apply(ControlMessage.of("/zoomorph/preset", "no-such-preset")))
          .hasMessageContaining("no bundled preset named 'no-such-preset'");
      time.advanceTimeBy(Duration.ofMillis(100));
      assertThat(frames.next().sample(0, 0, 0)).isEqualTo(20);
      assertThat(show.controls().preset()).isEqualTo(first);
      assertThat(made).hasSize(1);
    } finally {
      time.dispose();
    }
  }

  @Test
  void aSwitchToAModelThatCannotLinkIsRefusedAndTheInputThatAskedGoesOn() {
    // A DCGAN preset on a machine where TensorFlow's natives do not load: the factory throws a LinkageError, which
    // Reactor treats as fatal; refused as an unavailable model instead, it leaves the input (OSC here) attached.
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Preset first = TestShows.preset("dark", DARK, new TrajectorySpec.RandomWalk(1, 1));
    try (Show show = new Show(first, new FrameSize(4, 4), 10, time, model -> {
      if (!model.equals(DARK)) {
        throw new UnsatisfiedLinkError("no tensorflow_cc in java.library.path");
      }
      return RenderBackends.withPostProcessing(new FlatGenerator(model));
    }); ControlBus bus = new ControlBus(show.controls())) {
      FrameByFrame frames = new FrameByFrame(show, time);
      frames.next();
      Sinks.Many<ControlMessage> osc = Sinks.many().unicast().onBackpressureBuffer();
      bus.attach("osc", osc.asFlux());
      osc.tryEmitNext(ControlMessage.of("/zoomorph/preset", "emoji-dcgan"));
      osc.tryEmitNext(ControlMessage.of("/zoomorph/zoom", 2));
      assertThat(bus.counts("osc")).isEqualTo(new ControlBus.InputCounts(1, 0, 1, 0));
      assertThatThrownBy(() -> bus.submit("http", ControlMessage.of("/zoomorph/preset", "emoji-dcgan")))
          .isInstanceOf(ControlException.class)
          .hasMessage("/zoomorph/preset: model emoji-vae-dcgan cannot run here: java.lang.UnsatisfiedLinkError: no"
              + " tensorflow_cc in java.library.path")
          .extracting(e -> ((ControlException) e).problem()).isEqualTo(ControlException.Problem.NOT_LOADABLE);
      time.advanceTimeBy(Duration.ofMillis(100));
      assertThat(frames.next().sample(0, 0, 0)).isEqualTo(20);
      assertThat(show.controls().preset()).isEqualTo(first);
    } finally {
      time.dispose();
    }
  }
}
