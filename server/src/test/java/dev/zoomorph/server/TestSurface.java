package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlException.Problem;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlParameter.Range;
import dev.zoomorph.engine.control.ControlSurface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, real control surface for tests: typed, ranged parameters that clamp, refuse what does not fit, and
 * count impulses; stands in for the show's own surface. Preset "drift" has two latent dimensions more than "dunes",
 * as switching to a preset with another model would.
 */
final class TestSurface implements ControlSurface {

  static final Set<String> PRESETS = Set.of("dunes", "drift");

  private final Map<String, ControlParameter> parameters = new TreeMap<>();
  final AtomicInteger taps = new AtomicInteger();
  final AtomicInteger applied = new AtomicInteger();

  private final int latentSize;

  TestSurface(int latentSize) {
    this.latentSize = latentSize;
    add("/zoomorph/zoom", "f", List.of(new Range(0.5, 64)), List.of(1.0), true);
    add("/zoomorph/center", "ff", List.of(new Range(-10, 10), new Range(-10, 10)), List.of(0.0, 0.0), true);
    latents(latentSize);
    add("/zoomorph/hold", "T", List.of(Range.NONE), List.of(false), true);
    add("/zoomorph/preset", "s", List.of(Range.NONE), List.of("dunes"), true);
    add("/zoomorph/bpm", "f", List.of(new Range(20, 300)), List.of(120.0), true);
    add("/zoomorph/tap", "", List.of(), List.of(), true);
    add("/zoomorph/fps", "f", List.of(new Range(0, Double.POSITIVE_INFINITY)), List.of(30.0), false);
  }

  /** Keeps the values of the dimensions that stay. */
  private void latents(int size) {
    parameters.keySet().removeIf(address -> address.startsWith("/zoomorph/latent/")
        && Integer.parseInt(address.substring("/zoomorph/latent/".length())) >= size);
    for (int i = 0; i < size; i++) {
      if (!parameters.containsKey("/zoomorph/latent/" + i)) {
        add("/zoomorph/latent/" + i, "f", List.of(new Range(-3, 3)), List.of(0.0), true);
      }
    }
  }

  private void add(String address, String tags, List<Range> ranges, List<Object> value, boolean writable) {
    parameters.put(address, new ControlParameter(address, tags, ranges, value, "test " + address, writable));
  }

  @Override
  public synchronized ControlMessage apply(ControlMessage message) {
    ControlParameter parameter = parameters.get(message.address());
    if (parameter == null) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, message.address(), "no such control address");
    }
    if (!parameter.writable()) {
      throw new ControlException(Problem.READ_ONLY, message.address(), "read-only");
    }
    String tags = parameter.typeTags();
    if (message.args().size() != tags.length()) {
      throw new ControlException(Problem.BAD_ARGUMENTS, message.address(),
          "expected " + tags.length() + " argument(s), got " + message.args().size());
    }
    List<Object> value = new ArrayList<>();
    for (int i = 0; i < tags.length(); i++) {
      switch (tags.charAt(i)) {
        case 'f' -> {
          Range range = parameter.ranges().get(i);
          value.add(Math.max(range.min(), Math.min(range.max(), message.number(i))));
        }
        case 'T' -> value.add(message.number(i) != 0);
        case 's' -> {
          String name = message.string(i);
          if (!PRESETS.contains(name)) {
            throw new ControlException(Problem.NOT_LOADABLE, message.address(), "no preset named '" + name + "'");
          }
          value.add(name);
          latents(name.equals("drift") ? latentSize + 2 : latentSize);
        }
        default -> throw new IllegalStateException("type " + tags.charAt(i));
      }
    }
    if (tags.isEmpty()) {
      taps.incrementAndGet();
    }
    parameters.put(parameter.address(), new ControlParameter(parameter.address(), tags, parameter.ranges(), value,
        parameter.description(), true));
    applied.incrementAndGet();
    return new ControlMessage(message.address(), value);
  }

  @Override
  public synchronized List<ControlParameter> parameters() {
    return List.copyOf(parameters.values());
  }

  synchronized List<Object> value(String address) {
    return parameters.get(address).value();
  }
}
