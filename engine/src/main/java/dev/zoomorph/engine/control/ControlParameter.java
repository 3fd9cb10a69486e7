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
 * @param smoothing how the value moves to a new one, e.g. {@link Smoothing#LOGARITHMIC} for zoom (a control page
 *     then offers a logarithmic slider)
 */
public record ControlParameter(String address, String typeTags, List<Range> ranges, List<Object> value,
    String description, boolean writable, Smoothing smoothing) {

  public ControlParameter {
    ranges = List.copyOf(ranges);
    value = List.copyOf(value);
  }

  /** A parameter whose value lands at once ({@link Smoothing#NONE}). */
  public ControlParameter(String address, String typeTags, List<Range> ranges, List<Object> value,
      String description, boolean writable) {
    this(address, typeTags, ranges, value, description, writable, Smoothing.NONE);
  }

  /**
   * An argument's allowed interval and, for strings, the names it takes (OSCQuery's {@code VALS}): all of them for
   * a choice such as a palette, the known ones where others are accepted too (bundled preset names).
   */
  public record Range(double min, double max, List<String> values) {
    /** No limits (strings, booleans). */
    public static final Range NONE = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Range {
      values = List.copyOf(values);
    }

    /** A numeric interval. */
    public Range(double min, double max) {
      this(min, max, List.of());
    }

    /** No limits, and these names. */
    public static Range of(List<String> values) {
      return new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, values);
    }
  }
}
