package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import reactor.core.publisher.Flux;

/**
 * Everything a live show needs: a generator, the latents it follows (usually paced by a frame clock) and the view it
 * renders. The show owns the generator; {@link #close} frees it once the render loop has stopped.
 *
 * @param generator renders each latent; called from one thread only
 * @param latents the trajectory; subscribed once when the show starts, and the render loop takes the newest latent
 *     whenever it is ready for the next frame
 * @param view what part of the plane is shown, at the render size
 */
public record Show(Generator generator, Flux<Latent> latents, View view) implements AutoCloseable {

  @Override
  public void close() {
    generator.close();
  }
}
