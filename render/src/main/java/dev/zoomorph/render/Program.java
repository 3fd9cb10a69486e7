package dev.zoomorph.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.zoomorph.shaders.Shaders;
import org.lwjgl.opengl.GL43C;

/**
 * A linked shader program: drawn as one full-screen triangle (see fullscreen.vert), or a compute shader. The shader
 * files hold no {@code #version} line: they are the same GLSL for desktop GL 3.3 (here, {@link #VERSION}) and for
 * WebGL2, whose viewer page puts {@code #version 300 es} and precision statements in front of the same files.
 */
final class Program {
  /** What every shader here starts with. */
  static final String VERSION = "#version 330 core\n";
  /** What a compute shader starts with: they came with GL 4.3. */
  static final String COMPUTE_VERSION = "#version 430 core\n";

  private final GlObjects objects;
  final int name;

  private Program(GlObjects objects, int name) {
    this.objects = objects;
    this.name = name;
  }

  /** Compiles fullscreen.vert with {@code fragmentResource}; {@code defines} go right after the #version line. */
  static Program fullscreen(GlObjects objects, String fragmentResource, String defines) {
    int vertex = compile(objects, GL_VERTEX_SHADER, "fullscreen.vert", source(VERSION, "", "fullscreen.vert"));
    int fragment;
    try {
      fragment = compile(objects, GL_FRAGMENT_SHADER, fragmentResource, source(VERSION, defines, fragmentResource));
    } catch (RuntimeException e) {
      objects.deleteShader(vertex);
      throw e;
    }
    return link(objects, fragmentResource, vertex, fragment);
  }

  /**
   * Compiles one compute shader from {@code resources}, joined in order after the #version line and
   * {@code defines}; the context must have GL 4.3.
   */
  static Program compute(GlObjects objects, String defines, String... resources) {
    String name = String.join(" + ", resources);
    int shader = compile(objects, GL43C.GL_COMPUTE_SHADER, name, source(COMPUTE_VERSION, defines, resources));
    return link(objects, name, shader);
  }

  private static Program link(GlObjects objects, String name, int... shaders) {
    int program = objects.program();
    for (int shader : shaders) {
      glAttachShader(program, shader);
    }
    glLinkProgram(program);
    // Shaders are flagged for deletion now; GL frees them with the program.
    for (int shader : shaders) {
      glDetachShader(program, shader);
      objects.deleteShader(shader);
    }
    if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
      String log = glGetProgramInfoLog(program);
      objects.deleteProgram(program);
      throw new ShaderBuildException("linking " + name + " failed: " + log);
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
      throw new ShaderBuildException("compiling " + resource + " failed: " + log);
    }
    return shader;
  }

  private static String source(String version, String defines, String... resources) {
    StringBuilder source = new StringBuilder(version).append(defines);
    for (String resource : resources) {
      source.append(Shaders.source(resource));
    }
    return source.toString();
  }

}
