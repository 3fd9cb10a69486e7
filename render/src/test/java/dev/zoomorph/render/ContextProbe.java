package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.Generator;

/**
 * Run by {@link ContextFallbackTest} in a child JVM with a crippled environment: prints the context the GL path
 * got (or its error), and what {@link Backend#AUTO} chose.
 */
public final class ContextProbe {
  private ContextProbe() {}

  public static void main(String[] args) {
    CppnWeights weights = CppnWeights.random(new CppnSpec(2, 4, 2, 1, 4f), 1);
    try (GlGenerator gl = GlGenerator.cppn(weights, PostProcessing.NONE)) {
      System.out.println("context: " + gl.device().description());
    } catch (GlUnavailableException e) {
      System.out.println("unavailable: " + e.getMessage());
    }
    System.out.println("auto chose: " + (RenderBackends.usesGl(Backend.AUTO) ? "gl" : "cpu"));
  }
}
