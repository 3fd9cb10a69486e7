package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.DirectionSpec;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@code /zoomorph/direction/{name}} and {@code /zoomorph/post/denoise}: one table entry each. */
class DirectionAndDenoiseControlsTest {
  private static final double FPS = 10;
  private static final ModelSpec MODEL = new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f);
  private static final Direction BOOT =
      new Direction("m", "id", "label:7", "label:9", 5, 5, Latent.of(1, 0, 0, 2));
  private static final Direction SMILE =
      new Direction("m", "id", "a", "b", 5, 5, Latent.of(0, -1, 0, 0));

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

  private static Preset preset(String name, Map<String, Direction> directions, PostSpec post, double smoothing) {
    Map<String, DirectionSpec> specs = new LinkedHashMap<>();
    directions.forEach((k, v) -> specs.put(k, new DirectionSpec(k + ".json", v)));
    return new Preset(name, "", MODEL, new TrajectorySpec.Morph(3, 4, 2, false), ViewSpec.DEFAULT, 1,
        TempoSpec.DEFAULT, smoothing, 0, List.of(), post, specs);
  }

  private Latent latent(LiveShow show) {
    Latent z = TestScenes.at(show, time.now(TimeUnit.NANOSECONDS)).current().latent();
    time.advanceTimeBy(Duration.ofMillis(100));
    return z;
  }

  @Test
  void aDirectionAddsItsAmountTimesItsVectorToThePicturesLatent() {
    Preset plain = preset("plain", Map.of(), PostSpec.NONE, 0);
    Preset directed = preset("directed", Map.of("boot", BOOT, "smile", SMILE), PostSpec.NONE, 0);
    LiveShow reference = new LiveShow(plain, FPS, () -> time.now(TimeUnit.NANOSECONDS));
    LiveShow show = new LiveShow(directed, FPS, () -> time.now(TimeUnit.NANOSECONDS));
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 0.5f));
    show.apply(ControlMessage.of("/zoomorph/direction/smile", -2f));
    for (int frame = 0; frame < 5; frame++) {
      Latent trajectory = TestScenes.at(reference, time.now(TimeUnit.NANOSECONDS)).current().latent();
      Latent played = latent(show);
      Latent expected = trajectory.add(BOOT.times(0.5)).add(SMILE.times(-2));
      for (int i = 0; i < 4; i++) {
        assertThat(played.get(i)).as("frame %d component %d", frame, i).isCloseTo(expected.get(i), within(1e-5f));
      }
    }
    // Holding freezes the trajectory, not the directions: they still move the held picture, and are never baked in.
    show.apply(ControlMessage.of("/zoomorph/hold", true));
    Latent held = latent(show);
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 1.5f));
    Latent moved = latent(show);
    assertThat(moved.get(3) - held.get(3)).isCloseTo(2f, within(1e-5f));
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 0.5f));
    assertThat(latent(show)).isEqualTo(held);
  }

  @Test
  void eachDirectionOfThePresetIsAnAddressAnyInputCanDrive() {
    LiveShow show = new LiveShow(preset("d", Map.of("boot", BOOT), PostSpec.NONE, 0.5), FPS,
        () -> time.now(TimeUnit.NANOSECONDS));
    ControlParameter boot = show.parameters().stream()
        .filter(p -> p.address().equals("/zoomorph/direction/boot")).findFirst().orElseThrow();
    assertThat(boot.typeTags()).isEqualTo("f");
    assertThat(boot.value()).containsExactly(0.0);
    assertThat(show.controlTable().markdown()).contains("| `/zoomorph/direction/{name}` | `f` | -4 … 4 | 0 | linear |");
    assertThatThrownBy(() -> show.apply(ControlMessage.of("/zoomorph/direction/sock", 1f)))
        .isInstanceOf(ControlException.class).hasMessageContaining("unknown name 'sock'; known: boot");
    // Smoothed like the latent offsets: the first value lands at once, later ones glide.
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 1f));
    latent(show);
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 3f));
    latent(show);
    double amount = (Double) show.parameters().stream()
        .filter(p -> p.address().equals("/zoomorph/direction/boot")).findFirst().orElseThrow().value().get(0);
    assertThat(amount).isStrictlyBetween(1.0, 3.0);
    // Clamped to ±4.
    show.apply(ControlMessage.of("/zoomorph/direction/boot", 99f));
    LiveShow none = new LiveShow(preset("none", Map.of(), PostSpec.NONE, 0), FPS, () -> 0);
    assertThatThrownBy(() -> none.apply(ControlMessage.of("/zoomorph/direction/boot", 1f)))
        .hasMessageContaining("there are no /zoomorph/direction/… addresses now");
  }

  @Test
  void theDenoiseStrengthIsThereOnlyWithADenoiserAndGoesIntoTheScenesPostProcessing() {
    PostSpec denoised = new PostSpec(1, 1, null, 0, null, "fashion-denoiser", 0.8);
    LiveShow show = new LiveShow(preset("n", Map.of(), denoised, 0), FPS, () -> time.now(TimeUnit.NANOSECONDS));
    assertThat(TestScenes.at(show, 0).current().post().denoiseStrength()).isEqualTo(0.8);
    show.apply(ControlMessage.of("/zoomorph/post/denoise", 0.25f));
    time.advanceTimeBy(Duration.ofMillis(100));
    PostSpec post = TestScenes.at(show, time.now(TimeUnit.NANOSECONDS)).current().post();
    assertThat(post.denoiseStrength()).isEqualTo(0.25);
    assertThat(post.denoise()).isEqualTo("fashion-denoiser");
    show.apply(ControlMessage.of("/zoomorph/post/denoise", 7f));
    time.advanceTimeBy(Duration.ofMillis(100));
    assertThat(TestScenes.at(show, time.now(TimeUnit.NANOSECONDS)).current().post().denoiseStrength()).isEqualTo(1.0);

    LiveShow plain = new LiveShow(preset("p", Map.of(), PostSpec.NONE, 0), FPS, () -> 0);
    assertThat(plain.parameters()).noneMatch(p -> p.address().equals("/zoomorph/post/denoise"));
    assertThatThrownBy(() -> plain.apply(ControlMessage.of("/zoomorph/post/denoise", 0.5f)))
        .hasMessageContaining("preset 'p' has no denoiser (post.denoise)");
  }
}
