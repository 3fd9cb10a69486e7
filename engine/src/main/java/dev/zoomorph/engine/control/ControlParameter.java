package dev.zoomorph.engine.control;

import java.util.List;

/**
 * One address of a {@link ControlSurface}, described as OSCQuery describes a node.
 *
 * @param typeTags OSC type tags of its arguments, e.g. {@code "f"}, {@code "ff"}, {@code "T"} (boolean),
 *     {@code "s"}, {@code "i"}, or {@code ""} for an impulse such as {@code /zoomorph/tap}
 * @param ranges one per argument: the allowed minimum and maximum, or {@link Range#NONE}
 * @param value the current value, one entry per argument ({@link Number}, {@link Boolean} or {@link String});
 *     empty for impulses
 * @param writable false for read-only addresses (e.g. measured fps)
 */
public record ControlParameter(
    String address, String typeTags, List<Range> ranges, List<Object> value, String description, boolean writable) {

  public ControlParameter {
    ranges = List.copyOf(ranges);
    value = List.copyOf(value);
  }

  /** An argument's allowed interval. */
  public record Range(double min, double max) {
    /** No limits (strings, booleans). */
    public static final Range NONE = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }
}
