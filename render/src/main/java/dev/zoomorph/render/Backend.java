package dev.zoomorph.render;

import java.util.Locale;

/** Which path renders a CPPN. */
public enum Backend {
  /** The faster of the two on this machine: the shader on a GPU, the CPU on a software renderer or without GL. */
  AUTO,
  /** The fragment-shader CPPN on the GL device (DCGAN frames are uploaded to it). */
  GL,
  /** The CPU: the CPPN on oneDNN ({@code CppnGenerator}), the other models on TensorFlow. */
  CPU;

  /** Parses "auto", "gl" or "cpu" (any case), as given on the command line. */
  public static Backend parse(String name) {
    for (Backend backend : values()) {
      if (backend.name().equalsIgnoreCase(name.trim())) {
        return backend;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + name + "'; use auto, gl or cpu");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
