package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import reactor.core.publisher.Flux;

/**
 * Everything a live show needs: a generator, the latents it follows (usually paced by a frame clock), the view it
 * renders and the size viewers get. The show owns the generator; {@link #close} frees it once the render loop has
 * stopped.
 *
 * @param generator renders each latent; called from one thread only
 * @param latents the trajectory; subscribed once when the show starts, and the render loop takes the newest latent
 *     whenever it is ready for the next frame
 * @param view what part of the plane is shown, at the render size
 * @param output the size viewers get; frames rendered smaller are upscaled (bilinear) when they are encoded
 */
public record Show(Generator generator, Flux<Latent> latents, View view, FrameSize output) implements AutoCloseable {

  /** A show whose frames go out at the size they are rendered. */
  public Show(Generator generator, Flux<Latent> latents, View view) {
    this(generator, latents, view, new FrameSize(view.width(), view.height()));
  }

  @Override
  public void close() {
    generator.close();
  }
}
