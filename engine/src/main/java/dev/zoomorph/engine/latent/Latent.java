package dev.zoomorph.engine.latent;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * An immutable latent vector. Every component is finite: NaN and infinities are rejected where they would enter,
 * so a bad control value can never poison the generator.
 */
public final class Latent {
  /** Default latent size, as in Ha's CPPN-VAE-GAN. */
  public static final int DEFAULT_SIZE = 32;

  private final float[] values;

  private Latent(float[] values) {
    this.values = values;
  }

  /** A latent with these components (copied). */
  public static Latent of(float... values) {
    if (Objects.requireNonNull(values, "values").length == 0) {
      throw new IllegalArgumentException("a latent needs at least one dimension");
    }
    float[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      requireFinite(copy[i], i);
    }
    return new Latent(copy);
  }

  /** The zero vector of this size. */
  public static Latent zeros(int size) {
    requirePositiveSize(size);
    return new Latent(new float[size]);
  }

  /** A sample of N(0, I) drawn from {@code random}. */
  public static Latent gaussian(int size, SplittableRandom random) {
    requirePositiveSize(size);
    Objects.requireNonNull(random, "random");
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) nextGaussian(random);
    }
    return new Latent(v);
  }

  /** A sample of N(0, I) determined by {@code seed}. */
  public static Latent gaussian(int size, long seed) {
    return gaussian(size, new SplittableRandom(seed));
  }

  public int size() {
    return values.length;
  }

  public float get(int index) {
    return values[index];
  }

  /** A copy of the components. */
  public float[] toArray() {
    return values.clone();
  }

  /** This latent with component {@code index} replaced. */
  public Latent with(int index, float value) {
    requireFinite(value, index);
    float[] v = values.clone();
    v[index] = value;
    return new Latent(v);
  }

  public Latent add(Latent other) {
    requireSameSize(other);
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i] + other.values[i];
    }
    return checked(v);
  }

  public Latent subtract(Latent other) {
    requireSameSize(other);
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i] - other.values[i];
    }
    return checked(v);
  }

  public Latent scale(double factor) {
    requireFinite(factor, -1);
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (values[i] * factor);
    }
    return checked(v);
  }

  /** Linear interpolation: {@code t = 0} gives this, {@code t = 1} gives {@code other}, both exactly. */
  public Latent lerp(Latent other, double t) {
    requireSameSize(other);
    requireFinite(t, -1);
    Latent endpoint = endpoint(other, t);
    if (endpoint != null) {
      return endpoint;
    }
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (values[i] + (other.values[i] - values[i]) * t);
    }
    return checked(v);
  }

  /**
   * Spherical interpolation, which keeps Gaussian latents near the typical shell where linear interpolation would
   * pass through the low-norm middle. Falls back to {@link #lerp} for (anti)parallel or zero vectors. {@code t = 0}
   * gives this, {@code t = 1} gives {@code other}, both exactly.
   */
  public Latent slerp(Latent other, double t) {
    requireSameSize(other);
    requireFinite(t, -1);
    Latent endpoint = endpoint(other, t);
    if (endpoint != null) {
      return endpoint;
    }
    double na = norm();
    double nb = other.norm();
    if (na == 0 || nb == 0) {
      return lerp(other, t);
    }
    double cos = dot(other) / (na * nb);
    cos = Math.max(-1, Math.min(1, cos));
    double omega = Math.acos(cos);
    double sin = Math.sin(omega);
    if (sin < 1e-6) {
      return lerp(other, t);
    }
    double wa = Math.sin((1 - t) * omega) / sin;
    double wb = Math.sin(t * omega) / sin;
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (wa * values[i] + wb * other.values[i]);
    }
    return checked(v);
  }

  public double dot(Latent other) {
    requireSameSize(other);
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += (double) values[i] * other.values[i];
    }
    return sum;
  }

  /** Euclidean norm; about √size for samples of N(0, I). */
  public double norm() {
    return Math.sqrt(dot(this));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Latent other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Latent" + Arrays.toString(values);
  }

  /** Box–Muller on a SplittableRandom, which (unlike java.util.Random) splits deterministically. */
  private static double nextGaussian(SplittableRandom random) {
    double u1;
    do {
      u1 = random.nextDouble();
    } while (u1 == 0);
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** The endpoint itself at t = 0 or 1: arithmetic would turn −0 into +0 and round a + (b − a) away from b. */
  private @Nullable Latent endpoint(Latent other, double t) {
    return t == 0 ? this : t == 1 ? other : null;
  }

  private static Latent checked(float[] v) {
    for (int i = 0; i < v.length; i++) {
      requireFinite(v[i], i);
    }
    return new Latent(v);
  }

  /** Every method that takes another latent checks it here, so a null one is refused by name. */
  private void requireSameSize(Latent other) {
    Objects.requireNonNull(other, "other");
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "latent sizes differ: " + values.length + " and " + other.values.length);
    }
  }

  private static void requirePositiveSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("latent size must be positive, was " + size);
    }
  }

  private static void requireFinite(double value, int index) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          (index >= 0 ? "latent component " + index : "latent argument") + " is not finite: " + value);
    }
  }
}
