package dev.zoomorph.render;

import java.util.List;
import java.util.Locale;

/**
 * A colour map for one-channel models: evenly spaced colour stops (0xRRGGBB), linearly interpolated from grey value
 * 0 (first stop) to 1 (last stop).
 */
public record Palette(List<Integer> stops) {

  /** Black to white through red and yellow. */
  public static final Palette FIRE = of(0x000000, 0x7a0c02, 0xe34a03, 0xfdb827, 0xffffff);
  /** Deep blue to white through cyan. */
  public static final Palette ICE = of(0x020818, 0x0c3c78, 0x1f9bd0, 0x9be7f2, 0xffffff);
  /** Dark purple to yellow through teal and green, perceptually even. */
  public static final Palette VIRIDIS = of(0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725);

  public Palette {
    stops = List.copyOf(stops);
    if (stops.size() < 2) {
      throw new IllegalArgumentException("a palette needs at least two colour stops, got " + stops.size());
    }
    for (int stop : stops) {
      if ((stop & ~0xffffff) != 0) {
        throw new IllegalArgumentException("palette colour " + Integer.toHexString(stop) + " is not 0xRRGGBB");
      }
    }
  }

  public static Palette of(int... rgbStops) {
    return new Palette(java.util.Arrays.stream(rgbStops).boxed().toList());
  }

  /** "fire", "ice" or "viridis" (any case). */
  public static Palette named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "fire" -> FIRE;
      case "ice" -> ICE;
      case "viridis" -> VIRIDIS;
      default -> throw new IllegalArgumentException("unknown palette '" + name + "'; known: fire, ice, viridis");
    };
  }

  /** The palette sampled at 256 grey levels, RGB bytes (post.frag's 256×1 texture; the state stream sends it). */
  public byte[] table() {
    byte[] rgb = new byte[256 * 3];
    for (int level = 0; level < 256; level++) {
      double position = level / 255.0 * (stops.size() - 1);
      int lower = Math.min((int) position, stops.size() - 2);
      double t = position - lower;
      int a = stops.get(lower);
      int b = stops.get(lower + 1);
      for (int c = 0; c < 3; c++) {
        int shift = 16 - 8 * c;
        double value = ((a >> shift) & 0xff) * (1 - t) + ((b >> shift) & 0xff) * t;
        rgb[level * 3 + c] = (byte) Math.round(value);
      }
    }
    return rgb;
  }
}
