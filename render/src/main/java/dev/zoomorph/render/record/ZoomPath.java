package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.View;

/**
 * An exponential zoom about a fixed centre: frame k of n has zoom {@code from · (to/from)^(k/(n−1))}, so the picture
 * grows by the same factor every frame (constant perceived speed) and the first and last frames have exactly
 * {@code fromZoom} and {@code toZoom}. The centre is double precision; generators form coordinates relative to it.
 */
public record ZoomPath(double fromZoom, double toZoom, double centerX, double centerY, double rotationDegrees) {

  public ZoomPath {
    checkZoom(fromZoom, toZoom);
    checkCenter(centerX, centerY);
    checkRotation(rotationDegrees);
  }

  /** Refuses magnifications that are not positive numbers. */
  public static void checkZoom(double fromZoom, double toZoom) {
    requirePositive("zoom FROM", fromZoom);
    requirePositive("zoom TO", toZoom);
  }

  /** Refuses a centre that is not a finite point. */
  public static void checkCenter(double centerX, double centerY) {
    if (!Double.isFinite(centerX) || !Double.isFinite(centerY)) {
      throw new IllegalArgumentException("zoom centre must be finite, was " + centerX + "," + centerY);
    }
  }

  /** Refuses a rotation that is not a finite number of degrees. */
  public static void checkRotation(double rotationDegrees) {
    if (!Double.isFinite(rotationDegrees)) {
      throw new IllegalArgumentException("rotation must be finite, was " + rotationDegrees);
    }
  }

  /** No zoom: the view {@code view} (its size is ignored) held for every frame. */
  public static ZoomPath still(View view) {
    return new ZoomPath(view.zoom(), view.zoom(), view.centerX(), view.centerY(), view.rotationDegrees());
  }

  /** Zoom of frame {@code frame} of {@code frameCount}. */
  public double zoomAt(int frame, int frameCount) {
    if (frameCount < 1 || frame < 0 || frame >= frameCount) {
      throw new IllegalArgumentException("frame " + frame + " is not one of " + frameCount + " frames");
    }
    if (frame == 0) {
      return fromZoom;
    }
    if (frame == frameCount - 1) {
      return toZoom;
    }
    double t = (double) frame / (frameCount - 1);
    return fromZoom * Math.exp(t * Math.log(toZoom / fromZoom));
  }

  /** The {@code width × height} view of frame {@code frame} of {@code frameCount}. */
  public View viewAt(int frame, int frameCount, int width, int height) {
    return new View(width, height, centerX, centerY, zoomAt(frame, frameCount), rotationDegrees);
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, was " + value);
    }
  }
}
