package dev.zoomorph.engine.trajectory;

import dev.zoomorph.engine.latent.Latent;

/** A live latent (an offset) that control threads set while the clock thread reads it. Its size is fixed. */
public final class LatentKnob {
  private final String name;
  private final int size;
  private volatile Latent value;

  /** A knob called {@code name} (used in error messages) holding latents of {@code initial}'s size. */
  public LatentKnob(String name, Latent initial) {
    this.name = name;
    this.size = initial.size();
    this.value = initial;
  }

  public String name() {
    return name;
  }

  public int size() {
    return size;
  }

  public Latent get() {
    return value;
  }

  /**
   * Sets the value, seen by the next frame.
   *
   * @throws IllegalArgumentException if {@code value} has another size; the knob keeps its value
   */
  public void set(Latent value) {
    if (value.size() != size) {
      throw new IllegalArgumentException(
          "latent knob '" + name + "': expected size " + size + ", got " + value.size());
    }
    this.value = value;
  }

  @Override
  public String toString() {
    return "LatentKnob[" + name + "=" + value + "]";
  }
}
