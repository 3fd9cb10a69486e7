package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiSource;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Post-processing played live: a {@code /zoomorph/post/...} message from a real OSC peer (Debian liblo's
 * {@code oscsend}) or the HTTP API's path changes the next frame a show renders, on the generators the server builds
 * for real (a grey CPU CPPN, post-processed by table); and MIDI bindings play the post values.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LivePostTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ModelSpec.RandomCppn GREY = new ModelSpec.RandomCppn(5, 4, 12, 3, 1, 4f);

  @Test
  void aPostMessageShowsInTheNextFrame() throws Exception {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ControlOptions options =
        new ControlOptions(new ApiToken("t0ken"), OptionalInt.of(0), null, null, null, null, null);
    try (Show show = new Show(TestShows.preset("grey", GREY, new TrajectorySpec.RandomWalk(5, 1)),
        new FrameSize(48, 32), 10, time, Show.generators(Backend.CPU));
        ControlInputs inputs = ControlInputs.start(show.controls(), show.controls(), "127.0.0.1", options)) {
      FrameByFrame frames = new FrameByFrame(show, time);
      Frame plain = frames.next();
      assertThat(plain.channels()).isEqualTo(1);
      assertThat(midTones(plain)).as("a CPPN's soft greys").isGreaterThan(plain.pixels().length / 4);

      OscSend.send(inputs.oscAddress().getPort(), "/zoomorph/post/threshold", "f", "0.5");
      Polling.await(() -> threshold(show) == 0.5, TIMEOUT,
          () -> "threshold " + threshold(show));
      time.advanceTimeBy(Duration.ofMillis(100));
      Frame contours = frames.next();
      assertThat(midTones(contours)).as("a hard threshold leaves black and white only").isZero();
      assertThat(contours.pixels()).contains((byte) 0, (byte) 255);

      inputs.submit(ControlMessage.of("/zoomorph/post/palette", "fire")); // what POST /api/control does
      time.advanceTimeBy(Duration.ofMillis(100));
      Frame fire = frames.next();
      assertThat(fire.channels()).isEqualTo(3);
      assertThat(fire.pixels()).as("fire's white and black only").containsOnly((byte) 0, (byte) 255);

      inputs.submit(ControlMessage.of("/zoomorph/post/threshold", 0));
      time.advanceTimeBy(Duration.ofMillis(100));
      Frame soft = frames.next();
      assertThat(soft.channels()).isEqualTo(3);
      assertThat(midTones(soft)).as("the threshold is off again").isGreaterThan(soft.pixels().length / 4);
    } finally {
      time.dispose();
    }
  }

  @Test
  void aMidiKnobBoundToThePostPlaysItAndAtItsBottomTurnsTheThresholdOff() throws Exception {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    List<MidiBinding> bindings = List.of(MidiBinding.of(MidiSource.cc(1, 20), "/zoomorph/post/threshold", 0, 1),
        MidiBinding.of(MidiSource.cc(1, 21), "/zoomorph/post/contrast", 0, 4));
    ControlOptions options =
        new ControlOptions(new ApiToken("t0ken"), OptionalInt.empty(), null, null, null, null, null);
    Sinks.Many<ShortMessage> device = Sinks.many().multicast().directBestEffort();
    try (Show show = new Show(TestShows.preset("grey", GREY, new TrajectorySpec.RandomWalk(5, 1)).withMidi(bindings),
        new FrameSize(16, 16), 10, time, Show.generators(Backend.CPU));
        ControlInputs inputs = ControlInputs.start(show.controls(), show.controls(), "127.0.0.1", options)) {
      FrameByFrame frames = new FrameByFrame(show, time);
      inputs.attachMidi("Knobs", Flux.defer(() -> device.asFlux().concatMapIterable(inputs.midiLearn()::map)),
          device.asFlux(), Flux.never());
      device.tryEmitNext(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 20, 127));
      device.tryEmitNext(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 21, 127));
      assertThat(frames.next().pixels()).containsOnly((byte) 0, (byte) 255);
      assertThat(threshold(show)).isEqualTo(0.999);
      device.tryEmitNext(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 20, 0));
      assertThat(threshold(show)).as("the knob's bottom is off").isZero();
      assertThat(inputs.midiStats().rejected()).isZero();
    } finally {
      time.dispose();
    }
  }

  private static double threshold(Show show) {
    return show.controls().parameters().stream()
        .filter(parameter -> parameter.address().equals("/zoomorph/post/threshold"))
        .mapToDouble(parameter -> (double) parameter.value().get(0)).findFirst().orElseThrow();
  }

  private static int midTones(Frame frame) {
    int count = 0;
    for (byte b : frame.pixels()) {
      int v = b & 0xff;
      if (v > 0 && v < 255) {
        count++;
      }
    }
    return count;
  }
}
