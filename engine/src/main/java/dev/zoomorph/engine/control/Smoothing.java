package dev.zoomorph.engine.control;

/** How a control's value moves to a new one: the smoothing rule of a {@link Control}. */
public enum Smoothing {
  /** Lands in the next frame. */
  NONE("none"),
  /** Each frame covers {@code 1 − exp(−dt/τ)} of the way to the new value (τ: {@code /zoomorph/smoothing}). */
  LINEAR("linear"),
  /** Like {@link #LINEAR} on the value's logarithm, so a glide from 1 to 1000 moves at a steady visual rate. */
  LOGARITHMIC("logarithmic"),
  /**
   * A switch with a linear glide while on: 0 turns the control off in the next frame (a running glide is dropped),
   * a value sent while off turns it on at that value, and only moves between two values while on glide.
   */
  SWITCH("switch");

  private final String label;

  Smoothing(String label) {
    this.label = label;
  }

  /** The rule's name as docs/control.md writes it. */
  public String label() {
    return label;
  }
}
