package dev.zoomorph.engine.show;

import dev.zoomorph.engine.control.ControlSmoother;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.preset.DirectionSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the controls say: each control's value (the playing program, view, post-processing, speed, hold, latent
 * offset, tempo, smoothing and crossfade times), a pending quantized keyframe jump, and the events since the last
 * frame. {@link ShowControls} reads and writes it; {@link #cue} samples it as a frame starts. It keeps nothing about
 * where the show is: the {@link ShowOperators} do, and report back {@link #shown what was shown}, which a hold freezes
 * and {@code /zoomorph/keyframe} reads. {@link LiveShow} guards it with its lock. Not thread-safe.
 */
final class ShowState {
  final TempoClock tempo;
  DoubleSupplier measuredFps = () -> 0;
  /** The audio input's newest features, for {@code /zoomorph/audio/...}; null without an audio input. */
  @Nullable Supplier<AudioFeatures> audio;
  /** The playlist the {@code /zoomorph/playlist/} controls steer; null without one. */
  @Nullable ShowPlaylist playlist;

  Program program;
  ControlSmoother<ShowState> smoother;
  double smoothingSeconds;
  double crossfadeSeconds;
  /** The crossfade of the newest switch (the preset's at the start). */
  double switchCrossfadeSeconds;
  boolean smoothingSetLive;
  boolean crossfadeSetLive;
  TempoSpec tempoSpec;
  ViewSpec view;
  PostSpec post;
  double speed = 1;
  boolean held;
  Latent offset;
  /** The latent while held: what hold froze, then whatever {@code latent} messages set. */
  @Nullable Latent direct;
  /** {@code /zoomorph/push}: how far along each of the preset's audio directions the latent is pushed, 0 … 1. */
  double[] push;
  /** The current preset's spectrum-to-latent directions, each scaled by its amount; made when first needed. */
  private @Nullable List<Latent> pushDirections;
  /** The amount of each latent direction, by name, as {@code /zoomorph/direction/NAME} set it. */
  private final Map<String, Double> directionAmounts = new HashMap<>();
  private int pendingKeyframe = -1;
  /** The beat position at which the pending keyframe jump lands. */
  private double pendingKeyframeBeat;
  private final List<Cue.Event> events = new ArrayList<>();
  private long lastCueNanos = Long.MIN_VALUE;
  /** The latent of the newest frame, before any crossfade; null before the first and after a switch of model. */
  private @Nullable Latent shownLatent;
  private int shownKeyframe;

  ShowState(Program program, TempoClock tempo) {
    Preset preset = program.preset();
    this.program = program;
    this.tempo = tempo;
    this.tempoSpec = preset.tempo();
    this.smoothingSeconds = preset.smoothingSeconds();
    this.crossfadeSeconds = preset.crossfadeSeconds();
    this.switchCrossfadeSeconds = crossfadeSeconds;
    this.smoother = new ControlSmoother<>(seconds(smoothingSeconds));
    this.view = preset.view();
    this.post = preset.post();
    this.offset = Latent.zeros(program.latentSize());
    this.push = new double[pushCount()];
  }

  /**
   * The view and post-processing with every glide landed on its target: written into a scratch state of the same
   * program, so this one, and the frames made from it, do not move. The scratch state shares the tempo clock, which
   * no glide writes ({@code bpm}, {@code phase} and {@code playing} land at once).
   */
  ShowState landed() {
    ShowState scratch = new ShowState(program, tempo);
    scratch.view = view;
    scratch.post = post;
    smoother.writeTargets(scratch);
    return scratch;
  }

  int latentSize() {
    return program.latentSize();
  }

  /** What {@code latent} messages set now: the held latent, or the offset. */
  Latent latentControl() {
    return direct != null ? direct : offset;
  }

  void setLatentControl(Latent value) {
    if (value.size() != latentSize()) {
      return; // a smoothed value for the previous preset's latent size
    }
    if (direct != null) {
      direct = value;
    } else {
      offset = value;
    }
  }

  /** The keyframe whose segment the newest frame showed. */
  int keyframe() {
    return shownKeyframe;
  }

  /**
   * Samples the controls as the frame of {@code tick} starts: smoothed controls move on by the time since the previous
   * frame, a pending keyframe jump whose beat has come is due, and the events since the previous frame go with the
   * cue.
   */
  Cue cue(FrameTick tick) {
    long elapsed = lastCueNanos == Long.MIN_VALUE ? 0 : Math.max(0, tick.nanos() - lastCueNanos);
    lastCueNanos = tick.nanos();
    smoother.advance(this, Duration.ofNanos(elapsed));
    double beat = tempo.position();
    if (pendingKeyframe >= 0 && beat >= pendingKeyframeBeat - 1e-9) {
      if (pendingKeyframe < program.keyframes().size()) {
        if (direct != null) {
          direct = program.keyframes().get(pendingKeyframe);
        }
        events.add(new Cue.Jump(pendingKeyframe));
      }
      pendingKeyframe = -1;
    }
    Cue cue = new Cue(tick, beat, tempo.bpm(), program, speed, held, pushedOffset(), direct, directionOffset(), view,
        post, events);
    events.clear();
    return cue;
  }

  /**
   * The latent offset plus spectrum to latent: {@code /zoomorph/push} value i times direction i of the preset's
   * {@code audio.latent}.
   */
  private Latent pushedOffset() {
    AudioSpec.LatentPush spec = program.preset().audio().latent();
    if (spec == null || push.length == 0) {
      return offset;
    }
    if (pushDirections == null) {
      pushDirections = directions(spec, program.preset().audio().bands().size());
    }
    Latent sum = offset;
    for (int i = 0; i < push.length && i < pushDirections.size(); i++) {
      if (push[i] != 0) {
        sum = sum.add(pushDirections.get(i).scale(push[i]));
      }
    }
    return sum;
  }

  /** The number of {@code /zoomorph/push} values: one per band when the preset pushes the latent, else none. */
  int pushCount() {
    return program.preset().audio().latent() == null ? 0 : program.preset().audio().bands().size();
  }

  private List<Latent> directions(AudioSpec.LatentPush spec, int count) {
    List<Latent> out = new ArrayList<>(count);
    List<Latent> keyframes = program.keyframes();
    if (spec.directions() == AudioSpec.LatentPush.Directions.KEYFRAMES && !keyframes.isEmpty()) {
      Latent centre = Latent.zeros(latentSize());
      for (Latent keyframe : keyframes) {
        centre = centre.add(keyframe.scale(1.0 / keyframes.size()));
      }
      for (int i = 0; i < count; i++) {
        out.add(keyframes.get(i % keyframes.size()).subtract(centre).scale(spec.amount()));
      }
    } else {
      SplittableRandom random = new SplittableRandom(spec.seed());
      for (int i = 0; i < count; i++) {
        out.add(Latent.gaussian(latentSize(), random).scale(spec.amount()));
      }
    }
    return out;
  }

  /** Σ amount × direction over the playing preset's latent directions, as the directions' addresses set them. */
  private Latent directionOffset() {
    Latent sum = Latent.zeros(latentSize());
    for (Map.Entry<String, DirectionSpec> e : program.preset().directions().entrySet()) {
      double amount = directionAmount(e.getKey());
      Direction direction = e.getValue().direction();
      if (amount != 0 && direction != null && direction.latentSize() == latentSize()) {
        sum = sum.add(direction.times(amount));
      }
    }
    return sum;
  }

  double directionAmount(String name) {
    return directionAmounts.getOrDefault(name, 0.0);
  }

  void setDirectionAmount(String name, double amount) {
    directionAmounts.put(name, amount);
  }

  /** What the frame made from a cue showed: the latent a hold freezes, and the keyframe playing. */
  void shown(Moment moment) {
    shownLatent = moment.latent();
    shownKeyframe = moment.keyframe();
  }

  void setHold(boolean on) {
    if (on == held) {
      return;
    }
    held = on;
    if (on) {
      // Hold freezes the picture: where the newest frame was (a glide included), or where the show starts.
      direct = shownLatent != null ? shownLatent : program.runFrom(0).latent().add(offset);
    } else {
      direct = null;
    }
  }

  void setSmoothing(double seconds) {
    smoothingSeconds = seconds;
    smoother.setTime(seconds(seconds));
  }

  /**
   * Asks for keyframe {@code k} at the next frame, or on the next beat or bar when the preset quantizes. The landing
   * is a beat position, so it follows tempo changes and waits while the clock is stopped; asked for while stopped,
   * the jump lands at once.
   */
  void requestKeyframe(int k) {
    pendingKeyframe = k;
    pendingKeyframeBeat = switch (tempoSpec.quantize()) {
      case NONE -> tempo.position();
      case BEAT -> tempo.nextBeat();
      case BAR -> tempo.nextBar();
    };
  }

  /** Asks for the keyframe after the one playing (or the pending one), wrapping round, as {@link #requestKeyframe}. */
  void requestNextKeyframe() {
    int from = pendingKeyframe >= 0 ? pendingKeyframe : keyframe();
    requestKeyframe((from + 1) % program.keyframes().size());
  }

  /**
   * MIDI Start: the tempo runs from beat 0 now and a beat-locked morph starts again from keyframe 0 (gliding there
   * unless held), so its keyframes land on the bars again. A pending keyframe jump is dropped.
   */
  void restart() {
    tempo.start();
    pendingKeyframe = -1;
    events.add(new Cue.Restart());
  }

  /**
   * Switches to {@code next}, crossfading over {@code crossfadeOverride} seconds when not null, else the live
   * crossfade or the preset's: latents blend for the same model, frames for another. A switch starts the new preset
   * playing: a hold or a pending keyframe jump belonged to the old one.
   */
  void switchTo(Program next, @Nullable Double crossfadeOverride) {
    Preset preset = next.preset();
    // The preset says how it is entered, unless the crossfade was set live.
    if (!crossfadeSetLive) {
      crossfadeSeconds = preset.crossfadeSeconds();
    }
    switchCrossfadeSeconds = crossfadeOverride != null ? crossfadeOverride : crossfadeSeconds;
    events.add(new Cue.Switch(next, switchCrossfadeSeconds));
    if (!preset.model().equals(program.preset().model())) {
      shownLatent = null;
    }
    program = next;
    tempoSpec = preset.tempo();
    view = preset.view();
    post = preset.post();
    if (offset.size() != next.latentSize()) {
      offset = Latent.zeros(next.latentSize());
    }
    push = new double[pushCount()];
    pushDirections = null;
    held = false;
    direct = null;
    pendingKeyframe = -1;
    smoother = new ControlSmoother<>(smoother.time());
    if (!smoothingSetLive) {
      setSmoothing(preset.smoothingSeconds());
    }
  }

  static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
