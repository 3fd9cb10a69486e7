package dev.zoomorph.engine.generator;

/**
 * Architecture of a CPPN after Ha, "Generating Large Images from Latent Vectors" (2016). Every CPPN path
 * (CPU generator, GL shader, trainer) computes exactly this, for a pixel whose plane point is (px, py)
 * (see {@link View}) and a latent z:
 *
 * <pre>
 *   x = scale·px,  y = scale·py,  r = √(x² + y²)
 *   h₀ = softplus(x·wx + y·wy + r·wr + (scale·z)·Wz + b0)            // width units
 *   hₖ = tanh(hₖ₋₁·Wₖ + bₖ)            for k = 1 … depth − 1           // width units
 *   out = sigmoid(h_{depth−1}·Wout + bout)                              // channels
 * </pre>
 *
 * The latent term {@code (scale·z)·Wz + b0} is the same for every pixel of a frame, so it is computed once per frame.
 */
public record CppnSpec(int latentSize, int width, int depth, int channels, float scale) {

  /** Ha's CPPN-VAE-GAN generator: latent 32, 4 layers of 128, scale 8, grey. */
  public static final CppnSpec HA = new CppnSpec(32, 128, 4, 1, 8f);
  /** The largest latent, width and depth a CPPN may have (training refuses more, so that what it makes plays). */
  public static final int MAX_LATENT_SIZE = 4096;
  public static final int MAX_WIDTH = 1024;
  public static final int MAX_DEPTH = 16;

  public CppnSpec {
    if (latentSize <= 0 || latentSize > MAX_LATENT_SIZE) {
      throw new IllegalArgumentException("CPPN latent size must be in 1.." + MAX_LATENT_SIZE + ", was " + latentSize);
    }
    if (width <= 0 || width > MAX_WIDTH) {
      throw new IllegalArgumentException("CPPN width must be in 1.." + MAX_WIDTH + ", was " + width);
    }
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("CPPN depth must be in 1.." + MAX_DEPTH + ", was " + depth);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("CPPN channels must be 1 or 3, was " + channels);
    }
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("CPPN scale must be positive and finite, was " + scale);
    }
  }
}
