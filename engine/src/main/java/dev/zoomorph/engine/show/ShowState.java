package dev.zoomorph.engine.show;

import dev.zoomorph.engine.control.ControlSmoother;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.latent.Direction;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.DirectionSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a live show is at one moment: the playing preset and the one fading out, the view, post-processing, speed,
 * hold, latent offset, tempo and pending keyframe jump. {@link ShowControls} reads and writes it; {@link LiveShow}
 * guards it with its lock. Not thread-safe.
 */
final class ShowState {
  final double fps;
  final LongSupplier clock;
  final TempoClock tempo;
  DoubleSupplier measuredFps = () -> 0;

  Playback current;
  @Nullable Playback fading;
  ViewSpec fadingView = ViewSpec.DEFAULT;
  PostSpec fadingPost = PostSpec.NONE;
  boolean frameFade;
  long fadeStartNanos;
  long fadeNanos;
  ControlSmoother<ShowState> smoother;
  double smoothingSeconds;
  double crossfadeSeconds;
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
  @Nullable Glide glide;
  int pendingKeyframe = -1;
  /** The beat position at which the pending keyframe jump lands. */
  double pendingKeyframeBeat;
  @Nullable Latent lastLatent;
  /** The amount of each latent direction, by name, as {@code /zoomorph/direction/NAME} set it. */
  final Map<String, Double> directionAmounts = new HashMap<>();
  long lastFrameNanos = Long.MIN_VALUE;
  double lastBeat;

  /** A glide of the picture from {@code from} to wherever the show is, eased over {@code nanos}. */
  record Glide(Latent from, long startNanos, long nanos) {}

  ShowState(Playback playback, double fps, LongSupplier clock) {
    Preset preset = playback.preset;
    this.fps = fps;
    this.clock = clock;
    this.current = playback;
    this.tempoSpec = preset.tempo();
    this.tempo = new TempoClock(clock, preset.tempo().bpm(), preset.tempo().beatsPerBar());
    this.smoothingSeconds = preset.smoothingSeconds();
    this.crossfadeSeconds = preset.crossfadeSeconds();
    this.smoother = new ControlSmoother<>(seconds(smoothingSeconds));
    this.view = preset.view();
    this.post = preset.post();
    this.offset = Latent.zeros(current.latentSize());
  }

