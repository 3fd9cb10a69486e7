package dev.zoomorph.server;

import dev.zoomorph.render.Backend;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --backend auto|gl|cpu}, reporting a bad value as a usage error. */
public final class BackendConverter implements ITypeConverter<Backend> {
  @Override
  public Backend convert(String value) {
    try {
      return Backend.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
