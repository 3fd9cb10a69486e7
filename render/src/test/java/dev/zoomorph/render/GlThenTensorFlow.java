package dev.zoomorph.render;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.show.Scene;

/**
 * Run by {@link NativeLoadOrderTest} in a child JVM: what a show that falls back from GL to TensorFlow does, a GL
 * frame first, then a TensorFlow one.
 */
public final class GlThenTensorFlow {
  private GlThenTensorFlow() {}

  public static void main(String[] args) {
    Scene frame = Layers.alone(Layers.layer(new ModelSpec.RandomCppn(3, 4, 8, 3, 3, 6f), Latent.gaussian(4, 1),
        PostSpec.NONE));
    try (FrameRenderer gl = FrameRenderer.on(Backend.GL)) {
      gl.render(frame, 32, 32);
      System.out.println("gl frame");
      try (FrameRenderer tensorFlow = FrameRenderer.on(Backend.CPU)) {
        tensorFlow.render(frame, 32, 32);
        System.out.println("tensorflow frame");
      }
    }
  }
}
