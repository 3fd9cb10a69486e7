package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;

/**
 * Shows a fixed-size generator (a DCGAN) through any {@link View}, as the show draws it: its native image covers the
 * plane the way a {@code View.of(nativeWidth, nativeHeight)} frame does, and each output pixel samples it bilinearly
 * at its plane point (edge pixels continue outside). So a frame of another shape shows the picture undistorted, its
 * shorter side spanning the picture, and zoom, centre, rotation and tiles mean the same as for a CPPN. Runs on the CPU
 * (the CPU backend's, and {@code sample}'s; 54 ms for a 1920x1080 frame here); the GL backend does the same sums in
 * resample.frag (render's {@code ResamplePass}).
 */
public final class ResampledGenerator implements Generator {
  private final Generator source;
  private final int nativeWidth;
  private final int nativeHeight;

  /**
   * Where a view's pixels fall in the native picture: pixel (i, j) samples the native coordinates
   * (u0 + dudi·i + dudj·j, v0 + dvdi·i + dvdj·j), in native pixels, 0 at the first pixel's centre.
   */
  public record NativeCoordinates(double u0, double v0, double dudi, double dudj, double dvdi, double dvdj) {
    public static NativeCoordinates of(View view, int nativeWidth, int nativeHeight) {
      // Plane point of pixel (i, j) is affine in (i, j); native pixel coordinate = (plane · s0 + n0 − 1) / 2.
      double s0 = Math.min(nativeWidth, nativeHeight);
      double x0 = view.planeX(0, 0);
      double y0 = view.planeY(0, 0);
      return new NativeCoordinates((x0 * s0 + nativeWidth - 1) / 2, (y0 * s0 + nativeHeight - 1) / 2,
          (view.planeX(1, 0) - x0) * s0 / 2, (view.planeX(0, 1) - x0) * s0 / 2,
          (view.planeY(1, 0) - y0) * s0 / 2, (view.planeY(0, 1) - y0) * s0 / 2);
    }
  }

  /** {@code source}, which draws nativeWidth × nativeHeight pictures whatever the view, shown through any view. */
  public ResampledGenerator(Generator source, int nativeWidth, int nativeHeight) {
    this.source = source;
    this.nativeWidth = nativeWidth;
    this.nativeHeight = nativeHeight;
  }

  @Override
  public int latentSize() {
    return source.latentSize();
  }

  @Override
  public int channels() {
    return source.channels();
  }

  @Override
  public Frame render(Latent latent, View view) {
    Frame image = source.render(latent, View.of(nativeWidth, nativeHeight));
    int channels = image.channels();
    byte[] out = new byte[view.width() * view.height() * channels];
    NativeCoordinates at = NativeCoordinates.of(view, nativeWidth, nativeHeight);
    int index = 0;
    for (int j = 0; j < view.height(); j++) {
      for (int i = 0; i < view.width(); i++) {
        double u = at.u0() + i * at.dudi() + j * at.dudj();
        double v = at.v0() + i * at.dvdi() + j * at.dvdj();
        for (int c = 0; c < channels; c++) {
          out[index++] = (byte) Math.round(bilinear(image, u, v, c));
        }
      }
    }
    return new Frame(view.width(), view.height(), channels, out);
  }

  private static double bilinear(Frame image, double u, double v, int c) {
    double cu = Math.max(0, Math.min(image.width() - 1, u));
    double cv = Math.max(0, Math.min(image.height() - 1, v));
    int u0 = (int) cu;
    int v0 = (int) cv;
    int u1 = Math.min(u0 + 1, image.width() - 1);
    int v1 = Math.min(v0 + 1, image.height() - 1);
    double fu = cu - u0;
    double fv = cv - v0;
    double top = image.sample(u0, v0, c) * (1 - fu) + image.sample(u1, v0, c) * fu;
    double bottom = image.sample(u0, v1, c) * (1 - fu) + image.sample(u1, v1, c) * fu;
    return top * (1 - fv) + bottom * fv;
  }

  @Override
  public void close() {
    source.close();
  }
}
