package dev.zoomorph.engine.generator;

/**
 * What part of the generator's plane a frame shows, and at what pixel size.
 *
 * <p>Pixel (i, j), with column i from the left and row j from the top, maps to the plane point
 * {@code centre + R(rotation) · (u, v) / zoom}, where {@code u = (2i + 1 − width) / s}, {@code v = (2j + 1 − height) / s}
 * and {@code s = min(width, height)}: the shorter side spans [−1, 1] at zoom 1, aspect is preserved and y grows
 * downwards like image rows. {@code R} rotates counter-clockwise on screen by {@code rotationDegrees}.
 * The centre is double precision so deep zooms stay stable.
 */
public record View(int width, int height, double centerX, double centerY, double zoom, double rotationDegrees) {

  /** The largest side a frame may have. */
  public static final int MAX_SIDE = 16384;

  public View {
    if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "frame size must be between 1 and " + MAX_SIDE + " on each side, was " + width + "x" + height);
    }
    if (!(zoom > 0) || !Double.isFinite(zoom)) {
      throw new IllegalArgumentException("zoom must be a positive finite number, was " + zoom);
    }
    if (!Double.isFinite(centerX) || !Double.isFinite(centerY) || !Double.isFinite(rotationDegrees)) {
      throw new IllegalArgumentException(
          "centre and rotation must be finite, were " + centerX + "," + centerY + " and " + rotationDegrees);
    }
  }

  /** The whole plane square [−1, 1]² (or its aspect-preserving widening) at this size. */
  public static View of(int width, int height) {
    return new View(width, height, 0, 0, 1, 0);
  }

  public View withSize(int newWidth, int newHeight) {
    return new View(newWidth, newHeight, centerX, centerY, zoom, rotationDegrees);
  }

  public View withZoom(double newZoom) {
    return new View(width, height, centerX, centerY, newZoom, rotationDegrees);
  }

  public View withCenter(double x, double y) {
    return new View(width, height, x, y, zoom, rotationDegrees);
  }

  public View withRotation(double degrees) {
    return new View(width, height, centerX, centerY, zoom, degrees);
  }

  /**
   * The view of the {@code w × h} pixels whose top-left pixel is (x, y): every pixel of the region maps to the same
   * plane point as the pixel it covers here. Used to render a large frame in tiles; the region's centre stays in
   * double precision, so tiles of a deep zoom line up.
   */
  public View region(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x > width - w || y > height - h) {
      throw new IllegalArgumentException("region " + w + "x" + h + " at " + x + "," + y
          + " does not lie inside a " + width + "x" + height + " view");
    }
    double ci = x + (w - 1) / 2.0;
    double cj = y + (h - 1) / 2.0;
    double regionZoom = zoom * Math.min(width, height) / Math.min(w, h); // same plane distance per pixel
    return new View(w, h, planeX(ci, cj), planeY(ci, cj), regionZoom, rotationDegrees);
  }

  /**
   * This view with the plane moved about the point (anchorX, anchorY): magnified {@code zoomBy} times and turned
   * {@code degrees} about it, and the anchor shifted by (dx, dy). Every pixel moves as the anchor's pixel does, so a
   * region of a view, moved, is that region of the moved view: the tiles of a moved frame line up. No move at all
   * gives this view exactly.
   */
  public View movedAbout(double anchorX, double anchorY, double zoomBy, double degrees, double dx, double dy) {
    if (zoomBy == 1 && degrees == 0 && dx == 0 && dy == 0) {
      return this;
    }
    double a = Math.toRadians(degrees);
    double ox = (centerX - anchorX) / zoomBy;
    double oy = (centerY - anchorY) / zoomBy;
    return new View(width, height, anchorX + dx + Math.cos(a) * ox - Math.sin(a) * oy,
        anchorY + dy + Math.sin(a) * ox + Math.cos(a) * oy, zoom * zoomBy, rotationDegrees + degrees);
  }

  /** Plane x of the centre of pixel (i, j). */
  public double planeX(double i, double j) {
    double s = Math.min(width, height);
    double u = (2 * i + 1 - width) / s;
    double v = (2 * j + 1 - height) / s;
    double a = Math.toRadians(rotationDegrees);
    return centerX + (Math.cos(a) * u - Math.sin(a) * v) / zoom;
  }

  /** Plane y of the centre of pixel (i, j). */
  public double planeY(double i, double j) {
    double s = Math.min(width, height);
    double u = (2 * i + 1 - width) / s;
    double v = (2 * j + 1 - height) / s;
    double a = Math.toRadians(rotationDegrees);
    return centerY + (Math.sin(a) * u + Math.cos(a) * v) / zoom;
  }
}
