package dev.zoomorph.engine.trajectory;

/** A live on/off control (hold) that control threads flip while the clock thread reads it. */
public final class Switch {
  private final String name;
  private volatile boolean on;

  public Switch(String name, boolean initial) {
    this.name = name;
    this.on = initial;
  }

  public String name() {
    return name;
  }

  public boolean isOn() {
    return on;
  }

  /** Sets the state, seen by the next frame. */
  public void set(boolean on) {
    this.on = on;
  }

  @Override
  public String toString() {
    return "Switch[" + name + "=" + on + "]";
  }
}
