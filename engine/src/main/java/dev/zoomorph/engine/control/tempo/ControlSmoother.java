package dev.zoomorph.engine.control.tempo;

import dev.zoomorph.engine.control.ControlMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Smooths the continuous control addresses of a stream of {@link ControlMessage}s, one {@link Smoother} per
 * address and argument, advanced once per frame.
 *
 * <p>Continuous addresses ({@code /zoomorph/latent}, {@code /zoomorph/latent/{i}}, {@code /zoomorph/speed},
 * {@code /zoomorph/zoom}, {@code /zoomorph/center}, {@code /zoomorph/crossfade}, {@code /zoomorph/post/{name}})
 * with numeric arguments are held back by {@link #accept} and come out of {@link #advance} each frame while they
 * move, the last time exactly at their target; everything else (keyframe, preset, hold, bpm, tap, …) passes
 * through {@link #accept} at once. Thread-safe: inputs call {@code accept}, the render loop {@code advance}.
 */
public final class ControlSmoother {
  private static final Pattern CONTINUOUS =
      Pattern.compile("/zoomorph/(latent(/\\d+)?|speed|zoom|center|crossfade|post/[^/]+)");

  private final Map<String, Smoother[]> smoothers = new LinkedHashMap<>();
  private final Map<String, Boolean> moving = new LinkedHashMap<>();
  private Duration time;

  /** Smoothing with time constant {@code time} (see {@link Smoother}); zero passes values through per frame. */
  public ControlSmoother(Duration time) {
    this.time = Smoother.checkTime(time);
  }

  /** Changes the smoothing time of every parameter, including those already moving. */
  public synchronized void setTime(Duration time) {
    this.time = Smoother.checkTime(time);
    smoothers.values().forEach(args -> Arrays.stream(args).forEach(s -> s.setTime(time)));
  }

  /** The smoothing time. */
  public synchronized Duration time() {
    return time;
  }

  /**
   * Takes a message: returns it for applying now if it is not smoothed; otherwise returns nothing and sets the
   * targets that {@link #advance} moves towards.
   */
  public synchronized List<ControlMessage> accept(ControlMessage message) {
    if (!CONTINUOUS.matcher(message.address()).matches() || message.args().isEmpty()
        || !message.args().stream().allMatch(arg -> arg instanceof Number)) {
      return List.of(message);
    }
    int n = message.args().size();
    Smoother[] args = smoothers.get(message.address());
    if (args == null || args.length != n) {
      args = new Smoother[n];
      for (int i = 0; i < n; i++) {
        args[i] = new Smoother(time);
      }
      smoothers.put(message.address(), args);
    }
    for (int i = 0; i < n; i++) {
      args[i].setTarget(message.number(i));
    }
    moving.put(message.address(), true);
    return List.of();
  }

  /**
   * Forgets {@code address}: it stops moving, and its next value is taken at once, as a first value is (for a
   * control whose off and on are switches rather than glides).
   */
  public synchronized void forget(String address) {
    smoothers.remove(address);
    moving.remove(address);
  }

  /** Advances every moving parameter by one frame of length {@code dt}; the messages to apply this frame. */
  public synchronized List<ControlMessage> advance(Duration dt) {
    List<ControlMessage> out = new ArrayList<>();
    for (Map.Entry<String, Boolean> entry : moving.entrySet()) {
      if (!entry.getValue()) {
        continue;
      }
      Smoother[] args = smoothers.get(entry.getKey());
      List<Object> values = new ArrayList<>(args.length);
      boolean settled = true;
      for (Smoother smoother : args) {
        double value = smoother.advance(dt);
        double target = smoother.target();
        if (Math.abs(value - target) <= 1e-6 * Math.max(1, Math.abs(target))) {
          value = target;
        } else {
          settled = false;
        }
        values.add(value);
      }
      if (settled) {
        entry.setValue(false);
      }
      out.add(new ControlMessage(entry.getKey(), values));
    }
    return out;
  }
}
