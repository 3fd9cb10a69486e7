package dev.zoomorph.output;

import dev.zoomorph.engine.generator.View;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A frame size as given on the command line: {@code WIDTHxHEIGHT}, each side 1 … {@link View#MAX_SIDE}. */
public record FrameSize(int width, int height) {

  public FrameSize {
    if (width <= 0 || height <= 0 || width > View.MAX_SIDE || height > View.MAX_SIDE) {
      throw new IllegalArgumentException("each side must be between 1 and " + View.MAX_SIDE + ", was "
          + width + "x" + height);
    }
  }

  public static FrameSize parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 512x512, was '" + text + "'");
    }
    try {
      return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 512x512, was '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }

  /** Lets picocli report a bad size as a usage error naming the value. */
  public static final class Converter implements ITypeConverter<FrameSize> {
    @Override
    public FrameSize convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
