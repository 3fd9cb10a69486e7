package dev.zoomorph.engine.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooths changes to a state as their controls' {@link Smoothing} rules say: one {@link Smoother} per address and
 * argument, advanced once per frame. The first value an address gets is written at once; later ones set targets
 * that {@link #advance} moves towards, writing each frame's value until it lands exactly on its target. Not
 * thread-safe: used under the show's lock.
 */
public final class ControlSmoother<S> {
  private final Map<String, Moving<S>> addresses = new LinkedHashMap<>();
  private Duration time;

  private static final class Moving<S> {
    ControlChange<S> change;
    final Smoother[] args;
    boolean moving;

    Moving(ControlChange<S> change, Smoother[] args) {
      this.change = change;
      this.args = args;
    }
  }

  /** Smoothing with time constant {@code time} (see {@link Smoother}); zero lands values in the next frame. */
  public ControlSmoother(Duration time) {
    this.time = Smoother.checkTime(time);
  }

  /** Changes the smoothing time of every address, including those moving now. */
  public void setTime(Duration newTime) {
    time = Smoother.checkTime(newTime);
    addresses.values().forEach(m -> Arrays.stream(m.args).forEach(s -> s.setTime(newTime)));
  }

  public Duration time() {
    return time;
  }

  /** Writes {@code change} into {@code state} now, or sets the targets {@link #advance} moves towards. */
  public void accept(S state, ControlChange<S> change) {
    Smoothing rule = change.control().smoothing();
    if (rule == Smoothing.NONE || change.values().isEmpty()
        || !change.values().stream().allMatch(value -> value instanceof Number)) {
      change.control().write(state, change);
      return;
    }
    Moving<S> moving = addresses.get(change.address());
    if (rule == Smoothing.SWITCH && (change.number(0) == 0 || moving == null)) {
      // Off and on are switches, not glides: 0 turns off at once however far a glide had got, and a value sent
      // while off starts at that value; only moves while on glide.
      addresses.remove(change.address());
      change.control().write(state, change);
      if (change.number(0) != 0) {
        start(change, rule);
      }
      return;
    }
    int n = change.values().size();
    if (moving == null || moving.args.length != n) {
      start(change, rule);
      change.control().write(state, change);
      return;
    }
    for (int i = 0; i < n; i++) {
      moving.args[i].setTarget(toSmoothed(rule, change.number(i)));
    }
    moving.change = change;
    moving.moving = true;
  }

  /** Advances every moving address by one frame of length {@code dt}, writing its value into {@code state}. */
  public void advance(S state, Duration dt) {
    for (Moving<S> moving : new ArrayList<>(addresses.values())) {
      if (!moving.moving) {
        continue;
      }
      Smoothing rule = moving.change.control().smoothing();
      List<Object> values = new ArrayList<>(moving.args.length);
      boolean settled = true;
      for (int i = 0; i < moving.args.length; i++) {
        Smoother smoother = moving.args[i];
        double value = smoother.advance(dt);
        double target = smoother.target();
        if (Math.abs(value - target) <= 1e-6 * Math.max(1, Math.abs(target))) {
          value = target;
        } else {
          settled = false;
        }
        // The target's own value when settled, so a glide ends bit-exactly where it was sent.
        values.add(settled && value == target ? moving.change.values().get(i) : fromSmoothed(rule, value));
      }
      if (settled) {
        moving.moving = false;
        values = moving.change.values();
      }
      ControlChange<S> step = moving.change.withValues(values);
      step.control().write(state, step);
    }
  }

  /**
   * Writes into {@code state} the value each moving address is gliding to, as if every glide had landed, and moves
   * nothing here: how a show is saved as it was asked to play, into a state other than the one frames are made from.
   */
  public void writeTargets(S state) {
    for (Moving<S> moving : addresses.values()) {
      if (moving.moving) {
        moving.change.control().write(state, moving.change);
      }
    }
  }

  private void start(ControlChange<S> change, Smoothing rule) {
    Smoother[] args = new Smoother[change.values().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = new Smoother(time);
      args[i].setTarget(toSmoothed(rule, change.number(i)));
    }
    addresses.put(change.address(), new Moving<>(change, args));
  }

  private static double toSmoothed(Smoothing rule, double value) {
    return rule == Smoothing.LOGARITHMIC ? Math.log(value) : value;
  }

  private static double fromSmoothed(Smoothing rule, double value) {
    return rule == Smoothing.LOGARITHMIC ? Math.exp(value) : value;
  }
}
