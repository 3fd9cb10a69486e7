package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.AudioBinding;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class LiveShowTest {
  private static final double FPS = 10;
  private static final Duration FRAME = Duration.ofMillis(100);
  private static final ModelSpec MODEL = new ModelSpec.RandomCppn(1, 4, 8, 2, 1, 4f);
  private static final ModelSpec OTHER_MODEL = new ModelSpec.RandomCppn(2, 6, 8, 2, 1, 4f);
  private static final TrajectorySpec.Morph MORPH = new TrajectorySpec.Morph(3, 4, 2, false);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final Sinks.Many<FrameTick> ticks = Sinks.many().unicast().onBackpressureBuffer();
  private final Queue<Scene> scenes = new ArrayDeque<>();
  private long frames;
  private LiveShow show;

  @AfterEach
  void close() {
    ticks.tryEmitComplete();
    time.dispose();
  }

  private static Preset preset(String name, ModelSpec model, TrajectorySpec trajectory, TempoSpec tempo,
      double smoothing) {
    return new Preset(name, "", model, trajectory, ViewSpec.DEFAULT, 1, tempo, smoothing, 1, List.of(), PostSpec.NONE);
  }

  private static Preset morph(double smoothing) {
    return preset("morph", MODEL, MORPH, TempoSpec.DEFAULT, smoothing);
  }

  private LiveShow start(Preset preset) {
    return play(new LiveShow(preset, FPS, () -> time.now(TimeUnit.NANOSECONDS)));
  }

  /** Plays {@code live}: its scenes, one per tick that {@link #scene()} sends. */
  private LiveShow play(LiveShow live) {
    show = live;
    show.scenes(ticks.asFlux()).subscribe(scenes::add);
    return show;
  }

  /** The scene of a frame that starts now. */
  private Scene scene() {
    ticks.emitNext(new FrameTick(frames++, time.now(TimeUnit.NANOSECONDS)), Sinks.EmitFailureHandler.FAIL_FAST);
    return scenes.remove();
  }

  /** The scene of a frame that starts now; then a frame interval passes. */
  private Scene frame() {
    Scene frame = scene();
    time.advanceTimeBy(FRAME);
    return frame;
  }

  private Latent latent() {
    return frame().current().latent();
  }

  private void send(String address, Object... args) {
    show.apply(ControlMessage.of(address, args));
  }

  /** What the controls say; not the beat phase, which is the tempo clock running on. */
  private Map<String, List<Object>> values() {
    return show.parameters().stream().filter(p -> !p.address().equals("/zoomorph/phase"))
        .collect(Collectors.toMap(ControlParameter::address, ControlParameter::value));
  }

  private double phase() {
    return (Double) show.parameters().stream().filter(p -> p.address().equals("/zoomorph/phase")).findFirst()
        .orElseThrow().value().get(0);
  }

  private static void assertClose(Latent actual, Latent expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)).as("component " + i).isCloseTo(expected.get(i), within(1e-4f));
    }
  }

  @Test
  void parametersDescribeEveryAddressInOrder() {
    start(morph(0));
    List<ControlParameter> parameters = show.parameters();
    assertThat(parameters).extracting(ControlParameter::address)
        .isSorted()
        .contains("/zoomorph/latent", "/zoomorph/latent/0", "/zoomorph/latent/3", "/zoomorph/hold",
            "/zoomorph/keyframe", "/zoomorph/speed", "/zoomorph/zoom", "/zoomorph/center", "/zoomorph/preset",
            "/zoomorph/bpm", "/zoomorph/tap", "/zoomorph/crossfade", "/zoomorph/smoothing", "/zoomorph/fps",
            "/zoomorph/playing", "/zoomorph/restart", "/zoomorph/post/contrast", "/zoomorph/post/gamma",
            "/zoomorph/post/threshold", "/zoomorph/post/softness", "/zoomorph/post/palette",
            "/zoomorph/keyframe/next", "/zoomorph/phase")
        .doesNotContain("/zoomorph/latent/4", "/zoomorph/push", "/zoomorph/audio/level")
        .hasSize(4 + 21);
    ControlParameter latent = parameters.stream().filter(p -> p.address().equals("/zoomorph/latent")).findFirst()
        .orElseThrow();
    assertThat(latent.typeTags()).isEqualTo("ffff");
    assertThat(latent.ranges()).containsOnly(new ControlParameter.Range(-5, 5));
    assertThat(latent.value()).containsExactly(0.0, 0.0, 0.0, 0.0);
    ControlParameter fps = parameters.stream().filter(p -> p.address().equals("/zoomorph/fps")).findFirst()
        .orElseThrow();
    assertThat(fps.writable()).isFalse();
    show.measureFpsWith(() -> 29.5);
    assertThat(values().get("/zoomorph/fps")).containsExactly(29.5);
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(0);
    assertThat(values().get("/zoomorph/preset")).containsExactly("morph", 1.0);
    assertThat(values().get("/zoomorph/tap")).isEmpty();
    assertThat(values().get("/zoomorph/restart")).isEmpty();
    assertThat(values().get("/zoomorph/playing")).containsExactly(true);
    assertThat(values().get("/zoomorph/post/contrast")).containsExactly(1.0);
    assertThat(values().get("/zoomorph/post/threshold")).containsExactly(0.0);
    assertThat(values().get("/zoomorph/post/palette")).containsExactly("none");
  }

  @Test
  void everyWritableAddressChangesTheShow() {
    start(morph(0));
    frame();
    send("/zoomorph/speed", 2.5);
    send("/zoomorph/zoom", 3);
    send("/zoomorph/center", 0.25, -0.5);
    send("/zoomorph/bpm", 90);
    send("/zoomorph/crossfade", 4);
    send("/zoomorph/latent/1", 0.5);
    Scene frame = frame();
    assertThat(frame.current().view().zoom()).isCloseTo(3, within(1e-12));
    assertThat(frame.current().view().centerX()).isEqualTo(0.25);
    assertThat(frame.current().view().centerY()).isEqualTo(-0.5);
    Map<String, List<Object>> values = values();
    assertThat(values.get("/zoomorph/speed")).containsExactly(2.5);
    assertThat((double) values.get("/zoomorph/zoom").get(0)).isCloseTo(3, within(1e-12));
    assertThat(values.get("/zoomorph/center")).containsExactly(0.25, -0.5);
    assertThat(values.get("/zoomorph/bpm")).containsExactly(90.0);
    assertThat(values.get("/zoomorph/crossfade")).containsExactly(4.0);
    assertThat(values.get("/zoomorph/latent/1")).containsExactly(0.5);
    assertThat(values.get("/zoomorph/latent")).containsExactly(0.0, 0.5, 0.0, 0.0);
    send("/zoomorph/smoothing", 0.5);
    assertThat(values().get("/zoomorph/smoothing")).containsExactly(0.5);
    send("/zoomorph/hold", true);
    assertThat(values().get("/zoomorph/hold")).containsExactly(true);
    send("/zoomorph/hold", false);
    assertThat(values().get("/zoomorph/hold")).containsExactly(false);
    send("/zoomorph/keyframe", 2);
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(2);
    // Tap tempo: taps half a second apart are 120 bpm; a button's release (0) is not a tap.
    send("/zoomorph/tap");
    time.advanceTimeBy(Duration.ofMillis(500));
    send("/zoomorph/tap", 0);
    send("/zoomorph/tap", 1);
    assertThat((double) values().get("/zoomorph/bpm").get(0)).isCloseTo(120, within(1e-6));
  }

  @Test
  void valuesOutsideTheirRangesAreClamped() {
    start(morph(0));
    send("/zoomorph/speed", 10);
    send("/zoomorph/zoom", 0);
    send("/zoomorph/center", -1e9, 5000);
    send("/zoomorph/latent/0", 99);
    send("/zoomorph/bpm", 1000);
    send("/zoomorph/smoothing", -1);
    send("/zoomorph/crossfade", 100);
    send("/zoomorph/keyframe", 99);
    frame();
    Map<String, List<Object>> values = values();
    assertThat(values.get("/zoomorph/speed")).containsExactly(4.0);
    assertThat((double) values.get("/zoomorph/zoom").get(0)).isCloseTo(0.01, within(1e-15));
    assertThat(values.get("/zoomorph/center")).containsExactly(-1000.0, 1000.0);
    assertThat(values.get("/zoomorph/latent/0")).containsExactly(5.0);
    assertThat(values.get("/zoomorph/bpm")).containsExactly(400.0);
    assertThat(values.get("/zoomorph/smoothing")).containsExactly(0.0);
    assertThat(values.get("/zoomorph/crossfade")).containsExactly(60.0);
    assertThat(values.get("/zoomorph/keyframe")).containsExactly(3);
  }

  @Test
  void badMessagesNameTheAddressAndTheProblemAndChangeNothing() {
    start(preset("walk", MODEL, new TrajectorySpec.RandomWalk(1, 1), TempoSpec.DEFAULT, 0));
    frame();
    Map<String, List<Object>> before = values();
    Map<ControlMessage, String> bad = Map.of(
        ControlMessage.of("/zoomorph/warp", 1), "/zoomorph/warp: unknown address",
        ControlMessage.of("/other/zoom", 1), "/other/zoom: unknown address",
        ControlMessage.of("/zoomorph/zoom"), "/zoomorph/zoom: expects 1 argument(s), got 0",
        ControlMessage.of("/zoomorph/center", 1), "/zoomorph/center: expects 2 argument(s), got 1",
        ControlMessage.of("/zoomorph/speed", "fast"), "/zoomorph/speed: argument 0 must be a number",
        ControlMessage.of("/zoomorph/zoom", Double.NaN), "/zoomorph/zoom: argument 0 is not finite",
        ControlMessage.of("/zoomorph/latent/4", 1), "/zoomorph/latent has 4 components, 0 to 3",
        ControlMessage.of("/zoomorph/latent", 1, 2, 3), "/zoomorph/latent: expects 4 argument(s), got 3",
        ControlMessage.of("/zoomorph/fps", 30), "/zoomorph/fps: read-only",
        ControlMessage.of("/zoomorph/keyframe", 1), "preset 'walk' has no keyframes");
    bad.forEach((message, problem) ->
        assertThatThrownBy(() -> show.apply(message)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(problem));
    assertThatThrownBy(() -> send("/zoomorph/center", 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("argument 1 is not finite");
    assertThatThrownBy(() -> show.apply(ControlMessage.of("/zoomorph/hold", "yes")))
        .hasMessage("/zoomorph/hold: argument 0 must be true or false (or a number, 0 for false), was 'yes'");
    frame();
    assertThat(values()).isEqualTo(before);
  }

  @Test
  void latentMessagesOffsetTheTrajectoryWhenNotHeld() {
    start(morph(0));
    Trajectory.Run reference = MORPH.toTrajectory(4).start(FPS);
    assertThat(latent()).isEqualTo(reference.latent());
    send("/zoomorph/latent/2", 1.5);
    reference.advance(1);
    assertClose(latent(), reference.latent().add(Latent.of(0, 0, 1.5f, 0)));
    send("/zoomorph/latent", 1, 1, 1, 1);
    reference.advance(1);
    assertClose(latent(), reference.latent().add(Latent.of(1, 1, 1, 1)));
  }

  @Test
  void holdFreezesThePictureAndLatentMessagesSetItDirectly() {
    start(morph(0));
    frame();
    frame();
    Latent frozen = latent();
    send("/zoomorph/hold", true);
    assertThat(latent()).isEqualTo(frozen);
    assertThat(latent()).isEqualTo(frozen);
    send("/zoomorph/latent/0", -2);
    assertThat(latent()).isEqualTo(frozen.with(0, -2));
    send("/zoomorph/latent", 0.5, 0.25, 0, -0.25);
    assertThat(latent()).isEqualTo(Latent.of(0.5f, 0.25f, 0, -0.25f));
    // Releasing glides back over one beat (0.5 s at 120 bpm) to the trajectory, which resumes where it stopped.
    send("/zoomorph/hold", false);
    assertThat(latent()).isEqualTo(Latent.of(0.5f, 0.25f, 0, -0.25f));
    Trajectory.Run reference = MORPH.toTrajectory(4).start(FPS);
    reference.advance(2 + 6);
    for (int i = 0; i < 4; i++) {
      frame();
    }
    assertClose(latent(), reference.latent());
  }

  @Test
  void smoothingMovesControlsTowardsTheirTargetsFrameByFrame() {
    start(morph(0.1));
    frame();
    send("/zoomorph/speed", 2);
    assertThat(values().get("/zoomorph/speed")).containsExactly(2.0); // the first value is taken at once
    frame();
    send("/zoomorph/speed", 4);
    frame();
    double step = 2 + 2 * (1 - Math.exp(-1)); // one frame of 0.1 s is one time constant
    assertThat((double) values().get("/zoomorph/speed").get(0)).isCloseTo(step, within(1e-9));
    double previous = step;
    for (int i = 0; i < 20; i++) {
      frame();
      double speed = (double) values().get("/zoomorph/speed").get(0);
      assertThat(speed).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(4);
      previous = speed;
    }
    assertThat(previous).isCloseTo(4, within(1e-5));
    send("/zoomorph/smoothing", 0);
    send("/zoomorph/speed", -3);
    frame();
    assertThat(values().get("/zoomorph/speed")).containsExactly(-3.0);
  }

  @Test
  void zoomGlidesAtASteadyRatio() {
    start(morph(0.1));
    send("/zoomorph/zoom", 1);
    frame();
    send("/zoomorph/zoom", 1000);
    double previous = frame().current().view().zoom();
    assertThat(previous).isCloseTo(Math.pow(1000, 1 - Math.exp(-1)), within(1e-6));
    for (int i = 0; i < 30; i++) {
      double zoom = frame().current().view().zoom();
      assertThat(zoom).isGreaterThanOrEqualTo(previous);
      previous = zoom;
    }
    assertThat(previous).isCloseTo(1000, within(1e-6));
  }

  @Test
  void anInputAppliedBeforeAFrameStartsIsInThatFrame() {
    start(morph(0));
    frame();
    send("/zoomorph/hold", true);
    send("/zoomorph/latent/3", 4.25);
    send("/zoomorph/center", 0.5, 0.5);
    Scene frame = scene();
    assertThat(frame.current().latent().get(3)).isEqualTo(4.25f);
    assertThat(frame.current().view().centerX()).isEqualTo(0.5);
  }

  @Test
  void onTheLiveFrameClockAMessageArrivingAtTIsInTheFirstFrameThatStartsAfterT() {
    start(morph(0));
    StepVerifier.withVirtualTime(
            () -> show.scenes(FrameClock.live(FPS, time)).map(scene -> scene.current().view().zoom()).take(3),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(FRAME) // frame 0 starts at 0.1 s
        .expectNext(1.0)
        .thenAwait(Duration.ofMillis(99))
        .then(() -> send("/zoomorph/zoom", 4.0)) // at 0.199 s
        .thenAwait(Duration.ofMillis(1)) // frame 1 at 0.2 s has it
        .expectNext(4.0)
        .then(() -> send("/zoomorph/zoom", 2.0)) // exactly at 0.2 s, after frame 1 started
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(2.0)
        .verifyComplete();
  }

  @Test
  void theFrameExactClockGivesFrameKAtKOverFpsWhateverTheMachine() {
    start(morph(0));
    StepVerifier.create(FrameClock.exact(FPS).take(3))
        .expectNext(new FrameTick(0, 0), new FrameTick(1, 100_000_000), new FrameTick(2, 200_000_000))
        .verifyComplete();
    // A morph's keyframes land exactly on their frames: 2 s segments at 10 fps, so frame 20 is keyframe 1.
    List<Scene> scenes = show.scenes(FrameClock.exact(FPS)).take(21).collectList().block();
    Latent keyframe1 = MORPH.keyframeLatents(MODEL.latentSize()).get(1);
    assertThat(scenes.get(20).current().latent()).isEqualTo(keyframe1);
  }

  @Test
  void keyframeRequestsGlideToTheKeyframeAndGoOnFromThere() {
    start(morph(0));
    send("/zoomorph/speed", 0);
    frame();
    Latent before = latent();
    send("/zoomorph/keyframe", 2);
    assertThat(latent()).as("the glide starts from the picture").isEqualTo(before);
    for (int i = 0; i < 4; i++) {
      frame();
    }
    assertThat(latent()).isEqualTo(MORPH.keyframeLatents(4).get(2));
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(2);
    send("/zoomorph/speed", 1);
    frame();
    Trajectory.Run reference = MORPH.toTrajectory(4).start(FPS);
    reference.advance(2 * 20 + 2);
    assertClose(latent(), reference.latent());
  }

  @Test
  void holdingDuringAGlideFreezesThePictureWhereTheGlideHadGot() {
    start(morph(0));
    frame();
    send("/zoomorph/keyframe", 3);
    frame();
    Latent midway = latent();
    send("/zoomorph/hold", true);
    assertThat(latent()).isEqualTo(midway);
    assertThat(latent()).isEqualTo(midway);
  }

  @Test
  void beatQuantizedKeyframeRequestsLandOnTheNextBeat() {
    start(preset("beat", MODEL, MORPH, new TempoSpec(120, 4, 0, TempoSpec.Quantize.BEAT), 0));
    frame(); // t = 0
    frame(); // t = 0.1
    send("/zoomorph/keyframe", 3);
    for (int i = 2; i < 5; i++) { // t = 0.2 .. 0.4
      frame();
      assertThat(values().get("/zoomorph/keyframe")).as("frame at %s s", i / 10.0).containsExactly(0);
    }
    frame(); // t = 0.5, the next beat
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(3);
  }

  @Test
  void barQuantizedKeyframeRequestsLandOnTheNextBar() {
    start(preset("bar", MODEL, MORPH, new TempoSpec(120, 4, 0, TempoSpec.Quantize.BAR), 0));
    time.advanceTimeBy(Duration.ofMillis(600));
    frame(); // t = 0.6
    send("/zoomorph/keyframe", 1); // at t = 0.7: the next bar starts at 2.0 s (4 beats of 0.5 s)
    while (time.now(TimeUnit.MILLISECONDS) < 2000) {
      frame();
      assertThat(values().get("/zoomorph/keyframe")).containsExactly(0);
    }
    frame(); // t = 2.0
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(1);
  }

  @Test
  void aBeatLockedMorphReachesAKeyframeEveryNBeatsAtAnyTempo() {
    // 5 s segments on their own, but 2 beats per keyframe: at 120 bpm a keyframe a second.
    TrajectorySpec.Morph slow = new TrajectorySpec.Morph(3, 4, 5, false);
    start(preset("locked", MODEL, slow, new TempoSpec(120, 4, 2, TempoSpec.Quantize.NONE), 0));
    List<Latent> keyframes = slow.keyframeLatents(4);
    for (int i = 0; i < 10; i++) {
      frame();
    }
    send("/zoomorph/bpm", 240);
    assertClose(latent(), keyframes.get(1)); // t = 1 s
    for (int i = 0; i < 4; i++) {
      frame();
    }
    assertClose(latent(), keyframes.get(2)); // t = 1.5 s: half a second per keyframe now
  }

  @Test
  void switchingToAPresetOfTheSameModelBlendsLatents() {
    Preset first = morph(0);
    Preset second = preset("second", MODEL, new TrajectorySpec.Loop(9, 3, 2), TempoSpec.DEFAULT, 0);
    play(new LiveShow(first, FPS, () -> time.now(TimeUnit.NANOSECONDS),
        name -> name.equals("second") ? second : first));
    send("/zoomorph/speed", 0);
    frame();
    Latent from = latent();
    send("/zoomorph/preset", "second"); // crossfade 1 s (the first preset's crossfadeSeconds)
    Latent to = second.trajectory().toTrajectory(4).start(FPS).latent();
    Scene start = frame();
    assertThat(start.fading()).isNull();
    assertThat(start.current().preset()).isEqualTo(second);
    assertThat(start.current().latent()).isEqualTo(from);
    for (int i = 1; i < 10; i++) {
      Scene frame = frame();
      double w = (1 - Math.cos(Math.PI * i / 10.0)) / 2;
      assertClose(frame.current().latent(), from.lerp(to, w));
    }
    assertThat(latent()).isEqualTo(to);
    assertThat(show.preset()).isEqualTo(second);
  }

  @Test
  void switchingToAnotherModelCrossfadesFrames() {
    Preset first = morph(0);
    Preset second = preset("other", OTHER_MODEL, new TrajectorySpec.RandomWalk(4, 1), TempoSpec.DEFAULT, 0);
    play(new LiveShow(first, FPS, () -> time.now(TimeUnit.NANOSECONDS), name -> second));
    frame();
    send("/zoomorph/zoom", 2);
    frame();
    send("/zoomorph/preset", "other");
    Scene start = frame();
    assertThat(start.current().preset()).isEqualTo(second);
    assertThat(start.current().latent().size()).isEqualTo(6);
    assertThat(start.current().view()).isEqualTo(ViewSpec.DEFAULT);
    assertThat(start.fading()).isNotNull();
    assertThat(start.fading().preset()).isEqualTo(first);
    assertThat(start.fading().view().zoom()).isEqualTo(2);
    assertThat(start.fadingWeight()).isEqualTo(1);
    double previous = 1;
    for (int i = 1; i < 10; i++) {
      Scene frame = frame();
      assertThat(frame.fading()).isNotNull();
      assertThat(frame.fadingWeight()).isLessThan(previous).isGreaterThan(0);
      previous = frame.fadingWeight();
    }
    Scene done = frame();
    assertThat(done.fading()).isNull();
    assertThat(done.fadingWeight()).isZero();
    assertThat(values()).containsKey("/zoomorph/latent/5").doesNotContainKey("/zoomorph/keyframe");
  }

  @Test
  void anInvalidPresetIsRefusedWithTheLoadersMessageAndTheShowGoesOn() {
    Preset first = morph(0);
    play(new LiveShow(first, FPS, () -> time.now(TimeUnit.NANOSECONDS), name -> {
      throw new PresetException("preset file " + name + ": field trajectory.keyframes: keyframes must be in 1..1000");
    }));
    frame();
    Map<String, List<Object>> before = values();
    assertThatThrownBy(() -> send("/zoomorph/preset", "broken.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/zoomorph/preset")
        .hasMessageContaining("broken.json: field trajectory.keyframes: keyframes must be in 1..1000");
    assertThatThrownBy(() -> send("/zoomorph/preset", 3)).hasMessageContaining("must be a string");
    Scene frame = frame();
    assertThat(frame.fading()).isNull();
    assertThat(frame.current().preset()).isEqualTo(first);
    assertThat(values()).isEqualTo(before);
  }
  // ---- post-processing

  private static Preset withPost(Preset preset, PostSpec post) {
    return new Preset(preset.name(), "", preset.model(), preset.trajectory(), preset.view(), 1, preset.tempo(),
        preset.smoothingSeconds(), preset.crossfadeSeconds(), List.of(), post);
  }

  @Test
  void postValuesChangeTheFramesPostProcessing() {
    start(morph(0));
    assertThat(frame().current().post()).isEqualTo(PostSpec.NONE);
    send("/zoomorph/post/contrast", 1.5);
    send("/zoomorph/post/gamma", 2);
    send("/zoomorph/post/threshold", 0.4);
    send("/zoomorph/post/softness", 0.1);
    send("/zoomorph/post/palette", "FIRE");
    assertThat(frame().current().post()).isEqualTo(new PostSpec(1.5, 2, 0.4, 0.1, "fire"));
    Map<String, List<Object>> values = values();
    assertThat(values.get("/zoomorph/post/contrast")).containsExactly(1.5);
    assertThat(values.get("/zoomorph/post/gamma")).containsExactly(2.0);
    assertThat(values.get("/zoomorph/post/threshold")).containsExactly(0.4);
    assertThat(values.get("/zoomorph/post/softness")).containsExactly(0.1);
    assertThat(values.get("/zoomorph/post/palette")).containsExactly("fire");
    send("/zoomorph/post/palette", "none");
    send("/zoomorph/post/threshold", 0);
    assertThat(frame().current().post()).isEqualTo(new PostSpec(1.5, 2, null, 0.1, null));
  }

  @Test
  void postValuesAreClampedAndAThresholdOfZeroOrLessIsOff() {
    start(morph(0));
    send("/zoomorph/post/contrast", 9);
    send("/zoomorph/post/gamma", 0);
    send("/zoomorph/post/threshold", 1);
    send("/zoomorph/post/softness", 2);
    assertThat(frame().current().post()).isEqualTo(new PostSpec(4, 0.1, 0.999, 0.5, null));
    send("/zoomorph/post/contrast", -1);
    send("/zoomorph/post/gamma", 100);
    send("/zoomorph/post/threshold", 1e-9);
    send("/zoomorph/post/softness", -1);
    assertThat(frame().current().post()).isEqualTo(new PostSpec(0, 10, 0.001, 0, null));
    send("/zoomorph/post/threshold", -3);
    assertThat(frame().current().post().threshold()).isNull();
    assertThat(values().get("/zoomorph/post/threshold")).containsExactly(0.0);
  }

  @Test
  void badPostMessagesNameTheProblemAndChangeNothing() {
    start(morph(0));
    send("/zoomorph/post/palette", "ice");
    frame();
    Map<String, List<Object>> before = values();
    Map<ControlMessage, String> bad = Map.of(
        ControlMessage.of("/zoomorph/post/palette", "sepia"),
        "/zoomorph/post/palette: unknown palette 'sepia'; known: none, fire, ice, viridis",
        ControlMessage.of("/zoomorph/post/palette", 2), "/zoomorph/post/palette: argument 0 must be a string",
        ControlMessage.of("/zoomorph/post/contrast", "high"), "/zoomorph/post/contrast: argument 0 must be a number",
        ControlMessage.of("/zoomorph/post/gamma", Double.NaN), "/zoomorph/post/gamma: argument 0 is not finite",
        ControlMessage.of("/zoomorph/post/threshold", 0.2, 0.3),
        "/zoomorph/post/threshold: expects 1 argument(s), got 2",
        ControlMessage.of("/zoomorph/post/softness"), "/zoomorph/post/softness: expects 1 argument(s), got 0",
        ControlMessage.of("/zoomorph/post/hue", 1), "/zoomorph/post/hue: unknown address");
    bad.forEach((message, problem) ->
        assertThatThrownBy(() -> show.apply(message)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(problem));
    frame();
    assertThat(values()).isEqualTo(before);
    assertThat(frame().current().post()).isEqualTo(new PostSpec(1, 1, null, 0, "ice"));
  }

  @Test
  void aPaletteIsRefusedInWordsWhereThePresetDrawsInColour() {
    start(preset("colour", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f), MORPH, TempoSpec.DEFAULT, 0));
    assertThatThrownBy(() -> send("/zoomorph/post/palette", "fire")).isInstanceOf(ControlException.class)
        .hasMessage("/zoomorph/post/palette: not there now: preset 'colour' draws in colour; a palette colours grey "
            + "models");
    assertThat(frame().current().post().palette()).isNull();
    assertThat(values()).as("not offered either").doesNotContainKey("/zoomorph/post/palette");
  }

  @Test
  void postValuesGlideButTheThresholdSwitchesOffAndOnAtOnce() {
    start(morph(0.1)); // one frame of 0.1 s is one time constant
    frame();
    send("/zoomorph/post/contrast", 3);
    assertThat(frame().current().post().contrast()).isEqualTo(3); // the first value is taken at once
    send("/zoomorph/post/contrast", 1);
    assertThat(frame().current().post().contrast()).isCloseTo(3 - 2 * (1 - Math.exp(-1)), within(1e-9));
    // Off to on: the threshold starts at its value, in this frame, without gliding up from 0.
    send("/zoomorph/post/threshold", 0.5);
    assertThat(values().get("/zoomorph/post/threshold")).containsExactly(0.5);
    assertThat(frame().current().post().threshold()).isEqualTo(0.5);
    send("/zoomorph/post/threshold", 0.9);
    assertThat(frame().current().post().threshold()).isCloseTo(0.5 + 0.4 * (1 - Math.exp(-1)), within(1e-9));
    // A knob swept down to 0 mid-glide: off at once, and it stays off.
    send("/zoomorph/post/threshold", 0.3);
    frame();
    send("/zoomorph/post/threshold", 0.1);
    send("/zoomorph/post/threshold", 0);
    assertThat(values().get("/zoomorph/post/threshold")).containsExactly(0.0);
    for (int i = 0; i < 20; i++) {
      assertThat(frame().current().post().threshold()).isNull();
    }
    // On again: at its new value at once, then gliding from there.
    send("/zoomorph/post/threshold", 0.2);
    assertThat(frame().current().post().threshold()).isEqualTo(0.2);
    send("/zoomorph/post/threshold", 0.6);
    assertThat(frame().current().post().threshold()).isCloseTo(0.2 + 0.4 * (1 - Math.exp(-1)), within(1e-9));
    // The palette is a switch.
    send("/zoomorph/post/palette", "viridis");
    assertThat(frame().current().post().palette()).isEqualTo("viridis");
  }

  @Test
  void aPresetSwitchTakesTheNewPresetsPostAndTheFadingLayerKeepsTheOld() {
    PostSpec firstPost = new PostSpec(1.5, 1, null, 0, "fire");
    PostSpec otherPost = new PostSpec(1, 0.8, 0.5, 0.05, null);
    Preset first = withPost(morph(0), firstPost);
    Preset other = withPost(preset("other", OTHER_MODEL, new TrajectorySpec.RandomWalk(4, 1), TempoSpec.DEFAULT, 0),
        otherPost);
    Preset same = withPost(preset("same", MODEL, new TrajectorySpec.Loop(9, 3, 2), TempoSpec.DEFAULT, 0),
        PostSpec.NONE);
    play(new LiveShow(first, FPS, () -> time.now(TimeUnit.NANOSECONDS), name -> name.equals("other") ? other : same));
    assertThat(frame().current().post()).isEqualTo(firstPost);
    send("/zoomorph/post/contrast", 2);
    frame();
    send("/zoomorph/preset", "other");
    Scene fade = frame();
    assertThat(fade.current().post()).isEqualTo(otherPost);
    assertThat(fade.fading()).isNotNull();
    assertThat(fade.fading().post()).as("the left preset's post as it was").isEqualTo(new PostSpec(2, 1, null, 0,
        "fire"));
    assertThat(values().get("/zoomorph/post/threshold")).containsExactly(0.5);
    send("/zoomorph/preset", "same"); // a latent blend: the new post applies at once
    Scene blend = frame();
    assertThat(blend.current().post()).isEqualTo(PostSpec.NONE);
  }

  @Test
  void presetAsPlayedHasTheLiveViewPostTempoAndTimesAndStartsAgainOnASwitch() {
    Preset first = withPost(morph(0), new PostSpec(1.5, 1, null, 0, "fire"));
    Preset other = preset("other", MODEL, new TrajectorySpec.Loop(9, 3, 2), TempoSpec.DEFAULT, 0);
    play(new LiveShow(first, FPS, () -> time.now(TimeUnit.NANOSECONDS), name -> other));
    assertThat(show.presetAsPlayed()).as("nothing changed yet").isEqualTo(first);

    send("/zoomorph/zoom", 4);
    send("/zoomorph/center", 0.25, -0.5);
    send("/zoomorph/post/gamma", 0.8);
    send("/zoomorph/post/palette", "viridis");
    send("/zoomorph/bpm", 96);
    send("/zoomorph/smoothing", 0.5);
    send("/zoomorph/crossfade", 7);
    send("/zoomorph/speed", 2); // not a preset's: speed carries over switches
    frame();
    Preset played = show.presetAsPlayed();
    assertThat(played.view()).isEqualTo(new ViewSpec(0.25, -0.5, 4, 0));
    assertThat(played.post()).isEqualTo(new PostSpec(1.5, 0.8, null, 0, "viridis"));
    assertThat(played.tempo()).isEqualTo(new TempoSpec(96, 4, 0, TempoSpec.Quantize.NONE,
        TempoSpec.Source.INTERNAL));
    assertThat(played.smoothingSeconds()).isEqualTo(0.5);
    assertThat(played.crossfadeSeconds()).isEqualTo(7);
    assertThat(played.withControls(first.view(), first.post(), first.tempo().bpm(), first.smoothingSeconds(),
        first.crossfadeSeconds())).as("the rest is the preset's").isEqualTo(first);

    send("/zoomorph/preset", "other");
    frame();
    assertThat(show.presetAsPlayed()).as("a switch starts the new preset's view and post; tempo and the live times"
        + " carry over").isEqualTo(other.withControls(other.view(), other.post(), 96, 0.5, 7));
  }

  @Test
  void presetAsPlayedSavesAGlideAtItsTargetAndLeavesTheGlideMoving() {
    start(morph(1)); // a time constant of 30 frames
    send("/zoomorph/zoom", 2);
    send("/zoomorph/center", 0.5, 0.5);
    send("/zoomorph/post/contrast", 1.5);
    frame();
    send("/zoomorph/zoom", 16);
    send("/zoomorph/center", -0.25, 0.75);
    send("/zoomorph/post/contrast", 0.5);
    ViewSpec gliding = frame().current().view();
    assertThat(gliding.zoom()).as("the zoom glides from 2 to 16").isStrictlyBetween(2.0, 16.0);
    assertThat(gliding.centerX()).isStrictlyBetween(-0.25, 0.5);
    assertThat(frame().current().post().contrast()).as("the contrast glides from 1.5 to 0.5")
        .isStrictlyBetween(0.5, 1.5);

    Preset played = show.presetAsPlayed();
    assertThat(played.view()).as("saved where the knobs were left").isEqualTo(new ViewSpec(-0.25, 0.75, 16, 0));
    assertThat(played.post().contrast()).isEqualTo(0.5);

    Scene next = frame();
    assertThat(next.current().view().zoom()).as("saving moved nothing: the glide goes on from where it was")
        .isGreaterThan(gliding.zoom()).isLessThan(16);
    assertThat(next.current().post().contrast()).isStrictlyBetween(0.5, 1.5);
  }

  // ---- transport (MIDI Start, Stop, Continue)

  @Test
  void stoppingFreezesABeatLockedMorphAndPlayingGoesOnFromThere() {
    // 2 beats per keyframe at 120 bpm: a keyframe a second.
    TrajectorySpec.Morph slow = new TrajectorySpec.Morph(3, 4, 5, false);
    start(preset("locked", MODEL, slow, new TempoSpec(120, 4, 2, TempoSpec.Quantize.NONE), 0));
    List<Latent> keyframes = slow.keyframeLatents(4);
    for (int i = 0; i < 5; i++) {
      frame(); // t = 0 .. 0.4
    }
    send("/zoomorph/playing", false); // t = 0.5: beat 1, half way to keyframe 1
    assertThat(values().get("/zoomorph/playing")).containsExactly(false);
    Latent stopped = latent();
    for (int i = 0; i < 10; i++) {
      assertThat(latent()).isEqualTo(stopped);
    }
    send("/zoomorph/playing", 1); // t = 1.6: on from beat 1
    assertThat(values().get("/zoomorph/playing")).containsExactly(true);
    for (int i = 0; i < 5; i++) {
      frame();
    }
    assertClose(latent(), keyframes.get(1)); // t = 2.1, beat 2
  }

  @Test
  void aQuantizedJumpWaitsWhileTheClockIsStoppedAndOneAskedForThenLandsAtOnce() {
    start(preset("beat", MODEL, MORPH, new TempoSpec(120, 4, 0, TempoSpec.Quantize.BEAT), 0));
    send("/zoomorph/speed", 0);
    frame();
    frame();
    send("/zoomorph/keyframe", 2); // t = 0.2: lands on beat 1
    frame();
    send("/zoomorph/playing", false); // t = 0.3, beat 0.6
    for (int i = 0; i < 10; i++) {
      frame();
      assertThat(values().get("/zoomorph/keyframe")).containsExactly(0);
    }
    send("/zoomorph/playing", true); // t = 1.3: beat 1 falls at 1.5
    frame();
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(0);
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(2);
    send("/zoomorph/playing", false);
    send("/zoomorph/keyframe", 3);
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(3);
  }

  @Test
  void restartPutsTheTempoOnBeatZeroAndABeatLockedMorphOnKeyframeZero() {
    TrajectorySpec.Morph slow = new TrajectorySpec.Morph(3, 4, 5, false);
    start(preset("locked", MODEL, slow, new TempoSpec(120, 4, 2, TempoSpec.Quantize.BAR), 0));
    List<Latent> keyframes = slow.keyframeLatents(4);
    for (int i = 0; i < 13; i++) {
      frame(); // t = 0 .. 1.2
    }
    send("/zoomorph/playing", false);
    send("/zoomorph/keyframe", 3); // lands at once: the clock is stopped
    frame();
    send("/zoomorph/playing", true);
    send("/zoomorph/keyframe", 1); // pending for the next bar; the restart drops it
    send("/zoomorph/restart", 0); // a button's release does nothing
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(3);
    send("/zoomorph/restart", 1); // t = 1.4
    assertThat(show.tempo().position()).isZero();
    assertThat(values().get("/zoomorph/playing")).containsExactly(true);
    frame(); // t = 1.4: the first frame after the restart plays keyframe 0 again
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(0);
    // A glide of one beat brings the picture onto the morph, which reaches keyframe 1 two beats after the restart.
    for (int i = 1; i < 10; i++) {
      frame(); // t = 1.5 .. 2.3
    }
    assertClose(latent(), keyframes.get(1)); // t = 2.4
    for (int i = 0; i < 9; i++) {
      frame();
    }
    assertClose(latent(), keyframes.get(2)); // t = 3.4, beat 4: keyframe 2 on the bar
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(2);
  }

  @Test
  void audioControlsPushTheLatentSetThePhaseAndStepKeyframes() {
    Preset listening = morph(0).withAudio(AudioSpec.NONE.withLatent(
        new AudioSpec.LatentPush(AudioSpec.LatentPush.Directions.SEEDED, 9, 0.5)));
    start(listening);
    send("/zoomorph/speed", 0);
    Latent still = latent();
    assertThat(latent()).isEqualTo(still);
    send("/zoomorph/push", 1, 0, 0, 0, 0);
    Latent pushed = latent();
    Latent direction = pushed.subtract(still);
    assertThat(Math.sqrt(dot(direction, direction))).isGreaterThan(0.1);
    send("/zoomorph/push", 0.5, 0, 0, 0, 0);
    assertClose(latent().subtract(still), direction.scale(0.5));
    send("/zoomorph/push", 0, 0, 0, 0, 1);
    Latent other = latent().subtract(still);
    double cosine = dot(other, direction) / Math.sqrt(dot(other, other) * dot(direction, direction));
    assertThat(Math.abs(cosine)).as("another direction").isLessThan(0.99);
    assertThat(values().get("/zoomorph/push")).containsExactly(0.0, 0.0, 0.0, 0.0, 1.0);
    assertThatThrownBy(() -> send("/zoomorph/push", 1, 0)).isInstanceOf(ControlException.class)
        .hasMessageContaining("expects 5 argument(s), got 2");

    send("/zoomorph/phase", 0.25);
    assertThat(phase()).isCloseTo(0.25, within(1e-9));

    send("/zoomorph/keyframe/next");
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(1);
    send("/zoomorph/keyframe/next", 1);
    frame();
    assertThat(values().get("/zoomorph/keyframe")).containsExactly(2);
  }

  @Test
  void audioFeaturesAreReadOnlyValuesWhileAnAudioInputListens() {
    start(morph(0));
    assertThatThrownBy(() -> send("/zoomorph/audio/level", 0.5)).isInstanceOf(ControlException.class)
        .hasMessageContaining("not there now: no audio input");
    show.measureAudioWith(() -> new AudioFeatures(0, 0.75, new double[] {0.1, 0.2, 0.3}, false, new boolean[3], 7,
        128, 12.5, false));
    assertThat(values().get("/zoomorph/audio/level")).containsExactly(0.75);
    assertThat(values().get("/zoomorph/audio/bands")).containsExactly(0.1, 0.2, 0.3);
    assertThat(values().get("/zoomorph/audio/onsets")).containsExactly(7L);
    assertThat(values().get("/zoomorph/audio/bpm")).containsExactly(128.0);
    assertThat(values().get("/zoomorph/audio/beat")).containsExactly(12.5);
    assertThat(show.parameters()).filteredOn(p -> p.address().startsWith("/zoomorph/audio/"))
        .hasSize(5).noneMatch(ControlParameter::writable);
    assertThatThrownBy(() -> send("/zoomorph/audio/level", 0.5)).isInstanceOf(ControlException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void anAudioBindingToAnAddressTheShowLacksIsRefusedWithThePresetsFieldAndProblem() {
    Preset typo = morph(0).withAudio(AudioSpec.NONE.withBindings(List.of(AudioBinding.of("bass", "/zoomorph/zom", 1,
        2))));
    assertThatThrownBy(() -> start(typo)).isInstanceOf(PresetException.class)
        .hasMessage("preset morph: field audio.bindings[0].target: no control at /zoomorph/zom (see docs/control.md)");
    Preset readOnly = morph(0).withAudio(AudioSpec.NONE.withBindings(List.of(
        AudioBinding.of("level", "/zoomorph/speed", 0, 1), AudioBinding.of("bass", "/zoomorph/fps", 1, 2))));
    assertThatThrownBy(() -> start(readOnly)).hasMessageStartingWith(
        "preset morph: field audio.bindings[1].target: /zoomorph/fps is read-only");
    // A live switch to such a preset is refused too, and the show plays on.
    show = new LiveShow(morph(0), FPS, () -> time.now(TimeUnit.NANOSECONDS), name -> typo);
    assertThatThrownBy(() -> send("/zoomorph/preset", "typo")).isInstanceOf(ControlException.class)
        .hasMessageContaining("no control at /zoomorph/zom");
    assertThat(show.preset().name()).isEqualTo("morph");
    assertThat(new LiveShow(morph(0).withAudio(AudioSpec.NONE.withBindings(List.of(
        AudioBinding.of("bass", "/zoomorph/latent/3", 0, 1)))), FPS, () -> 0).preset().audio().bindings()).hasSize(1);
  }

  private static double dot(Latent a, Latent b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += a.get(i) * b.get(i);
    }
    return sum;
  }
}
