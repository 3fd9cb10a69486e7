package dev.zoomorph.shaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shader files of this module, by name ({@code cppn.frag}, {@code fullscreen.vert}, ...). */
public final class Shaders {

  private Shaders() {}

  /**
   * The text of the shader file {@code name}, read from the classpath beside this class.
   *
   * @throws IllegalStateException if there is no such file
   */
  public static String source(String name) {
    try (InputStream in = Shaders.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("shader " + name + " is missing from the classpath (dev/zoomorph/shaders/)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading shader " + name, e);
    }
  }
}
