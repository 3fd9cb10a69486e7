package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.latent.Latent;
import java.util.Iterator;

/** Recordings of one generator and a latent per frame: the simplest shots, for the recorder's own tests. */
final class Shots {
  private Shots() {}

  /** Runs {@code recorder} on frame k = {@code generator} at the k-th latent. */
  static RecordResult record(Recorder recorder, Generator generator, Iterator<Latent> latents,
      ProgressListener progress) {
    return recorder.run(generator.channels(), new Iterator<>() {
      @Override
      public boolean hasNext() {
        return latents.hasNext();
      }

      @Override
      public Shot next() {
        Latent latent = latents.next();
        return view -> generator.render(latent, view);
      }
    }, progress);
  }
}