  int latentSize() {
    return current.latentSize();
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

  /** Advances to {@code now} and describes the frame that starts then. */
  Scene frameAt(long now) {
    long elapsed = lastFrameNanos == Long.MIN_VALUE ? 0 : Math.max(0, now - lastFrameNanos);
    lastFrameNanos = now;
    smoother.advance(this, Duration.ofNanos(elapsed));
    double beat = tempo.position();
    if (pendingKeyframe >= 0 && beat >= pendingKeyframeBeat - 1e-9) {
      jumpTo(pendingKeyframe, now);
      pendingKeyframe = -1;
    }
    double beats = beat >= lastBeat ? beat - lastBeat : beat; // the clock was restarted from outside
    lastBeat = beat;
    if (!held) {
      current.advance(framesFor(current, elapsed, beats) * speed);
      if (fading != null) {
        fading.advance(framesFor(fading, elapsed, beats) * speed);
      }
    }
    Latent target = direct != null ? direct : current.latent().add(offset);
    Latent latent = target;
    if (glide != null) {
      double u = (double) (now - glide.startNanos) / glide.nanos;
      if (u >= 1) {
        glide = null;
      } else {
        latent = glide.from.lerp(target, ease(u));
      }
    }
    lastLatent = latent;
    Scene.Layer fadingLayer = null;
    double fadingWeight = 0;
    if (fading != null) {
      double u = fadeNanos == 0 ? 1 : (double) (now - fadeStartNanos) / fadeNanos;
      if (u >= 1) {
        fading = null;
      } else if (frameFade) {
        fadingWeight = 1 - ease(u);
        fadingLayer = new Scene.Layer(fading.preset, fading.latent(), fadingView, fadingPost);
      } else {
        latent = fading.latent().lerp(latent, ease(u));
      }
    }
    return new Scene(new Scene.Layer(current.preset, latent.add(directionOffset()), view, post), fadingLayer,
        fadingWeight);
  }

  /**
   * Σ amount × direction over the playing preset's latent directions: what the picture's latent gets added on top of
   * the trajectory, the offset, a hold and a glide (so holding or gliding never bakes a direction in).
   */
  Latent directionOffset() {
    Latent sum = Latent.zeros(latentSize());
    for (Map.Entry<String, DirectionSpec> e : current.preset.directions().entrySet()) {
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

  void setHold(boolean on) {
    if (on == held) {
      return;
    }
    held = on;
    if (on) {
      direct = lastLatent != null ? lastLatent : current.latent().add(offset);
      glide = null; // the held picture is where a glide had got to
    } else {
      direct = null;
      startGlide(now());
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

  /**
   * MIDI Start: the tempo runs from beat 0 now and a beat-locked morph starts again from keyframe 0 (gliding there
   * unless held), so its keyframes land on the bars again. A pending keyframe jump is dropped.
   */
  void restart() {
    tempo.start();
    lastBeat = 0;
    pendingKeyframe = -1;
    if (isBeatLocked(current)) {
      if (direct == null) {
        startGlide(now());
      }
      current.restartAt(0);
    }
  }

  /**
   * Switches to {@code next}, crossfading: latents blend for the same model, frames for another. A switch starts the
   * new preset playing: a hold, a glide or a pending keyframe belonged to the old one.
   */
  void switchTo(Playback playback) {
    Preset next = playback.preset;
    long now = now();
    boolean sameModel = next.model().equals(current.preset.model());
    fading = current;
    fadingView = view;
    fadingPost = post;
    frameFade = !sameModel;
    fadeStartNanos = now;
    // The preset says how it is entered, unless the crossfade was set live.
    if (!crossfadeSetLive) {
      crossfadeSeconds = next.crossfadeSeconds();
    }
    fadeNanos = Math.round(crossfadeSeconds * 1e9);
    current = playback;
    tempoSpec = next.tempo();
    view = next.view();
    post = next.post();
    if (offset.size() != playback.latentSize()) {
      offset = Latent.zeros(playback.latentSize());
    }
    held = false;
    direct = null;
    glide = null;
    pendingKeyframe = -1;
    if (!sameModel) {
      lastLatent = null;
    }
    smoother = new ControlSmoother<>(smoother.time());
    if (!smoothingSetLive) {
      setSmoothing(next.smoothingSeconds());
    }
  }

  /** Goes to keyframe {@code k} (gliding from the picture of the last frame); while held, holds it. */
  private void jumpTo(int k, long now) {
    if (k >= current.keyframes.size()) {
      return; // asked of the previous preset
    }
    startGlide(now);
    if (direct != null) {
      direct = current.keyframes.get(k);
    } else {
      current.restartAt(k);
    }
  }

  /** Glides take one beat at the current tempo: musical for quantized jumps, quick enough for free ones. */
  private void startGlide(long now) {
    if (lastLatent != null) {
      glide = new Glide(lastLatent, now, Math.round(60e9 / tempo.bpm()));
    }
  }

  /**
   * Frames {@code playback}'s trajectory moves in {@code elapsed} nanoseconds at speed 1: the clock's time, or for
   * a beat-locked morph, {@code beatsPerKeyframe} beats per segment.
   */
  private double framesFor(Playback playback, long elapsed, double beats) {
    if (isBeatLocked(playback)) {
      return beats / playback.preset.tempo().beatsPerKeyframe() * playback.framesPerSegment;
    }
    double frames = elapsed * fps / 1e9;
    // A frame-exact clock's ticks are whole nanoseconds, so a frame comes out a rounding error off 1: snap it, so
    // that frame k is trajectory position k exactly (keyframes and loop ends land bit-exactly). Live ticks are
    // never within 1e-6 of a frame boundary by more than tens of nanoseconds, which this cannot change visibly.
    double whole = Math.rint(frames);
    return Math.abs(frames - whole) < 1e-6 ? whole : frames;
  }

  /** A morph whose keyframes come every {@code beatsPerKeyframe} beats. */
  private static boolean isBeatLocked(Playback playback) {
    return playback.preset.tempo().beatsPerKeyframe() > 0 && playback.framesPerSegment > 0;
  }

  private static double ease(double u) {
    return (1 - Math.cos(Math.PI * u)) / 2;
  }

  static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private long now() {
    return clock.getAsLong();
  }
}
