package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.show.Moment.Fade;
import dev.zoomorph.engine.show.Moment.Move;
import dev.zoomorph.engine.trajectory.Trajectory;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The operators a live show's frames are made with, each doing one thing, for {@link Flux#transform}. A
 * {@link LiveShow} composes them in this order:
 *
 * <pre>{@code
 * show.cues(ticks)                             // the controls as each frame starts
 *     .transform(ShowOperators.steps())        // clock time and beats since the previous frame
 *     .transform(ShowOperators.speed())        // times the speed
 *     .transform(ShowOperators.hold())         // no time passes while held
 *     .transform(ShowOperators.play())         // trajectories move (beat-locked morphs by beats); jumps, switches
 *     .transform(ShowOperators.offset())       // plus the latent offset
 *     .transform(ShowOperators.direct())       // while held, the held latent
 *     .transform(ShowOperators.glide())        // jumps glide over a beat
 *     .transform(ShowOperators.directions())   // plus the latent directions, on top of it all
 *     .transform(ShowOperators.crossfade())    // a switch blends latents, or frames of another model
 * }</pre>
 *
 * <p>A program can compose its own show from them, leaving one out or putting its own between two. Each call of a
 * factory makes a new operator; the stateful ones ({@link #steps}, {@link #hold}, {@link #play}, {@link #direct},
 * {@link #glide}) keep their state across the fluxes they are applied to, so a show whose render loop is restarted
 * goes on where it stopped. Apply an operator to one flux at a time: it is stepped by one thread, frame after frame.
 */
public final class ShowOperators {
  private ShowOperators() {}

  /** The clock time and beats since the previous frame (none for the first), at rate 1. */
  public static Function<Flux<Cue>, Flux<Step>> steps() {
    return new Steps();
  }

  /** The step times its cue's speed. */
  public static Function<Flux<Step>, Flux<Step>> speed() {
    return steps -> steps.map(step -> step.scaled(step.cue().speed()));
  }

  /** No time passes while the cue is held. */
  public static Function<Flux<Step>, Flux<Step>> hold() {
    return steps -> steps.map(step -> step.cue().held() ? step.scaled(0) : step);
  }

  /**
   * Plays each step's program: the trajectory moves by the step's time (a beat-locked morph by its beats), a due
   * keyframe jump or a restart starts it again from that keyframe (not while held), and a switch starts the next
   * program while the one it leaves plays on until its crossfade is over.
   */
  public static Function<Flux<Step>, Flux<Moment>> play() {
    return new Play();
  }

  /** Adds the cue's latent offset, while not held. */
  public static Function<Flux<Moment>, Flux<Moment>> offset() {
    return moments -> moments.map(m -> m.cue().held() ? m : m.withLatent(m.latent().add(m.cue().offset())));
  }

  /**
   * While held, the latent is the cue's direct one: holding settles where the picture is, letting go and a keyframe
   * jump while held are jumps.
   */
  public static Function<Flux<Moment>, Flux<Moment>> direct() {
    return new Direct();
  }

  /**
   * Glides over one beat, eased, from the picture to a latent that jumped; a settled latent ends a glide. Glides
   * between latents of one size only (a switch to another model has nothing to glide from).
   */
  public static Function<Flux<Moment>, Flux<Moment>> glide() {
    return new Glide();
  }

  /**
   * Adds the cue's latent directions (Σ amount × direction), after a hold and a glide so that neither bakes a
   * direction into the picture.
   */
  public static Function<Flux<Moment>, Flux<Moment>> directions() {
    return moments -> moments.map(m -> m.withLatent(m.latent().add(m.cue().directions())));
  }

  /**
   * The frame's scene: the cue's view and post-processing on the latent, and during a switch the crossfade, eased:
   * the latents blend for the same model, the frames for another (the left preset as a fading layer).
   */
  public static Function<Flux<Moment>, Flux<Scene>> crossfade() {
    return moments -> moments.map(ShowOperators::scene);
  }

  /** The easing of glides and crossfades: slow at both ends. */
  static double ease(double u) {
    return (1 - Math.cos(Math.PI * u)) / 2;
  }

  private static Scene scene(Moment moment) {
    Cue cue = moment.cue();
    Fade fade = moment.fade();
    Latent latent = moment.latent();
    if (fade == null) {
      return new Scene(new Scene.Layer(cue.program().preset(), latent, cue.view(), cue.post()), null, 0);
    }
    double w = ease(fade.progress());
    if (!fade.blendsFrames()) {
      return new Scene(new Scene.Layer(cue.program().preset(), fade.latent().lerp(latent, w), cue.view(), cue.post()),
          null, 0);
    }
    return new Scene(new Scene.Layer(cue.program().preset(), latent, cue.view(), cue.post()),
        new Scene.Layer(fade.program().preset(), fade.latent(), fade.view(), fade.post()), 1 - w);
  }

  /** An operator that steps its own state once per frame. */
  private abstract static class Stateful<A, B> implements Function<Flux<A>, Flux<B>> {
    @Override
    public final Flux<B> apply(Flux<A> frames) {
      return frames.map(this::step);
    }

    abstract B step(A frame);
  }

  private static final class Steps extends Stateful<Cue, Step> {
    private long lastNanos = Long.MIN_VALUE;
    private double lastBeat;

    @Override
    Step step(Cue cue) {
      long now = cue.tick().nanos();
      long nanos = lastNanos == Long.MIN_VALUE ? 0 : Math.max(0, now - lastNanos);
      lastNanos = now;
      if (cue.events().stream().anyMatch(e -> e instanceof Cue.Restart)) {
        lastBeat = 0;
      }
      // A small step back is a phase correction (a tap, a beat tracker): the morph follows it. A large one is the
      // clock started again from outside the show.
      double beats = cue.beat() >= lastBeat - 1 ? cue.beat() - lastBeat : cue.beat();
      lastBeat = cue.beat();
      return new Step(cue, nanos, beats, 1);
    }
  }

  /** One program's trajectory being played. */
  private static final class Playing {
    final Program program;
    private Trajectory.Run run;
    private double position;

    Playing(Program program) {
      this.program = program;
      this.run = program.runFrom(0);
    }

    void advance(Step step) {
      double frames = program.framesFor(step.nanos(), step.beats()) * step.rate();
      run.advance(frames);
      position += frames;
    }

    void restartAt(int k) {
      run = program.runFrom(k);
      position = program.positionOf(k);
    }

    Latent latent() {
      return run.latent();
    }

    int keyframe() {
      return program.keyframeAt(position);
    }
  }

  private static final class Play extends Stateful<Step, Moment> {
    private @Nullable Playing current;
    private @Nullable Cue previous;
    private @Nullable Playing fading;
    private @Nullable Cue fadingCue;
    private long fadeStartNanos;
    private long fadeNanos;
    private boolean blendsFrames;

    @Override
    Moment step(Step step) {
      Cue cue = step.cue();
      long now = cue.tick().nanos();
      Move move = Move.CONTINUE;
      for (Cue.Event event : cue.events()) {
        if (event instanceof Cue.Switch s && current != null) {
          fading = current;
          fadingCue = previous;
          fadeStartNanos = now;
          fadeNanos = Math.round(s.crossfadeSeconds() * 1e9);
          blendsFrames = !s.program().preset().model().equals(current.program.preset().model());
          current = new Playing(s.program());
          move = Move.SETTLE;
        } else if (event instanceof Cue.Jump jump && !cue.held()) {
          playing(cue).restartAt(jump.keyframe());
          move = Move.JUMP;
        } else if (event instanceof Cue.Restart && playing(cue).program.isBeatLocked()) {
          playing(cue).restartAt(0);
          if (!cue.held()) {
            move = Move.JUMP;
          }
        }
      }
      Playing playing = playing(cue);
      playing.advance(step);
      Fade fade = null;
      if (fading != null && fadingCue != null) {
        fading.advance(step);
        double progress = fadeNanos == 0 ? 1 : (double) (now - fadeStartNanos) / fadeNanos;
        if (progress >= 1) {
          fading = null;
          fadingCue = null;
        } else {
          fade = new Fade(fading.program, fading.latent(), fadingCue.view(), fadingCue.post(), progress,
              blendsFrames);
        }
      }
      previous = cue;
      return new Moment(cue, playing.latent(), move, playing.keyframe(), fade);
    }

    /** The playing program: the cue's, which the first cue starts (later ones switch to theirs by events). */
    private Playing playing(Cue cue) {
      if (current == null) {
        current = new Playing(cue.program());
      }
      return current;
    }
  }

  private static final class Direct extends Stateful<Moment, Moment> {
    private boolean held;

    @Override
    Moment step(Moment moment) {
      Cue cue = moment.cue();
      boolean wasHeld = held;
      held = cue.held();
      if (!held) {
        return wasHeld ? moment.with(moment.latent(), Move.JUMP) : moment;
      }
      Latent direct = Objects.requireNonNull(cue.direct());
      if (cue.events().stream().anyMatch(e -> e instanceof Cue.Jump)) {
        return moment.with(direct, Move.JUMP);
      }
      return moment.with(direct, wasHeld ? moment.move() : Move.SETTLE);
    }
  }

  private static final class Glide extends Stateful<Moment, Moment> {
    private @Nullable Latent last;
    private @Nullable Latent from;
    private long startNanos;
    private long nanos;

    @Override
    Moment step(Moment moment) {
      long now = moment.cue().tick().nanos();
      Latent target = moment.latent();
      if (moment.move() == Move.SETTLE) {
        from = null;
      } else if (moment.move() == Move.JUMP && last != null && last.size() == target.size()) {
        from = last;
        startNanos = now;
        nanos = Math.round(60e9 / moment.cue().bpm());
      }
      Latent latent = target;
      if (from != null) {
        double u = (double) (now - startNanos) / nanos;
        if (u >= 1) {
          from = null;
        } else {
          latent = from.lerp(target, ease(u));
        }
      }
      last = latent;
      return moment.withLatent(latent);
    }
  }
}
