package dev.zoomorph.engine.trajectory;

/**
 * A live number (speed, blend weight) that control threads set while the clock thread reads it. Values outside the
 * knob's range are refused with an error and the knob keeps its value, so a bad control message cannot stop a show.
 */
public final class Knob {
  private final String name;
  private final double min;
  private final double max;
  private volatile double value;

  /**
   * A knob called {@code name} (used in error messages) that accepts values in {@code [min, max]}.
   *
   * @throws IllegalArgumentException if the range is not finite or empty, or {@code initial} lies outside it
   */
  public Knob(String name, double initial, double min, double max) {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException("knob '" + name + "': bad range [" + min + ", " + max + "]");
    }
    this.name = name;
    this.min = min;
    this.max = max;
    set(initial);
  }

  public String name() {
    return name;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double get() {
    return value;
  }

  /**
   * Sets the value, seen by the next frame.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or outside {@code [min, max]}; the knob keeps its value
   */
  public void set(double value) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          "knob '" + name + "': " + value + " is outside [" + min + ", " + max + "]");
    }
    this.value = value;
  }

  @Override
  public String toString() {
    return "Knob[" + name + "=" + value + " in [" + min + ", " + max + "]]";
  }
}
