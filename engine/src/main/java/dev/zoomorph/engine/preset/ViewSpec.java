package dev.zoomorph.engine.preset;

import dev.zoomorph.engine.generator.View;

/** Where a preset looks in the generator's plane; the frame size comes from the output (CLI, recorder). */
public record ViewSpec(double centerX, double centerY, double zoom, double rotationDegrees) {

  public static final ViewSpec DEFAULT = new ViewSpec(0, 0, 1, 0);

  public ViewSpec {
    new View(1, 1, centerX, centerY, zoom, rotationDegrees); // validates, with messages naming the value
  }

  public View at(int width, int height) {
    return new View(width, height, centerX, centerY, zoom, rotationDegrees);
  }
}
