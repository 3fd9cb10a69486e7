package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A linked shader program drawn as one full-screen triangle (see fullscreen.vert). The shader files hold no
 * {@code #version} line: they are the same GLSL for desktop GL 3.3 (here, {@link #VERSION}) and for WebGL2, whose
 * viewer page puts {@code #version 300 es} and precision statements in front of the same files.
 */
final class Program {
  /** What every shader here starts with. */
  static final String VERSION = "#version 330 core\n";

  private final GlObjects objects;
  final int name;

  private Program(GlObjects objects, int name) {
    this.objects = objects;
    this.name = name;
  }

  /** Compiles fullscreen.vert with {@code fragmentResource}; {@code defines} go right after the #version line. */
  static Program fullscreen(GlObjects objects, String fragmentResource, String defines) {
    int vertex = compile(objects, GL_VERTEX_SHADER, "fullscreen.vert", source("fullscreen.vert", ""));
    int fragment;
    try {
      fragment = compile(objects, GL_FRAGMENT_SHADER, fragmentResource, source(fragmentResource, defines));
    } catch (RuntimeException e) {
      objects.deleteShader(vertex);
      throw e;
    }
    int program = objects.program();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    // Shaders are flagged for deletion now; GL frees them with the program.
    glDetachShader(program, vertex);
    glDetachShader(program, fragment);
    objects.deleteShader(vertex);
    objects.deleteShader(fragment);
    if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
      String log = glGetProgramInfoLog(program);
      objects.deleteProgram(program);
      throw new IllegalStateException("linking " + fragmentResource + " failed: " + log);
    }
    return new Program(objects, program);
  }

  void use() {
    glUseProgram(name);
  }

  int uniform(String uniform) {
    return glGetUniformLocation(name, uniform);
  }

  void delete() {
    objects.deleteProgram(name);
  }

  private static int compile(GlObjects objects, int type, String resource, String source) {
    int shader = objects.shader(type);
    glShaderSource(shader, source);
    glCompileShader(shader);
    if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
      String log = glGetShaderInfoLog(shader);
      objects.deleteShader(shader);
      throw new IllegalStateException("compiling " + resource + " failed: " + log);
    }
    return shader;
  }

  private static String source(String resource, String defines) {
    try (InputStream in = Program.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("shader resource " + resource + " is missing from the jar");
      }
      return VERSION + defines + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading shader " + resource, e);
    }
  }
}
