package dev.zoomorph.engine.control.osc;

/** The OSC arguments that carry no data: their type tag is all there is. */
public enum OscMarker {
  /** Type tag {@code N}: nil. */
  NIL('N'),
  /** Type tag {@code I}: "Infinitum" in OSC 1.0, "Impulse" (a bang) in OSC 1.1. */
  IMPULSE('I');

  private final char typeTag;

  OscMarker(char typeTag) {
    this.typeTag = typeTag;
  }

  /** The OSC type tag of this marker. */
  public char typeTag() {
    return typeTag;
  }
}
